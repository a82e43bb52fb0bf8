/**
 * FAQ and experience proposals (issue 18, part 2): a solved question thread proposed by its
 * community's moderators or an editor, reviewed and published by editors; `GET /api/faq` lists
 * published entries only, each with its `threadId`, searched ignoring accents; every read goes
 * through the thread's gate (a thread hidden later, a post deleted, a community turned private:
 * the entry leaves the list for those who may no longer read it). A solved thread proposed as an
 * experience becomes a real record linked back to the thread.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultRateLimits } from '../../server/config.ts';
import { registerUser } from '../helpers/accounts.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { as, buildWorld, replyTo, startThread, type World } from '../helpers/forums.ts';

let t: TestApp;
let w: World;
let other: World;
let editor: Awaited<ReturnType<typeof registerUser>>;

beforeAll(async () => {
  t = await buildTestApp({ rateLimits: { ...defaultRateLimits(), register: { max: 1000, windowMs: 60_000 } } });
  w = await buildWorld(t.app);
  other = await buildWorld(t.app, { admin: w.admin });
  editor = await registerUser(t.app);
  const made = await as(t.app, w.admin).patch(`/api/users/${editor.user.id}/role`, { role: 'editor' });
  expect(made.statusCode).toBe(200);
});
afterAll(async () => {
  await t?.app.close();
});

/** A question in the world's forum, answered by the moderator, the answer accepted by the asker. */
async function solvedQuestion(world: World, title = '¿Cómo organizan la formación dual en logística?', answer = `Con **acuerdos de aprendizaje** entre el centro y la empresa; la evaluación es conjunta (${title}).`) {
  const { thread } = await startThread(t.app, world.member, world.forumId, { title, body: `Buscamos experiencias de alternancia: ${title}`, kind: 'question', language: 'es' });
  const reply = await replyTo(t.app, world.moderator, thread.id, answer);
  const accepted = await as(t.app, world.member).post(`/api/threads/${thread.id}/accept`, { postId: reply.id });
  expect(accepted.statusCode).toBe(200);
  return { threadId: thread.id, answerId: reply.id };
}

const listed = async (account: World['member'] | null, query = '') =>
  ((await as(t.app, account).get(`/api/faq${query}`)).json().items as { id: number; threadId: number; question: string }[]);

describe('FAQ proposals', () => {
  it('lets the community moderators and editors propose; a member gets 403, a moderator elsewhere 403, anonymous 401', async () => {
    const { threadId } = await solvedQuestion(w);
    expect((await as(t.app, null).post('/api/faq/proposals', { threadId })).statusCode).toBe(401);
    const byMember = await as(t.app, w.member).post('/api/faq/proposals', { threadId });
    expect(byMember.statusCode).toBe(403);
    const byOtherModerator = await as(t.app, other.moderator).post('/api/faq/proposals', { threadId });
    expect(byOtherModerator.statusCode).toBe(403);
    const byModerator = await as(t.app, w.moderator).post('/api/faq/proposals', { threadId });
    expect(byModerator.statusCode).toBe(201);
    expect(byModerator.json().item).toMatchObject({ threadId, status: 'proposed', question: '¿Cómo organizan la formación dual en logística?' });
    expect(byModerator.json().item.answerHtml).toContain('<strong>acuerdos de aprendizaje</strong>');

    const { threadId: second } = await solvedQuestion(w, '¿Qué plataforma usan para cursos virtuales?');
    expect((await as(t.app, editor).post('/api/faq/proposals', { threadId: second })).statusCode).toBe(201);
  });

  it('refuses an unsolved thread with a message, a thread twice with 409, a private community with a 4xx, a missing thread with 404', async () => {
    const { thread } = await startThread(t.app, w.member, w.forumId, { title: '¿Alguien usa simuladores de soldadura?', kind: 'question' });
    const unsolved = await as(t.app, editor).post('/api/faq/proposals', { threadId: thread.id });
    expect(unsolved.statusCode).toBe(400);
    expect(unsolved.json().error).toMatchObject({ code: 'THREAD_NOT_SOLVED', field: 'threadId' });
    expect(unsolved.json().error.message).toMatch(/acept/i);

    const { threadId } = await solvedQuestion(w, '¿Cómo certifican competencias laborales?');
    expect((await as(t.app, editor).post('/api/faq/proposals', { threadId })).statusCode).toBe(201);
    const twice = await as(t.app, w.moderator).post('/api/faq/proposals', { threadId });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('FAQ_ALREADY_PROPOSED');

    const priv = await buildWorld(t.app, { visibility: 'private', admin: w.admin });
    const secret = await solvedQuestion(priv, '¿Cuánto cobran por la certificación?');
    const refused = await as(t.app, priv.moderator).post('/api/faq/proposals', { threadId: secret.threadId });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.code).toBe('PROPOSAL_COMMUNITY_PRIVATE');
    // An editor who cannot read the private thread learns nothing about it.
    expect((await as(t.app, editor).post('/api/faq/proposals', { threadId: secret.threadId })).statusCode).toBe(404);
    expect((await as(t.app, editor).post('/api/faq/proposals', { threadId: 999_999 })).statusCode).toBe(404);
  });
});

