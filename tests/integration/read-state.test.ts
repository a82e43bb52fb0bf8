/**
 * Read state (issue 16, part 1), its core: posts carry their number in the thread; a member's
 * client reports how far they read (`POST /api/threads/:id/read`), which never goes back, counts
 * a number past the end as the end, and goes through the thread's own gate (a private thread is
 * a 404 to outsiders, a visitor is asked to sign in); one's own posts count as read; the thread
 * page tells a signed-in reader where they stopped; moving posts renumbers both threads.
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

const page = async (account: World['member'] | null, threadId: number) => (await as(t.app, account).get(`/api/threads/${threadId}`)).json();

describe('read state', () => {
  it('numbers posts, records reading forward only, clamps to the end, and shows the reader where they stopped', async () => {
    const { thread } = await startThread(t.app, w.moderator, w.forumId, { title: 'Seguimiento de egresados en la industria' });
    for (let i = 1; i <= 4; i++) await replyTo(t.app, w.moderator, thread.id, `Respuesta número ${i} sobre egresados`);
    const first = await page(w.member, thread.id);
    expect(first.posts.map((p: { number: number }) => p.number)).toEqual([1, 2, 3, 4, 5]);
    expect(first).toMatchObject({ highestNumber: 5, lastRead: 0 });
    expect((await page(null, thread.id)).lastRead).toBeUndefined();

    // Opening the page is not reading it.
    expect((await page(w.member, thread.id)).lastRead).toBe(0);
    const read = await as(t.app, w.member).post(`/api/threads/${thread.id}/read`, { postNumber: 3 });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual({ lastRead: 3, unread: 2 });
    expect((await as(t.app, w.member).post(`/api/threads/${thread.id}/read`, { postNumber: 2 })).json()).toEqual({ lastRead: 3, unread: 2 });
    expect((await page(w.member, thread.id)).lastRead).toBe(3);
    expect((await as(t.app, w.member).post(`/api/threads/${thread.id}/read`, { postNumber: 999 })).json()).toEqual({ lastRead: 5, unread: 0 });

    // One's own reply is read; the others' replies after it are not.
    await replyTo(t.app, w.member, thread.id, 'Mi aporte sobre egresados');
    expect((await page(w.member, thread.id)).lastRead).toBe(6);
    await replyTo(t.app, w.moderator, thread.id, 'Otra respuesta del moderador');
    expect((await as(t.app, w.member).post(`/api/threads/${thread.id}/read`, { postNumber: 6 })).json()).toEqual({ lastRead: 6, unread: 1 });
  });

  it('asks a visitor to sign in, answers 404 for a thread the reader may not see, and refuses bad numbers', async () => {
    const { thread } = await startThread(t.app, priv.moderator, priv.forumId, { title: 'Tema privado del convenio' });
    expect((await as(t.app, null).post(`/api/threads/${thread.id}/read`, { postNumber: 1 })).statusCode).toBe(401);
    const outsider = await as(t.app, w.outsider).post(`/api/threads/${thread.id}/read`, { postNumber: 1 });
    expect(outsider.statusCode).toBe(404);
    const missing = await as(t.app, w.outsider).post(`/api/threads/99999999/read`, { postNumber: 1 });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe(outsider.json().error.code);
    for (const postNumber of [0, -1, 'tres', 1.5]) {
      expect((await as(t.app, priv.member).post(`/api/threads/${thread.id}/read`, { postNumber })).statusCode).toBe(400);
    }
    expect((await as(t.app, priv.member).post(`/api/threads/${thread.id}/read`, { postNumber: 1 })).json()).toEqual({ lastRead: 1, unread: 0 });
  });

  it('renumbers both threads when a merge moves posts, in reading order', async () => {
    const a = await startThread(t.app, w.member, w.forumId, { title: 'Primer tema sobre simuladores' });
    const b = await startThread(t.app, w.moderator, w.forumId, { title: 'Segundo tema sobre simuladores' });
    await replyTo(t.app, w.member, a.thread.id, 'Respuesta en el primer tema de simuladores');
    expect((await as(t.app, w.moderator).post(`/api/threads/${a.thread.id}/merge`, { intoThreadId: b.thread.id })).statusCode).toBe(200);
    const merged = await page(w.member, b.thread.id);
    expect(merged.posts.map((p: { number: number }) => p.number)).toEqual([1, 2, 3]);
    expect(merged.highestNumber).toBe(3);
  });
});
