import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerUser } from '../helpers/accounts.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { as, buildWorld, replyTo, startThread, type World } from '../helpers/forums.ts';
import { logOf } from '../helpers/moderation.ts';

let t: TestApp;
let w: World;
beforeEach(async () => {
  t = await buildTestApp();
  w = await buildWorld(t.app);
  await as(t.app, w.moderator).patch(`/api/communities/${w.slug}/moderation/settings`, { holdNewUserPosts: true });
});
afterEach(async () => {
  await t.app.close();
});

const forumList = (viewer: World['member'] | null) => as(t.app, viewer).get(`/api/forums/${w.forumId}/threads`);

describe('held posts of new accounts', () => {
  it('keeps a new account’s first thread invisible to others until a moderator approves it', async () => {
    const created = await as(t.app, w.member).post(`/api/forums/${w.forumId}/threads`, {
      title: 'Presentación de nuestro centro técnico',
      body: 'Hola, somos un centro de formación en soldadura submarina.',
      kind: 'discussion',
    });
    expect(created.statusCode).toBe(201);
    const { thread, post } = created.json();
    expect(post.hidden).toBe(true);

    const other = await registerUser(t.app);
    for (const viewer of [null, other, w.outsider]) {
      expect((await as(t.app, viewer).get(`/api/threads/${thread.id}`)).statusCode).toBe(404);
      expect((await forumList(viewer)).json().items).toEqual([]);
      expect((await as(t.app, viewer).get('/api/search?q=soldadura')).json().items).toEqual([]);
    }
    expect((await as(t.app, null).get(`/api/communities/${w.slug}`)).json().recent).toEqual([]);
    const forum = (await as(t.app, null).get(`/api/forums/${w.forumId}`)).json().forum;
    expect(forum).toMatchObject({ threadCount: 0, postCount: 0 });

    const queue = (await as(t.app, w.moderator).get(`/api/communities/${w.slug}/moderation/queue`)).json();
    expect(queue.items).toHaveLength(1);
    expect(queue.items[0]).toMatchObject({ kind: 'held_post', id: post.id, post: { opensThread: true, author: { id: w.member.user.id } }, thread: { id: thread.id } });
    expect((await as(t.app, w.moderator).get(`/api/communities/${w.slug}/moderation`)).json().counts).toEqual({ openReports: 0, pendingMembers: 0, heldPosts: 1 });

    expect((await as(t.app, w.member).post(`/api/moderation/held/${post.id}/approve`, {})).statusCode).toBe(403);
    expect((await as(t.app, w.moderator).post(`/api/moderation/held/${post.id}/approve`, {})).statusCode).toBe(200);
    expect((await as(t.app, null).get(`/api/threads/${thread.id}`)).json().posts).toHaveLength(1);
    expect((await forumList(null)).json().items).toHaveLength(1);
    expect((await as(t.app, null).get('/api/search?q=soldadura')).json().items).toHaveLength(1);
    expect((await as(t.app, null).get(`/api/forums/${w.forumId}`)).json().forum).toMatchObject({ threadCount: 1, postCount: 1 });
    expect((await as(t.app, w.moderator).post(`/api/moderation/held/${post.id}/approve`, {})).json().error.code).toBe('HELD_POST_NOT_FOUND');

    const [entry] = await logOf(t.app, w);
    expect(entry).toMatchObject({ action: 'post.approve', targetId: post.id });
    await as(t.app, w.moderator).post(`/api/moderation/log/${entry!.id}/undo`, {});
    expect((await as(t.app, null).get(`/api/threads/${thread.id}`)).statusCode).toBe(404);
    expect((await as(t.app, w.moderator).get(`/api/communities/${w.slug}/moderation/queue`)).json().items).toHaveLength(1);
  });

  it('holds replies of new accounts too, and does not notify anyone of them', async () => {
    const { thread } = await startThread(t.app, w.moderator, w.forumId);
    const held = await replyTo(t.app, w.member, thread.id, `@${w.moderator.username} mira esto, por favor`);
    const page = (await as(t.app, null).get(`/api/threads/${thread.id}`)).json();
    expect(page.posts.map((p: { id: number }) => p.id)).not.toContain(held.id);
    expect(page.thread.postCount).toBe(1);
    expect((await as(t.app, w.moderator).get('/api/notifications')).json().items).toEqual([]);
    await as(t.app, w.moderator).post(`/api/moderation/held/${held.id}/approve`, {});
    expect((await as(t.app, null).get(`/api/threads/${thread.id}`)).json().posts).toHaveLength(2);
    expect((await as(t.app, w.moderator).get('/api/notifications')).json().items[0]).toMatchObject({ kind: 'mention', postId: held.id });
  });

  it('rejecting keeps the post hidden; moderators and admins are never held', async () => {
    const { thread } = await startThread(t.app, w.moderator, w.forumId);
    const held = await replyTo(t.app, w.member, thread.id, 'Texto que no será aprobado nunca');
    expect((await as(t.app, w.moderator).post(`/api/moderation/held/${held.id}/reject`, { reason: 'Publicidad' })).statusCode).toBe(200);
    expect((await as(t.app, null).get(`/api/threads/${thread.id}`)).json().posts).toHaveLength(1);
    const admin = await replyTo(t.app, w.admin, thread.id, 'La administración escribe sin espera');
    expect((await as(t.app, null).get(`/api/threads/${thread.id}`)).json().posts.map((p: { id: number }) => p.id)).toContain(admin.id);
  });
});