describe('FAQ end to end', () => {
  it('propose → edit → publish → listed with threadId (published only), searched ignoring accents, by topic; unpublish takes it out', async () => {
    const { threadId } = await solvedQuestion(w, '¿Qué es la evaluación por competencias?', 'Es una evaluación de **desempeño** en situación real de trabajo.');
    const proposed = (await as(t.app, w.moderator).post('/api/faq/proposals', { threadId })).json().item as { id: number };
    expect((await listed(null)).some((e) => e.threadId === threadId)).toBe(false);
    // Not published: a reader gets 404, and only editors may publish.
    expect((await as(t.app, w.member).get(`/api/faq/${proposed.id}`)).statusCode).toBe(404);
    expect((await as(t.app, w.moderator).post(`/api/faq/${proposed.id}/publish`)).statusCode).toBe(403);

    const queue = (await as(t.app, editor).get('/api/faq/proposals')).json().items as { id: number; answer: string }[];
    expect(queue.find((e) => e.id === proposed.id)?.answer).toContain('**desempeño**');
    expect((await as(t.app, w.member).get('/api/faq/proposals')).statusCode).toBe(403);

    const edited = await as(t.app, editor).patch(`/api/faq/${proposed.id}`, {
      question: '¿Qué es la evaluación por competencias laborales?',
      answer: 'Es la evaluación del **desempeño** en situación real de trabajo, con evidencias y una rúbrica.',
      topic: 'theme:rpl',
    });
    expect(edited.statusCode).toBe(200);
    expect(edited.json().item.topic).toMatchObject({ scheme: 'theme', code: 'rpl' });
    const badTopic = await as(t.app, editor).patch(`/api/faq/${proposed.id}`, { topic: 'theme:nada' });
    expect(badTopic.statusCode).toBe(400);
    expect(badTopic.json().error.code).toBe('FAQ_TOPIC_UNKNOWN');

    const published = await as(t.app, editor).post(`/api/faq/${proposed.id}/publish`);
    expect(published.statusCode).toBe(200);
    expect(published.json().item.status).toBe('published');

    const all = await listed(null);
    const entry = all.find((e) => e.id === proposed.id);
    expect(entry).toMatchObject({ threadId, question: '¿Qué es la evaluación por competencias laborales?' });
    expect(all.every((e) => e.id === proposed.id || e.threadId !== threadId)).toBe(true);
    // Only published ones: the other proposals of this file are not listed.
    const statuses = (await as(t.app, null).get('/api/faq')).json().items.map((e: { status: string }) => e.status);
    expect(new Set(statuses)).toEqual(new Set(['published']));
    // Readers never get the Markdown sources.
    expect((await as(t.app, null).get('/api/faq')).json().items[0].answer).toBeUndefined();

    expect((await listed(null, '?q=rubrica EVALUACION')).map((e) => e.id)).toContain(proposed.id);
    expect((await listed(null, '?q=desempeno')).map((e) => e.id)).toContain(proposed.id);
    expect((await listed(null, '?q=soldadura')).map((e) => e.id)).not.toContain(proposed.id);
    expect((await listed(null, '?topic=rpl')).map((e) => e.id)).toEqual([proposed.id]);
    expect((await listed(null, '?topic=theme:ict')).map((e) => e.id)).toEqual([]);

    // The page is offered to crawlers once something is published there.
    const index = (await t.app.inject({ method: 'GET', url: '/sitemap.xml' })).body;
    expect(index).toContain('/sitemaps/faq-1.xml');
    expect((await t.app.inject({ method: 'GET', url: '/sitemaps/faq-1.xml' })).body).toMatch(/<loc>[^<]*\/faq<\/loc>/);

    const unpublished = await as(t.app, editor).post(`/api/faq/${proposed.id}/unpublish`);
    expect(unpublished.json().item.status).toBe('unpublished');
    expect((await listed(null)).map((e) => e.id)).not.toContain(proposed.id);
    await as(t.app, editor).post(`/api/faq/${proposed.id}/publish`);
    expect((await listed(null)).map((e) => e.id)).toContain(proposed.id);
  });

  it('an editor rejects a proposal: it never lists', async () => {
    const { threadId } = await solvedQuestion(w, '¿Cómo se mide la productividad en talleres?');
    const proposed = (await as(t.app, w.moderator).post('/api/faq/proposals', { threadId })).json().item as { id: number };
    const rejected = await as(t.app, editor).post(`/api/faq/${proposed.id}/reject`);
    expect(rejected.json().item.status).toBe('rejected');
    expect((await listed(null)).map((e) => e.threadId)).not.toContain(threadId);
    const rejectedQueue = (await as(t.app, editor).get('/api/faq/proposals?status=rejected')).json().items.map((e: { id: number }) => e.id);
    expect(rejectedQueue).toContain(proposed.id);
  });
});

