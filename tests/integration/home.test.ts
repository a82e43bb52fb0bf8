/**
 * The member's home (issue 16, part 2): `GET /api/home` serves every list's first page, and
 * `/api/home/:list` pages one list. Latest, unread and new are across the member's communities
 * and agree with `POST /api/threads/:id/read`; top counts the period's posts; questions are those
 * addressed to the member's specialist record or asking for their expertise; workshops are live
 * first; knowledge is in their countries; "mine" is their threads with replies they have not read.
 * Every list reads through the API's gate: a private community's thread never reaches an
 * outsider, a hidden thread only its moderators. A visitor gets the public home.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerUser } from '../helpers/accounts.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { as, buildWorld, replyTo, startThread, type World } from '../helpers/forums.ts';
import { openWorkshop, scheduleWorkshop } from '../helpers/workshops.ts';

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

type Account = World['member'];
type Item = { id: number; title: string; unread?: number; isNew?: boolean; community: { slug: string }; hidden: boolean };
const home = async (account: Account | null, query = '') => {
  const response = await as(t.app, account).get(`/api/home${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
};
const ids = (list: { items: { id: number }[] }) => list.items.map((i) => i.id);
const read = (account: Account, threadId: number, postNumber: number) => as(t.app, account).post(`/api/threads/${threadId}/read`, { postNumber });

describe('the member home', () => {
  it('lists latest, unread and new across the member’s communities, coherent with reading, and pages them', async () => {
    const reader = await registerUser(t.app);
    await as(t.app, reader).post(`/api/communities/${w.slug}/join`);
    const a = (await startThread(t.app, w.moderator, w.forumId, { title: 'Tutorías en la empresa' })).thread;
    const b = (await startThread(t.app, w.moderator, w.forumId, { title: 'Rúbricas de evaluación' })).thread;
    const c = (await startThread(t.app, w.moderator, w.forumId, { title: 'Formación de formadores' })).thread;
    // A public community the reader is not in: not theirs, so not in their lists.
    const elsewhere = await buildWorld(t.app, { admin: w.admin });
    const other = (await startThread(t.app, elsewhere.moderator, elsewhere.forumId, { title: 'Tema de otra comunidad' })).thread;

    let answer = await home(reader);
    expect(answer.signedIn).toBe(true);
    expect(ids(answer.latest).slice(0, 3)).toEqual([c.id, b.id, a.id]);
    expect(ids(answer.latest)).not.toContain(other.id);
    expect(answer.latest.items[0]).toMatchObject({ community: { slug: w.slug, name: expect.any(String) }, forum: { id: w.forumId, name: 'General' }, isNew: true, unread: 0 });
    expect(ids(answer.new)).toEqual(expect.arrayContaining([a.id, b.id, c.id]));
    expect(answer.unread.items).toEqual([]);

    // Reading a thread takes it out of "new"; a reply after that puts it in "unread".
    expect((await read(reader, a.id, 1)).statusCode).toBe(200);
    await replyTo(t.app, w.member, a.id, 'Una respuesta nueva');
    await replyTo(t.app, w.member, a.id, 'Y otra más');
    answer = await home(reader);
    expect(ids(answer.new)).not.toContain(a.id);
    expect(answer.unread.items).toHaveLength(1);
    expect(answer.unread.items[0]).toMatchObject({ id: a.id, unread: 2, isNew: false });
    expect(ids(answer.latest)[0]).toBe(a.id);
    expect((await read(reader, a.id, 3)).json()).toEqual({ lastRead: 3, unread: 0 });
    expect((await home(reader)).unread.items).toEqual([]);

    // Muted threads never count.
    await read(reader, b.id, 1);
    await replyTo(t.app, w.member, b.id, 'Respuesta en un tema silenciado');
    expect(ids((await home(reader)).unread)).toEqual([b.id]);
    expect((await as(t.app, reader).post(`/api/threads/${b.id}/watch`, { level: 'muted' })).statusCode).toBe(200);
    expect((await home(reader)).unread.items).toEqual([]);
    expect(ids((await home(reader)).new)).not.toContain(b.id);

    // Pages: two at a time, no repeats, the same order as the whole list.
    const whole = ids((await as(t.app, reader).get('/api/home/latest?limit=50')).json());
    const seen: number[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const response = await as(t.app, reader).get(`/api/home/latest?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(response.statusCode).toBe(200);
      const page = response.json();
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...ids(page));
      cursor = page.nextCursor;
    }
    expect(seen).toEqual(whole);
    expect(whole.length).toBeGreaterThanOrEqual(3);
    expect((await as(t.app, reader).get('/api/home/latest?cursor=nonsense')).statusCode).toBe(400);
    expect((await as(t.app, reader).get('/api/home/everything')).statusCode).toBe(400);
    expect((await as(t.app, reader).get('/api/home?period=year')).statusCode).toBe(400);
  });

  it('never shows a private community’s thread to a non-member, nor a hidden thread but to its moderators', async () => {
    const secret = (await startThread(t.app, priv.moderator, priv.forumId, { title: 'Convenio reservado' })).thread;
    const hidden = (await startThread(t.app, w.member, w.forumId, { title: 'Tema que se ocultará' })).thread;
    expect((await as(t.app, w.moderator).post(`/api/threads/${hidden.id}/moderation`, { hidden: true })).statusCode).toBe(200);
    // The outsider joins the public community only, and wrote in the hidden thread before.
    await as(t.app, w.outsider).post(`/api/communities/${w.slug}/join`);

    const lists = ['latest', 'unread', 'new', 'top', 'questions', 'mine'] as const;
    for (const account of [w.outsider, w.member, null]) {
      const answer = await home(account, '?period=month&limit=50');
      for (const list of lists) {
        expect(ids(answer[list]), `${list}`).not.toContain(secret.id);
        expect(ids(answer[list]), `${list}`).not.toContain(hidden.id);
      }
      for (const list of lists) {
        const page = (await as(t.app, account).get(`/api/home/${list}?limit=100&period=month`)).json();
        expect(ids(page)).not.toContain(secret.id);
        expect(ids(page)).not.toContain(hidden.id);
      }
    }
    // Its community's members see the private thread; the moderator sees the hidden one, marked.
    expect(ids((await home(priv.member)).latest)).toContain(secret.id);
    const moderated = (await home(w.moderator, '?limit=50')).latest.items.find((i: Item) => i.id === hidden.id);
    expect(moderated).toMatchObject({ hidden: true });
  });

  it('ranks top by the period’s posts, lists the member’s threads with new replies, and says what the empty lists need', async () => {
    const author = await registerUser(t.app);
    await as(t.app, author).post(`/api/communities/${w.slug}/join`);
    const busy = (await startThread(t.app, author, w.forumId, { title: 'Tema muy activo' })).thread;
    const calm = (await startThread(t.app, author, w.forumId, { title: 'Tema tranquilo' })).thread;
    for (let i = 0; i < 3; i++) await replyTo(t.app, w.member, busy.id, `Respuesta ${i}`);
    await replyTo(t.app, w.member, calm.id, 'Una sola respuesta');

    const answer = await home(author, '?period=day&limit=50');
    expect(answer.period).toBe('day');
    const top = ids(answer.top);
    expect(top.indexOf(busy.id)).toBeGreaterThanOrEqual(0);
    expect(top.indexOf(busy.id)).toBeLessThan(top.indexOf(calm.id));
    expect(answer.top.items.find((i: Item) => i.id === busy.id).activity).toEqual({ posts: 4, reactions: 0 });
    // Their own threads with replies after their place: both, most recent first.
    expect(ids(answer.mine)).toEqual([calm.id, busy.id]);
    await read(author, calm.id, 99);
    expect(ids((await home(author)).mine)).toEqual([busy.id]);
    const page = (await as(t.app, author).get('/api/home/top?period=day&limit=1')).json();
    expect(page.items).toHaveLength(1);
    const second = (await as(t.app, author).get(`/api/home/top?period=day&limit=1&cursor=${page.nextCursor}`)).json();
    expect(ids(second)).not.toEqual(ids(page));

    // Someone in no community: empty lists, and the counts the page needs to say what to do.
    const lonely = await registerUser(t.app);
    const nothing = await home(lonely);
    expect(nothing).toMatchObject({ communities: 0, specialist: false, latest: { items: [], nextCursor: null }, questions: { items: [] } });
  });

  it('lists open questions addressed to the specialist or asking for their expertise', async () => {
    const expert = await registerUser(t.app);
    const created = await as(t.app, w.admin).post('/api/specialists', { name: 'Marta Quispe', expertise: ['dual'], languages: ['es'], summary: 'Formación dual.', availability: ['answering'] });
    expect(created.statusCode, created.body).toBe(201);
    const specialistId = created.json().item.id as number;
    expect((await as(t.app, w.admin).patch(`/api/specialists/${specialistId}`, { userId: expert.username })).statusCode).toBe(200);

    const addressed = (await as(t.app, w.member).post(`/api/specialists/${specialistId}/ask`, { forumId: w.forumId, title: '¿Cómo evaluar a los tutores?', body: 'Buscamos criterios.' })).json().thread;
    const matching = (await as(t.app, w.member).post(`/api/forums/${w.forumId}/threads`, { title: '¿Alternancia en la formación dual?', body: 'Ideas', kind: 'question', expertise: ['dual'] })).json().thread;
    const unrelated = (await startThread(t.app, w.member, w.forumId, { title: '¿Otra pregunta?', kind: 'question' })).thread;
    const answered = (await as(t.app, w.member).post(`/api/forums/${w.forumId}/threads`, { title: '¿Resuelta ya?', body: 'Sí', kind: 'question', expertise: ['dual'] })).json().thread;
    const reply = await replyTo(t.app, w.moderator, answered.id, 'Esta es la respuesta');
    expect((await as(t.app, w.member).post(`/api/threads/${answered.id}/accept`, { postId: reply.id })).statusCode).toBe(200);
    // A question in a private community the specialist cannot read.
    const hiddenAway = (await as(t.app, priv.member).post(`/api/forums/${priv.forumId}/threads`, { title: '¿Privada sobre dual?', body: 'x', kind: 'question', expertise: ['dual'] })).json().thread;

    const answer = await home(expert);
    expect(answer.specialist).toBe(true);
    expect(ids(answer.questions)).toEqual([matching.id, addressed.id]);
    for (const id of [unrelated.id, answered.id, hiddenAway.id]) expect(ids(answer.questions)).not.toContain(id);
    const first = (await as(t.app, expert).get('/api/home/questions?limit=1')).json();
    expect(ids(first)).toEqual([matching.id]);
    expect(ids((await as(t.app, expert).get(`/api/home/questions?limit=1&cursor=${first.nextCursor}`)).json())).toEqual([addressed.id]);
    // Not a specialist: none.
    expect((await home(w.member)).questions.items).toEqual([]);
  });

  it('lists live workshops first, then upcoming ones, theirs or in their communities; private ones only to members', async () => {
    const soon = await scheduleWorkshop(t.app, w.moderator, w.slug, { title: 'Taller próximo', startsAt: new Date(Date.now() + 3600_000).toISOString() });
    const later = await scheduleWorkshop(t.app, w.moderator, w.slug, { title: 'Taller lejano', startsAt: new Date(Date.now() + 48 * 3600_000).toISOString() });
    const live = await openWorkshop(t.app, w.moderator, w.slug, { title: 'Taller en vivo', startsAt: new Date(Date.now() + 5 * 3600_000).toISOString() });
    const closedDoor = await scheduleWorkshop(t.app, priv.moderator, priv.slug, { title: 'Taller reservado' });

    const answer = await home(w.member, '?limit=50');
    const order = ids(answer.workshops);
    expect(order[0]).toBe(live.id);
    expect(order.indexOf(soon.id)).toBeLessThan(order.indexOf(later.id));
    expect(answer.workshops.items[0]).toMatchObject({ status: 'live', title: 'Taller en vivo' });
    expect(order).not.toContain(closedDoor.id);
    expect(ids((await home(priv.member, '?limit=50')).workshops)).toContain(closedDoor.id);
    expect(ids((await home(null, '?limit=50')).workshops)).not.toContain(closedDoor.id);
    const page = (await as(t.app, w.member).get('/api/home/workshops?limit=1')).json();
    expect(ids(page)).toEqual([live.id]);
    expect(ids((await as(t.app, w.member).get(`/api/home/workshops?limit=1&cursor=${page.nextCursor}`)).json())).toEqual([order[1]]);
  });

  it('lists new knowledge in the member’s country, the newest across the network when nothing is known', async () => {
    const resource = (title: string, countryCode: string) => ({
      title,
      summary: 'Resumen',
      type: 'guide',
      languages: ['es'],
      countryCode,
      authors: ['Ana Souza'],
      year: 2024,
      sector: 'C',
      topics: ['dual'],
      audiences: ['trainers'],
    });
    // Asked once before: the new records still show after (a knowledge edit drops what the home kept).
    await home(null);
    const uy = (await as(t.app, w.admin).post('/api/resources', resource('Guía uruguaya', 'UY'))).json().item;
    const br = (await as(t.app, w.admin).post('/api/resources', resource('Guía brasileña', 'BR'))).json().item;
    const uruguayan = await registerUser(t.app);
    expect((await as(t.app, uruguayan).patch('/api/me', { countryCode: 'UY' })).statusCode).toBe(200);

    const theirs = await home(uruguayan);
    expect(ids(theirs.knowledge)).toContain(uy.id);
    expect(ids(theirs.knowledge)).not.toContain(br.id);
    expect(theirs.knowledge.items[0]).toMatchObject({ kind: 'resources', url: `/knowledge/resources/${uy.id}`, createdAt: expect.any(String) });
    const anyone = await home(null);
    expect(ids(anyone.knowledge).slice(0, 2)).toEqual([br.id, uy.id]);
  });

  it('gives a visitor the public home: public threads and workshops, the newest knowledge, no personal lists', async () => {
    const open = (await startThread(t.app, w.moderator, w.forumId, { title: 'Tema público reciente' })).thread;
    const answer = await home(null);
    expect(answer).toMatchObject({ signedIn: false, communities: 0, unread: { items: [] }, new: { items: [] }, questions: { items: [] }, mine: { items: [] } });
    expect(ids(answer.latest)[0]).toBe(open.id);
    expect(answer.latest.items[0].unread).toBeUndefined();
    expect((await as(t.app, null).get('/api/home/unread')).json()).toEqual({ items: [], nextCursor: null });
  });
});