describe('the review queue', () => {
  it('lists join requests with the one-click approval of the members API, and keyset pages', async () => {
    const approval = await buildWorld(t.app, { admin: w.admin, joinPolicy: 'approval' });
    const askers = [await registerUser(t.app), await registerUser(t.app), await registerUser(t.app)];
    for (const a of askers) await as(t.app, a).post(`/api/communities/${approval.slug}/join`);
    const first = (await as(t.app, approval.moderator).get(`/api/communities/${approval.slug}/moderation/queue?limit=2`)).json();
    expect(first.items.map((i: { kind: string; user: { id: number } }) => [i.kind, i.user.id])).toEqual([
      ['join_request', askers[0]!.user.id],
      ['join_request', askers[1]!.user.id],
    ]);
    const second = (await as(t.app, approval.moderator).get(`/api/communities/${approval.slug}/moderation/queue?limit=2&cursor=${first.nextCursor}`)).json();
    expect(second.items.map((i: { user: { id: number } }) => i.user.id)).toEqual([askers[2]!.user.id]);
    expect(second.nextCursor).toBeNull();

    await as(t.app, approval.moderator).post(`/api/communities/${approval.slug}/members/${askers[0]!.user.id}`, { status: 'active' });
    await as(t.app, approval.moderator).delete(`/api/communities/${approval.slug}/members/${askers[1]!.user.id}`);
    const log = (await as(t.app, approval.moderator).get(`/api/moderation/log?community=${approval.slug}`)).json().items;
    expect(log.slice(0, 2).map((e: { action: string }) => e.action)).toEqual(['member.decline', 'member.approve']);
  });

  it('is for the community’s moderators; the site-wide queue is for admins', async () => {
    const elsewhere = await buildWorld(t.app, { admin: w.admin });
    await replyTo(t.app, w.member, (await startThread(t.app, w.moderator, w.forumId)).thread.id, 'Retenido para revisión');
    expect((await as(t.app, w.member).get(`/api/communities/${w.slug}/moderation/queue`)).statusCode).toBe(403);
    expect((await as(t.app, elsewhere.moderator).get(`/api/communities/${w.slug}/moderation/queue`)).statusCode).toBe(403);
    expect((await as(t.app, null).get(`/api/communities/${w.slug}/moderation/queue`)).statusCode).toBe(401);
    expect((await as(t.app, w.moderator).get('/api/moderation/queue')).statusCode).toBe(403);
    const site = (await as(t.app, w.admin).get('/api/moderation/queue')).json();
    expect(site.items).toHaveLength(1);
    expect(site.items[0]).toMatchObject({ kind: 'held_post', community: { slug: w.slug } });
  });
});
