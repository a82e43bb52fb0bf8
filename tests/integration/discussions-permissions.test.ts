import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { registerUser } from '../helpers/accounts.ts';
import { as, buildWorld, replyTo, startThread, type World } from '../helpers/forums.ts';

/**
 * What each reader may do with a thread, as the pages show it and as the writes enforce it:
 * the same rule (discussions/policy.ts) behind the thread page (cached or not), the write
 * responses and the refusals.
 */
let t: TestApp;
let w: World;
let other: World['member'];
beforeEach(async () => {
  t = await buildTestApp();
  w = await buildWorld(t.app);
  other = await registerUser(t.app);
  await as(t.app, w.admin).post(`/api/communities/${w.slug}/members/${other.user.id}`, { status: 'active' });
});
afterEach(async () => {
  await t.app.close();
});

type Reader = 'author' | 'moderator' | 'admin' | 'other' | 'outsider' | 'anonymous';
const READERS: Reader[] = ['anonymous', 'author', 'moderator', 'admin', 'other', 'outsider'];
const account = (who: Reader) =>
  ({ author: w.member, moderator: w.moderator, admin: w.admin, other, outsider: w.outsider, anonymous: null })[who];
const page = async (who: Reader, threadId: number) => {
  const response = await as(t.app, account(who)).get(`/api/threads/${threadId}`);
  expect(response.statusCode).toBe(200);
  return response.json() as {
    posts: { id: number; canEdit: boolean }[];
    acceptedPost: { id: number; canEdit: boolean } | null;
    permissions: { canReply: boolean; replyBlockedReason: string | null; canAccept: boolean; canModerate: boolean };
  };
};
const mayEdit = { author: true, moderator: true, admin: true, other: false, outsider: false, anonymous: false };

