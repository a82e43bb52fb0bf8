/**
 * Read tracking in every list (issue 16, part 1): the forum's list, the community page (its
 * recent threads and its forums' counts), the communities list and search carry a signed-in
 * reader's `unread` and `isNew`; muted threads never count; "mark all read" per forum and per
 * community goes through the lists' own gate; a private forum counts for nobody outside it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { as, buildWorld, replyTo, startThread, type World } from '../helpers/forums.ts';

let t: TestApp;
let w: World;
let priv: World;

beforeAll(async () => {
  t = await buildTestApp();
  w = await buildWorld(t.app);
  priv = await buildWorld(t.app, { visibility: 'private', admin: w.admin });
});
afterAll(async () => {
  await t?.app.close();
});

type Row = { id: number; unread?: number; isNew?: boolean };
const forumRows = async (account: World['member'] | null, forumId = w.forumId): Promise<Row[]> =>
  (await as(t.app, account).get(`/api/forums/${forumId}/threads`)).json().items;
const rowOf = async (account: World['member'] | null, threadId: number, forumId = w.forumId) =>
  (await forumRows(account, forumId)).find((r) => r.id === threadId);
const forumCounts = async (account: World['member'], world = w) => {
  const detail = (await as(t.app, account).get(`/api/communities/${world.slug}`)).json();
  const forum = detail.forums.find((f: { id: number }) => f.id === world.forumId);
  return { unread: forum.unreadThreads, new: forum.newThreads, recent: detail.recent as Row[] };
};
const communityCounts = async (account: World['member'], slug = w.slug) => {
  const list = (await as(t.app, account).get(`/api/communities?limit=100`)).json();
  const item = list.items.find((c: { slug: string }) => c.slug === slug);
  return item && { unread: item.unreadThreads, new: item.newThreads };
};

describe('read state in thread lists', () => {
  it('shows new threads and unread posts on the forum list, the community page and search, and nothing for visitors', async () => {
    const before = await forumCounts(w.member);
    const read = await startThread(t.app, w.moderator, w.forumId, { title: 'Certificación de competencias laborales andinas' });
    const fresh = await startThread(t.app, w.moderator, w.forumId, { title: 'Simuladores de soldadura en talleres rurales' });
    expect(await rowOf(w.member, fresh.thread.id)).toMatchObject({ unread: 0, isNew: true });

    await as(t.app, w.member).post(`/api/threads/${read.thread.id}/read`, { postNumber: 1 });
    for (let i = 1; i <= 3; i++) await replyTo(t.app, w.moderator, read.thread.id, `Respuesta ${i} sobre certificación andina`);
    expect(await rowOf(w.member, read.thread.id)).toMatchObject({ unread: 3, isNew: false });
    // The author wrote every post: read through, never new.
    expect(await rowOf(w.moderator, read.thread.id)).toMatchObject({ unread: 0, isNew: false });
    expect(await rowOf(w.moderator, fresh.thread.id)).toMatchObject({ unread: 0, isNew: false });

    const visitorRow = await rowOf(null, read.thread.id);
    expect(visitorRow).toBeDefined();
    expect(visitorRow).not.toHaveProperty('unread');
    expect(visitorRow).not.toHaveProperty('isNew');

    const after = await forumCounts(w.member);
    expect(after.unread).toBe(before.unread + 1);
    expect(after.new).toBe(before.new + 1);
    expect(after.recent.find((r) => r.id === read.thread.id)).toMatchObject({ unread: 3, isNew: false });
    expect(after.recent.find((r) => r.id === fresh.thread.id)).toMatchObject({ unread: 0, isNew: true });
    expect(await communityCounts(w.member)).toEqual({ unread: after.unread, new: after.new });

    const visitorDetail = (await as(t.app, null).get(`/api/communities/${w.slug}`)).json();
    expect(visitorDetail.forums[0]).not.toHaveProperty('unreadThreads');
    expect(visitorDetail.recent[0]).not.toHaveProperty('unread');

    const hits = (await as(t.app, w.member).get('/api/search?q=certificación%20andina&type=thread')).json().items as (Row & { type: string })[];
    expect(hits.find((h) => h.type === 'thread' && h.id === read.thread.id)).toMatchObject({ unread: 3, isNew: false });
    const visitorHits = (await as(t.app, null).get('/api/search?q=certificación%20andina&type=thread')).json().items;
    expect(visitorHits.length).toBeGreaterThan(0);
    expect(visitorHits[0]).not.toHaveProperty('unread');
  });

  it('never counts a muted thread, and counts it again when unmuted', async () => {
    const { thread } = await startThread(t.app, w.moderator, w.forumId, { title: 'Tema ruidoso sobre horarios de taller' });
    await as(t.app, w.member).post(`/api/threads/${thread.id}/read`, { postNumber: 1 });
    await replyTo(t.app, w.moderator, thread.id, 'Otra opinión sobre los horarios');
    const counted = await forumCounts(w.member);
    expect(await rowOf(w.member, thread.id)).toMatchObject({ unread: 1 });

    await as(t.app, w.member).post(`/api/threads/${thread.id}/watch`, { level: 'muted' });
    expect(await rowOf(w.member, thread.id)).toMatchObject({ unread: 0, isNew: false });
    expect((await forumCounts(w.member)).unread).toBe(counted.unread - 1);

    await as(t.app, w.member).post(`/api/threads/${thread.id}/watch`, { level: 'none' });
    expect((await forumCounts(w.member)).unread).toBe(counted.unread);
  });

  it('marks every thread of a forum, then of a community, read', async () => {
    const a = await startThread(t.app, w.moderator, w.forumId, { title: 'Evaluación de aprendizajes en alternancia' });
    await startThread(t.app, w.moderator, w.forumId, { title: 'Nuevos perfiles ocupacionales de turismo' });
    await as(t.app, w.member).post(`/api/threads/${a.thread.id}/read`, { postNumber: 1 });
    await replyTo(t.app, w.moderator, a.thread.id, 'Respuesta sobre alternancia');
    expect((await forumCounts(w.member)).unread).toBeGreaterThan(0);

    const marked = await as(t.app, w.member).post(`/api/forums/${w.forumId}/read`);
    expect(marked.statusCode).toBe(200);
    expect(marked.json().marked).toBeGreaterThanOrEqual(2);
    expect(await forumCounts(w.member)).toMatchObject({ unread: 0, new: 0 });
    expect((await forumRows(w.member)).every((r) => r.unread === 0 && r.isNew === false)).toBe(true);
    expect((await as(t.app, w.member).get(`/api/threads/${a.thread.id}`)).json().lastRead).toBe(2);
    // Nothing left: marking again moves nothing.
    expect((await as(t.app, w.member).post(`/api/forums/${w.forumId}/read`)).json()).toEqual({ marked: 0 });

    await replyTo(t.app, w.moderator, a.thread.id, 'Otra respuesta sobre alternancia');
    await startThread(t.app, w.moderator, w.forumId, { title: 'Formación dual en la industria del cuero' });
    expect(await communityCounts(w.member)).toEqual({ unread: 1, new: 1 });
    expect((await as(t.app, w.member).post(`/api/communities/${w.slug}/read`)).json()).toEqual({ marked: 2 });
    expect(await communityCounts(w.member)).toEqual({ unread: 0, new: 0 });
  });

  it('keeps a private forum out of outsiders\' counts and answers 404 to their mark-all-read', async () => {
    const { thread } = await startThread(t.app, priv.moderator, priv.forumId, { title: 'Convenio reservado de formación' });
    await replyTo(t.app, priv.moderator, thread.id, 'Detalle reservado del convenio');
    expect(await communityCounts(priv.member, priv.slug)).toMatchObject({ new: 1 });

    // Outsiders: no community in their list, a 404 like a missing one everywhere else.
    expect(await communityCounts(w.outsider, priv.slug)).toBeUndefined();
    const forum = await as(t.app, w.outsider).post(`/api/forums/${priv.forumId}/read`);
    expect(forum.statusCode).toBe(404);
    expect(forum.json().error.code).toBe((await as(t.app, w.outsider).post(`/api/forums/99999999/read`)).json().error.code);
    const community = await as(t.app, w.outsider).post(`/api/communities/${priv.slug}/read`);
    expect(community.statusCode).toBe(404);
    expect(community.json().error.code).toBe((await as(t.app, w.outsider).post(`/api/communities/no-existe/read`)).json().error.code);
    expect((await as(t.app, null).post(`/api/forums/${w.forumId}/read`)).statusCode).toBe(401);

    // A signed-in reader of a public community they are not in: thread fields, but no counts of "their" threads.
    expect((await forumRows(w.outsider))[0]).toHaveProperty('unread');
    expect(await communityCounts(w.outsider)).toEqual({ unread: undefined, new: undefined });
    const detail = (await as(t.app, w.outsider).get(`/api/communities/${w.slug}`)).json();
    expect(detail.forums[0]).not.toHaveProperty('unreadThreads');
  });
});