describe('FAQ leaks', () => {
  async function publishedEntry(world: World, title: string) {
    const solved = await solvedQuestion(world, title);
    const { id } = (await as(t.app, world.moderator).post('/api/faq/proposals', { threadId: solved.threadId })).json().item;
    expect((await as(t.app, editor).post(`/api/faq/${id}/publish`)).statusCode).toBe(200);
    expect((await listed(null)).map((e) => e.id)).toContain(id);
    return { ...solved, id };
  }

  it('an entry whose thread is now hidden leaves the list and its page for everyone but moderators', async () => {
    const entry = await publishedEntry(w, '¿Cómo financian la formación continua?');
    expect((await as(t.app, w.moderator).post(`/api/threads/${entry.threadId}/moderation`, { hidden: true })).statusCode).toBe(200);
    expect((await listed(null)).map((e) => e.id)).not.toContain(entry.id);
    expect((await listed(w.member)).map((e) => e.id)).not.toContain(entry.id);
    expect((await as(t.app, null).get(`/api/faq/${entry.id}`)).statusCode).toBe(404);
  });

  it('an entry whose accepted answer was deleted or hidden leaves the list', async () => {
    const entry = await publishedEntry(w, '¿Cómo evalúan a los instructores?');
    expect((await as(t.app, w.moderator).post(`/api/posts/${entry.answerId}/moderation`, { hidden: true })).statusCode).toBe(200);
    expect((await listed(null)).map((e) => e.id)).not.toContain(entry.id);
  });

  it('an entry from a community that turned private shows only to its members', async () => {
    const world = await buildWorld(t.app, { admin: w.admin });
    const entry = await publishedEntry(world, '¿Qué normas de calidad aplican a la formación?');
    const turned = await as(t.app, w.admin).patch(`/api/communities/${world.slug}`, { visibility: 'private' });
    expect(turned.statusCode).toBe(200);
    expect((await listed(null)).map((e) => e.id)).not.toContain(entry.id);
    expect((await listed(world.outsider)).map((e) => e.id)).not.toContain(entry.id);
    expect((await as(t.app, world.outsider).get(`/api/faq/${entry.id}`)).statusCode).toBe(404);
    expect((await listed(world.member)).map((e) => e.id)).toContain(entry.id);
  });
});