describe('who may edit and accept, on every read of a thread', () => {
  it('shows edit controls to the author, moderators and admins only, whoever filled the page cache first', async () => {
    const { thread, post } = await startThread(t.app, w.member, w.forumId, { kind: 'question' });
    const answer = await replyTo(t.app, other, thread.id, 'Con listas de cotejo y portafolios.');
    // Readers in turn: the first fills the shared page, the others get it personalized.
    for (const who of READERS) {
      const { posts, permissions } = await page(who, thread.id);
      const byId = new Map(posts.map((p) => [p.id, p]));
      expect(byId.get(post.id)!.canEdit, `${who}: the question`).toBe(mayEdit[who]);
      expect(byId.get(answer.id)!.canEdit, `${who}: the answer`).toBe(who === 'other' || who === 'moderator' || who === 'admin');
      expect(permissions.canAccept, who).toBe(mayEdit[who]);
      expect(permissions.canModerate, who).toBe(who === 'moderator' || who === 'admin');
    }
  });

  it('takes edit controls away from everyone once a post is deleted, and refuses the edit', async () => {
    const { thread } = await startThread(t.app, w.member, w.forumId);
    const reply = await replyTo(t.app, w.member, thread.id, 'Una respuesta que borraré.');
    const deleted = await as(t.app, w.member).delete(`/api/posts/${reply.id}`);
    expect(deleted.statusCode).toBe(200);
    expect(deleted.json().post).toMatchObject({ deleted: true, canEdit: false });
    for (const who of READERS) {
      const { posts } = await page(who, thread.id);
      expect(posts.find((p) => p.id === reply.id)!.canEdit, who).toBe(false);
    }
    const edit = await as(t.app, w.moderator).patch(`/api/posts/${reply.id}`, { body: 'Otra cosa' });
    expect(edit.json().error.code).toBe('POST_DELETED');
  });

  it('answers a write with the writer’s own rights', async () => {
    const { thread } = await startThread(t.app, w.member, w.forumId);
    const posted = await as(t.app, other).post(`/api/threads/${thread.id}/posts`, { body: 'Mi aporte.' });
    expect(posted.json().post.canEdit).toBe(true);
    const edited = await as(t.app, w.moderator).patch(`/api/posts/${posted.json().post.id}`, { body: 'Mi aporte, corregido.' });
    expect(edited.json().post.canEdit).toBe(true);
    const refused = await as(t.app, w.member).patch(`/api/posts/${posted.json().post.id}`, { body: 'No es mío.' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('FORBIDDEN');
  });
});

describe('a locked (closed) thread', () => {
  it('closes replies and the author’s edits, not the moderators’', async () => {
    const { thread, post } = await startThread(t.app, w.member, w.forumId, { kind: 'question' });
    expect((await as(t.app, w.moderator).post(`/api/threads/${thread.id}/moderation`, { locked: true })).statusCode).toBe(200);

    const author = await page('author', thread.id);
    expect(author.permissions).toMatchObject({ canReply: false, replyBlockedReason: 'locked', canAccept: true });
    expect((await page('moderator', thread.id)).permissions).toMatchObject({ canReply: true, replyBlockedReason: null });
    expect((await page('anonymous', thread.id)).permissions).toMatchObject({ canReply: false, replyBlockedReason: 'locked' });

    const reply = await as(t.app, other).post(`/api/threads/${thread.id}/posts`, { body: 'Tarde.' });
    expect(reply.json().error.code).toBe('THREAD_LOCKED');
    const edit = await as(t.app, w.member).patch(`/api/posts/${post.id}`, { body: 'Cambio mi pregunta.' });
    expect(edit.json().error.code).toBe('THREAD_LOCKED');
    expect((await as(t.app, w.moderator).patch(`/api/posts/${post.id}`, { body: 'Corregido por moderación.' })).statusCode).toBe(200);
    expect((await as(t.app, w.moderator).post(`/api/threads/${thread.id}/posts`, { body: 'Cerrado: ver el hilo nuevo.' })).statusCode).toBe(201);
  });
});

describe('accepting an answer', () => {
  it('is refused to other members and anonymous readers, and takes only a visible reply', async () => {
    const { thread, post } = await startThread(t.app, w.member, w.forumId, { kind: 'question' });
    const answer = await replyTo(t.app, other, thread.id, 'Con portafolios de evidencias.');
    const byOther = await as(t.app, other).post(`/api/threads/${thread.id}/accept`, { postId: answer.id });
    expect(byOther.json().error.code).toBe('FORBIDDEN');
    const byAnonymous = await as(t.app, null).post(`/api/threads/${thread.id}/accept`, { postId: answer.id });
    expect(byAnonymous.statusCode).toBe(401);
    const opening = await as(t.app, w.member).post(`/api/threads/${thread.id}/accept`, { postId: post.id });
    expect(opening.json().error.code).toBe('REPLY_TARGET_INVALID');

    const accepted = await as(t.app, w.member).post(`/api/threads/${thread.id}/accept`, { postId: answer.id });
    expect(accepted.json().thread.acceptedPostId).toBe(answer.id);
    expect((await page('other', thread.id)).acceptedPost).toMatchObject({ id: answer.id, canEdit: true });
    expect((await page('author', thread.id)).acceptedPost).toMatchObject({ id: answer.id, canEdit: false });

    // Hidden by a moderator: the accepted answer is no longer shown beside the page to readers.
    await as(t.app, w.moderator).post(`/api/posts/${answer.id}/moderation`, { hidden: true });
    expect((await page('author', thread.id)).acceptedPost).toBeNull();
    expect((await page('moderator', thread.id)).acceptedPost).toMatchObject({ id: answer.id });
  });

  it('belongs to questions only', async () => {
    const { thread } = await startThread(t.app, w.member, w.forumId, { kind: 'discussion' });
    const answer = await replyTo(t.app, other, thread.id, 'Una respuesta.');
    for (const who of READERS) expect((await page(who, thread.id)).permissions.canAccept, who).toBe(false);
    const refused = await as(t.app, w.member).post(`/api/threads/${thread.id}/accept`, { postId: answer.id });
    expect(refused.json().error.code).toBe('NOT_A_QUESTION');
  });
});
