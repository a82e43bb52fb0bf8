import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { ORIGIN } from '../helpers/accounts.ts';
import { as, buildWorld, replyTo, startThread, type World } from '../helpers/forums.ts';

/**
 * Drafts through the API (the Contract's Drafts line): saved per member and place, restored
 * from any session, listed with what they belong to, deleted by posting; a key naming a place
 * the member may not write in (or see) answers 404 like a draft that does not exist.
 */
let t: TestApp;
let w: World;
beforeEach(async () => {
  t = await buildTestApp();
  w = await buildWorld(t.app);
});
afterEach(async () => {
  await t.app.close();
});

type Account = World['member'] | null;
const put = (account: Account, key: string, payload: object) =>
  t.app.inject({ method: 'PUT', url: `/api/drafts/${key}`, headers: { origin: ORIGIN, ...(account ? { cookie: account.cookie } : {}) }, payload });
const get = (account: Account, key: string) => as(t.app, account).get(`/api/drafts/${key}`);

describe('saving and restoring a draft', () => {
  it('saves a new thread’s title and body per forum and gives it back, replacing it on each save', async () => {
    const first = await put(w.member, `thread:${w.forumId}`, { title: 'Un tema a me', body: 'Primera línea' });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ key: `thread:${w.forumId}`, title: 'Un tema a me', body: 'Primera línea' });
    await put(w.member, `thread:${w.forumId}`, { title: 'Un tema a medias', body: 'Primera línea\nSegunda línea' });
    const back = await get(w.member, `thread:${w.forumId}`);
    expect(back.statusCode).toBe(200);
    expect(back.json()).toMatchObject({ title: 'Un tema a medias', body: 'Primera línea\nSegunda línea' });
    expect(Date.parse(back.json().updatedAt)).not.toBeNaN();
  });

  it('answers 404 when there is no draft, and another member never sees mine', async () => {
    const { thread } = await startThread(t.app, w.moderator, w.forumId);
    expect((await get(w.member, `reply:${thread.id}`)).statusCode).toBe(404);
    await put(w.member, `reply:${thread.id}`, { body: 'Mi respuesta a medias' });
    const others = await get(w.moderator, `reply:${thread.id}`);
    expect(others.statusCode).toBe(404);
    expect(others.json().error.code).toBe('DRAFT_NOT_FOUND');
    expect((await as(t.app, w.moderator).get('/api/drafts')).json().items).toEqual([]);
  });

  it('deletes a draft on request', async () => {
    await put(w.member, `thread:${w.forumId}`, { body: 'Algo' });
    expect((await as(t.app, w.member).delete(`/api/drafts/thread:${w.forumId}`)).statusCode).toBe(204);
    expect((await get(w.member, `thread:${w.forumId}`)).statusCode).toBe(404);
    expect((await as(t.app, w.member).delete(`/api/drafts/thread:${w.forumId}`)).statusCode).toBe(404);
  });
});

describe('only where the member may write', () => {
  it('needs a session', async () => {
    expect((await put(null, `thread:${w.forumId}`, { body: 'x' })).statusCode).toBe(401);
    expect((await as(t.app, null).get('/api/drafts')).statusCode).toBe(401);
  });

  it('answers 404 for a forum of a community one is not in, a missing thread, someone else’s post and a locked thread', async () => {
    const { thread, post } = await startThread(t.app, w.moderator, w.forumId);
    expect((await put(w.outsider, `thread:${w.forumId}`, { body: 'x' })).statusCode).toBe(404);
    expect((await put(w.member, 'reply:999999', { body: 'x' })).statusCode).toBe(404);
    expect((await put(w.member, `edit:${post.id}`, { body: 'x' })).statusCode).toBe(404);
    expect((await put(w.moderator, `edit:${post.id}`, { body: 'x' })).statusCode).toBe(200);
    await as(t.app, w.moderator).post(`/api/threads/${thread.id}/moderation`, { locked: true });
    const locked = await put(w.member, `reply:${thread.id}`, { body: 'x' });
    expect(locked.statusCode).toBe(404);
    expect(locked.json().error.code).toBe('DRAFT_NOT_FOUND');
  });

  it('answers 404 for a private community’s places, the same as for nothing at all', async () => {
    const hidden = await buildWorld(t.app, { visibility: 'private', joinPolicy: 'approval', admin: w.admin });
    const { thread } = await startThread(t.app, hidden.member, hidden.forumId);
    const unseen = await put(w.member, `reply:${thread.id}`, { body: 'x' });
    const missing = await put(w.member, `reply:${thread.id + 1000}`, { body: 'x' });
    expect(unseen.statusCode).toBe(404);
    expect(unseen.json()).toEqual(missing.json());
    expect((await get(w.member, `thread:${hidden.forumId}`)).statusCode).toBe(404);
  });

  it('leaves out of the list a draft whose place the member can no longer write in', async () => {
    const { thread } = await startThread(t.app, w.moderator, w.forumId);
    await put(w.member, `reply:${thread.id}`, { body: 'Antes del cierre' });
    await as(t.app, w.moderator).post(`/api/threads/${thread.id}/moderation`, { locked: true });
    expect((await as(t.app, w.member).get('/api/drafts')).json().items).toEqual([]);
  });
});