describe('experience proposals', () => {
  it('a solved thread proposed as an experience, edited and published by an editor: a real record linked back to the thread', async () => {
    const institutionId = (await as(t.app, null).get('/api/institutions?limit=1')).json().items[0].id as number;
    await as(t.app, w.moderator).patch('/api/me', { countryCode: 'UY', institutionId });
    const { threadId, answerId } = await solvedQuestion(w, '¿Cómo implementaron la formación dual en logística?', 'En 2022 firmamos acuerdos con 14 empresas de logística; 120 aprendices se formaron en alternancia.');
    expect((await as(t.app, w.member).post('/api/experiences/proposals', { threadId })).statusCode).toBe(403);
    const proposed = await as(t.app, w.moderator).post('/api/experiences/proposals', { threadId });
    expect(proposed.statusCode).toBe(201);
    const item = proposed.json().item;
    expect(item).toMatchObject({ threadId, status: 'proposed', experienceId: null });
    expect(item.draft).toMatchObject({
      title: '¿Cómo implementaron la formación dual en logística?',
      summary: 'Buscamos experiencias de alternancia: ¿Cómo implementaron la formación dual en logística?',
      countryCode: 'UY',
      institutionId,
      languages: ['es'],
    });
    expect(item.draft.results).toContain('120 aprendices');
    expect((await as(t.app, w.moderator).post('/api/experiences/proposals', { threadId })).statusCode).toBe(409);

    // No theme yet: publishing says which field is missing.
    const missing = await as(t.app, editor).post(`/api/experiences/proposals/${item.id}/publish`);
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error).toMatchObject({ code: 'FIELD_REQUIRED', field: 'theme' });
    expect((await as(t.app, editor).patch(`/api/experiences/proposals/${item.id}`, { colour: 'red' })).statusCode).toBe(400);
    const edited = await as(t.app, editor).patch(`/api/experiences/proposals/${item.id}`, { theme: 'dual', title: 'Formación dual en logística con 14 empresas' });
    expect(edited.statusCode).toBe(200);
    const queue = (await as(t.app, editor).get('/api/experiences/proposals')).json().items.map((p: { id: number }) => p.id);
    expect(queue).toContain(item.id);

    expect((await as(t.app, w.moderator).post(`/api/experiences/proposals/${item.id}/publish`)).statusCode).toBe(403);
    const published = await as(t.app, editor).post(`/api/experiences/proposals/${item.id}/publish`);
    expect(published.statusCode).toBe(200);
    const experienceId = published.json().item.experienceId as number;
    expect(published.json().item.status).toBe('published');

    const record = await as(t.app, null).get(`/api/experiences/${experienceId}`);
    expect(record.statusCode).toBe(200);
    expect(record.json().item).toMatchObject({ title: 'Formación dual en logística con 14 empresas', countryCode: 'UY' });
    expect(record.json().backlinks).toEqual([expect.objectContaining({ threadId, postId: answerId })]);
    // A normal record: it has its revision.
    const revisions = await as(t.app, null).get(`/api/experiences/${experienceId}/revisions`);
    expect(revisions.statusCode).toBe(200);
    expect(revisions.json().items?.length ?? revisions.json().length).toBeGreaterThan(0);

    // The link back goes through the thread's gate: a hidden thread is no backlink.
    await as(t.app, w.moderator).post(`/api/threads/${threadId}/moderation`, { hidden: true });
    expect((await as(t.app, null).get(`/api/experiences/${experienceId}`)).json().backlinks).toEqual([]);
  });

  it('the thread page learns what became of its proposals (moderators and editors only)', async () => {
    const { threadId } = await solvedQuestion(w, '¿Qué perfiles ocupacionales usan en logística?');
    await as(t.app, w.moderator).post('/api/faq/proposals', { threadId });
    const seen = await as(t.app, editor).get(`/api/threads/${threadId}/proposals`);
    expect(seen.json()).toMatchObject({ faq: { status: 'proposed' }, experience: null });
    expect((await as(t.app, w.member).get(`/api/threads/${threadId}/proposals`)).statusCode).toBe(403);
  });
});
