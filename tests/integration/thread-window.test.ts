/**
 * Long threads (issue 16, part 3), the API side: `GET /api/threads/:id?near=<number>` answers the
 * page around that post with cursors both ways, `?before=<prevCursor>` the posts before a page,
 * `?near=unread` the page at the reader's first unread post (the start for visitors and for
 * readers with nothing unread); hidden posts only for moderators (and their own author), a
 * private thread a 404 whatever the window, bad positions a 400.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { as, buildWorld, replyTo, startThread, type World } from '../helpers/forums.ts';

let t: TestApp;
let w: World;
let priv: World;
let threadId: number;
const postIds: number[] = [];

beforeAll(async () => {
  t = await buildTestApp();
  w = await buildWorld(t.app);
  priv = await buildWorld(t.app, { visibility: 'private', admin: w.admin });
  const { thread, post } = await startThread(t.app, w.moderator, w.forumId, { title: 'Rúbricas para las prácticas en empresa' });
  threadId = thread.id;
  postIds.push(post.id);
  for (let i = 2; i <= 35; i++) postIds.push((await replyTo(t.app, w.moderator, thread.id, `Respuesta número ${i} sobre rúbricas`)).id);
});
afterAll(async () => {
  await t?.app.close();
});

type Page = { posts: { id: number; number: number; hidden: boolean }[]; nextCursor: string | null; prevCursor?: string | null; lastRead?: number };
const get = async (account: World['member'] | null, query: string, id = threadId) => as(t.app, account).get(`/api/threads/${id}?${query}`);
const page = async (account: World['member'] | null, query: string) => {
  const answer = await get(account, query);
  expect(answer.statusCode).toBe(200);
  return answer.json() as Page;
};
const numbers = (p: Page) => p.posts.map((post) => post.number);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('thread windows', () => {
  it('answers the page around a post number, with cursors that walk the whole thread both ways', async () => {
    const around = await page(w.member, 'near=17&limit=10');
    expect(numbers(around)).toEqual(range(16, 25));
    expect(around.prevCursor).toBeTruthy();
    expect(around.nextCursor).toBeTruthy();

    // Upwards: each page ends right before the one above it, down to the first post.
    const seen = [...numbers(around)];
    let before = around.prevCursor;
    while (before) {
      const earlier = await page(w.member, `before=${before}&limit=10`);
      expect(numbers(earlier).at(-1)).toBe(seen[0]! - 1);
      seen.unshift(...numbers(earlier));
      before = earlier.prevCursor ?? null;
    }
    // Downwards with the ordinary cursor.
    let after = around.nextCursor;
    while (after) {
      const later = await page(w.member, `cursor=${after}&limit=10`);
      expect(later.posts[0]!.number).toBe(seen.at(-1)! + 1);
      seen.push(...numbers(later));
      after = later.nextCursor;
    }
    expect(seen).toEqual(range(1, 35));

    // The end, and a number past it: the last page, nothing after it.
    const end = await page(w.member, 'near=35&limit=10');
    expect(numbers(end).at(-1)).toBe(35);
    expect(end.nextCursor).toBeNull();
    expect(numbers(await page(w.member, 'near=9999&limit=10')).at(-1)).toBe(35);
    // The start has nothing before it; the plain first page says so too.
    expect((await page(w.member, 'near=1&limit=10')).prevCursor).toBeNull();
    expect((await page(null, 'limit=10')).prevCursor).toBeNull();
    // Old links keep working: ?page=2 and a cursor.
    expect(numbers(await page(null, 'page=2&limit=10'))).toEqual(range(11, 20));
  });

  it('opens at the reader’s first unread post, and at the start for visitors and readers with nothing unread', async () => {
    const reader = w.member;
    expect(numbers(await page(reader, 'near=unread&limit=10'))[0]).toBe(1);
    await as(t.app, reader).post(`/api/threads/${threadId}/read`, { postNumber: 22 });
    const unread = await page(reader, 'near=unread&limit=10');
    expect(unread.lastRead).toBe(22);
    expect(numbers(unread)).toContain(23);
    expect(numbers(unread)).not.toContain(1);
    expect(numbers(await page(null, 'near=unread&limit=10'))[0]).toBe(1);
    await as(t.app, reader).post(`/api/threads/${threadId}/read`, { postNumber: 35 });
    expect(numbers(await page(reader, 'near=unread&limit=10'))[0]).toBe(1);
  });

  it('shows hidden posts in a window only to moderators and to their author', async () => {
    const { thread } = await startThread(t.app, w.moderator, w.forumId, { title: 'Ventanas con mensajes ocultos' });
    const ids = [thread.firstPostId];
    for (let i = 2; i <= 12; i++) ids.push((await replyTo(t.app, i === 7 ? w.member : w.moderator, thread.id, `Mensaje ${i} de la ventana`)).id);
    expect((await as(t.app, w.moderator).post(`/api/posts/${ids[6]}/moderation`, { hidden: true, reason: 'Fuera de tema' })).statusCode).toBe(200);

    const seenBy = async (account: World['member'] | null, query: string) => {
      const answer = await as(t.app, account).get(`/api/threads/${thread.id}?${query}`);
      expect(answer.statusCode).toBe(200);
      return answer.json() as Page;
    };
    const moderator = await seenBy(w.moderator, 'near=7&limit=4');
    expect(moderator.posts.find((p) => p.number === 7)).toMatchObject({ hidden: true });
    const visitor = await seenBy(null, 'near=7&limit=4');
    expect(numbers(visitor)).not.toContain(7);
    expect(numbers(visitor)).toEqual([8, 9, 10, 11]);
    const outsider = await seenBy(w.outsider, 'near=7&limit=4');
    expect(numbers(outsider)).not.toContain(7);
    // Its author sees it, once, in the window that holds its place.
    const author = await seenBy(w.member, 'near=7&limit=4');
    expect(author.posts.filter((p) => p.number === 7)).toHaveLength(1);
    const upwards = await seenBy(w.member, `before=${(await seenBy(w.member, 'near=10&limit=2')).prevCursor}&limit=2`);
    expect(numbers(upwards)).toEqual([7, 8, 9]);
    // Reading upwards from the end, a visitor never meets the hidden post.
    const all: number[] = [];
    let before: string | null | undefined = (await seenBy(null, 'near=12&limit=3')).prevCursor;
    while (before) {
      const earlier = await seenBy(null, `before=${before}&limit=3`);
      all.unshift(...numbers(earlier));
      before = earlier.prevCursor;
    }
    expect(all).not.toContain(7);
    expect(all[0]).toBe(1);
  });

  it('answers 404 for a private thread whatever the window, and 400 for a bad position or cursor', async () => {
    const { thread } = await startThread(t.app, priv.moderator, priv.forumId, { title: 'Tema privado largo' });
    for (const query of ['near=1', 'near=unread', 'before=WzEwXQ']) {
      expect((await get(w.outsider, query, thread.id)).statusCode).toBe(404);
      expect((await get(null, query, thread.id)).statusCode).toBe(404);
      expect((await get(priv.member, query, thread.id)).statusCode).toBe(200);
    }
    for (const query of ['near=0', 'near=abc', 'near=-3', 'before=nonsense', 'near=1.5']) {
      const answer = await get(w.member, query);
      expect(answer.statusCode, query).toBe(400);
      expect(answer.json().error.code).toBe('VALIDATION_FAILED');
    }
  });

  it('keeps windows true after a new post (the cache follows writes)', async () => {
    const before = await page(null, 'near=35&limit=10');
    expect(before.nextCursor).toBeNull();
    await replyTo(t.app, w.moderator, threadId, 'Una respuesta nueva al final');
    const after = await page(null, 'near=36&limit=10');
    expect(numbers(after).at(-1)).toBe(36);
    expect(numbers(await page(null, 'near=35&limit=10')).at(-1)).toBe(36);
  });
});