describe('bounds', () => {
  it('refuses a malformed key, a body longer than a post and a title longer than a thread’s, with a 400', async () => {
    for (const key of ['thread:abc', 'nota:1', 'reply:0', 'reply:-1', 'thread:1:2']) {
      expect((await put(w.member, key, { body: 'x' })).statusCode, key).toBe(400);
    }
    const long = await put(w.member, `thread:${w.forumId}`, { body: 'a'.repeat(50_001) });
    expect(long.statusCode).toBe(400);
    expect(long.json().error.message).toBeTruthy();
    expect((await put(w.member, `thread:${w.forumId}`, { title: 't'.repeat(201), body: 'x' })).statusCode).toBe(400);
    expect((await put(w.member, `thread:${w.forumId}`, { body: 'a'.repeat(50_000) })).statusCode).toBe(200);
    expect((await put(w.member, `thread:${w.forumId}`, { body: 'x', extra: 1 })).statusCode).toBe(400);
  });
});

describe('the list', () => {
  it('lists the member’s drafts newest first, with what each belongs to and a link, a page at a time', async () => {
    const { thread, post } = await startThread(t.app, w.member, w.forumId, { title: 'Rúbricas para la práctica' });
    await put(w.member, `thread:${w.forumId}`, { title: 'Otro tema', body: 'Cuerpo del tema' });
    await put(w.member, `reply:${thread.id}`, { body: 'Una respuesta' });
    await put(w.member, `edit:${post.id}`, { body: 'El texto corregido' });
    const first = await as(t.app, w.member).get('/api/drafts?limit=2');
    expect(first.statusCode).toBe(200);
    const page1 = first.json();
    expect(page1.items.map((d: { key: string }) => d.key)).toEqual([`edit:${post.id}`, `reply:${thread.id}`]);
    expect(page1.items[0]).toMatchObject({ kind: 'edit', excerpt: 'El texto corregido', place: { title: 'Rúbricas para la práctica', link: `/t/${thread.id}#post-${post.id}` } });
    expect(page1.items[1]).toMatchObject({ kind: 'reply', place: { title: 'Rúbricas para la práctica', link: `/t/${thread.id}` } });
    expect(page1.nextCursor).toBeTruthy();
    const page2 = (await as(t.app, w.member).get(`/api/drafts?limit=2&cursor=${page1.nextCursor}`)).json();
    expect(page2.items).toEqual([expect.objectContaining({ key: `thread:${w.forumId}`, kind: 'thread', title: 'Otro tema', place: expect.objectContaining({ title: 'General', link: `/f/${w.forumId}` }) })]);
    expect(page2.nextCursor).toBeNull();
    expect((await as(t.app, w.member).get('/api/drafts?cursor=nope')).statusCode).toBe(400);
  });
});

describe('posting deletes the matching draft', () => {
  it('a new thread deletes its forum’s draft, a reply its thread’s, an edit the editor’s draft of that post, and nothing else', async () => {
    const { thread, post } = await startThread(t.app, w.moderator, w.forumId);
    await put(w.member, `thread:${w.forumId}`, { title: 'Mi tema nuevo', body: 'Texto' });
    await put(w.member, `reply:${thread.id}`, { body: 'Respuesta' });
    await put(w.moderator, `reply:${thread.id}`, { body: 'La del moderador' });
    await put(w.moderator, `edit:${post.id}`, { body: 'Corrección' });

    await startThread(t.app, w.member, w.forumId, { title: 'Mi tema nuevo' });
    expect((await get(w.member, `thread:${w.forumId}`)).statusCode).toBe(404);
    expect((await get(w.member, `reply:${thread.id}`)).statusCode).toBe(200);

    await replyTo(t.app, w.member, thread.id, 'Respuesta');
    expect((await get(w.member, `reply:${thread.id}`)).statusCode).toBe(404);
    expect((await get(w.moderator, `reply:${thread.id}`)).statusCode).toBe(200);

    expect((await as(t.app, w.moderator).patch(`/api/posts/${post.id}`, { body: 'Corrección' })).statusCode).toBe(200);
    expect((await get(w.moderator, `edit:${post.id}`)).statusCode).toBe(404);
    expect((await get(w.moderator, `reply:${thread.id}`)).statusCode).toBe(200);
  });
});
