import { beforeAll, describe, expect, it } from 'vitest';
import { as, replyTo, startThread } from '../helpers/forums.ts';
import { relaxLimits } from '../helpers/moderation.ts';
import { ask, liveWorld, next, silent } from '../helpers/sockets.ts';

const { state, sockets } = liveWorld();
// One account opens dozens of identical threads here: the spam limits are not the subject.
beforeAll(() => relaxLimits(state.server.app, state.w.admin));

describe('a live thread', () => {
  it('delivers new posts to other readers in the REST shape', async () => {
    const { thread } = await startThread(state.server.app, state.w.member, state.w.forumId);
    const reader = await sockets.connect(state.w.moderator.cookie);
    expect(await ask(reader, 'thread:join', { threadId: thread.id })).toMatchObject({ ok: true, data: { missed: [] } });

    const arriving = next(reader, 'post:created');
    const created = await replyTo(state.server.app, state.w.member, thread.id, 'Hola **en vivo**');
    const { threadId, post } = await arriving;
    expect(threadId).toBe(thread.id);
    const page = (await as(state.server.app, null).get(`/api/threads/${thread.id}`)).json();
    expect(post).toEqual(page.posts.find((p: { id: number }) => p.id === created.id));
  });

  it('delivers edits, reactions, hiding and accepted answers', async () => {
    const { thread } = await startThread(state.server.app, state.w.member, state.w.forumId, { kind: 'question' });
    const answer = await replyTo(state.server.app, state.w.moderator, thread.id, 'Una respuesta');
    const member = await sockets.connect(state.w.member.cookie);
    const moderator = await sockets.connect(state.w.moderator.cookie);
    await ask(member, 'thread:join', { threadId: thread.id });
    await ask(moderator, 'thread:join', { threadId: thread.id });

    let update = next(member, 'post:updated');
    await as(state.server.app, state.w.moderator).patch(`/api/posts/${answer.id}`, { body: 'Una respuesta **mejor**' });
    expect((await update).post).toMatchObject({ id: answer.id, bodyHtml: '<p>Una respuesta <strong>mejor</strong></p>', revisionCount: 1 });

    update = next(member, 'post:updated');
    await as(state.server.app, state.w.admin).post(`/api/posts/${answer.id}/reactions`, { kind: 'thanks' });
    expect((await update).post.reactions).toEqual([{ kind: 'thanks', count: 1, reacted: false }]);

    const accepted = next(member, 'thread:updated');
    await as(state.server.app, state.w.member).post(`/api/threads/${thread.id}/accept`, { postId: answer.id });
    expect((await accepted).thread).toMatchObject({ id: thread.id, acceptedPostId: answer.id });

    const spam = await replyTo(state.server.app, state.w.member, thread.id, 'Compre ya: enlace sospechoso');
    const locked = next(member, 'thread:updated');
    await as(state.server.app, state.w.moderator).post(`/api/threads/${thread.id}/moderation`, { locked: true, pinned: true });
    expect((await locked).thread).toMatchObject({ locked: true, pinned: true });

    const memberSees = next(member, 'post:updated', (p) => p.post.id === spam.id);
    const moderatorSees = next(moderator, 'post:updated', (p) => p.post.id === spam.id);
    await as(state.server.app, state.w.moderator).post(`/api/posts/${spam.id}/moderation`, { hidden: true });
    expect((await memberSees).post).toMatchObject({ hidden: true, bodyHtml: '' });
    expect((await moderatorSees).post).toMatchObject({ hidden: true, bodyHtml: '<p>Compre ya: enlace sospechoso</p>' });
  });

  it('tells readers who is typing (not the typist) and who is reading', async () => {
    const { thread } = await startThread(state.server.app, state.w.member, state.w.forumId);
    const typist = await sockets.connect(state.w.member.cookie);
    const reader = await sockets.connect(state.w.moderator.cookie);
    const visitor = await sockets.connect();
    for (const s of [typist, reader, visitor]) await ask(s, 'thread:join', { threadId: thread.id });

    const presence = await next(reader, 'presence', (p) => p.users.length === 2 && p.anonymous === 1, 3000);
    expect(presence.room).toBe(`thread:${thread.id}`);
    expect(presence.users.map((u) => u.id).sort()).toEqual([state.w.member.user.id, state.w.moderator.user.id].sort());

    const typing = next(reader, 'typing');
    const selfQuiet = silent(typist, 'typing');
    expect(await ask(typist, 'typing', { threadId: thread.id })).toEqual({ ok: true });
    expect((await typing).user).toEqual({ id: state.w.member.user.id, displayName: state.w.member.displayName });
    expect(await selfQuiet).toBe(true);

    // Throttled: a second signal right away is acknowledged but not repeated.
    const repeated = silent(reader, 'typing');
    expect(await ask(typist, 'typing', { threadId: thread.id })).toEqual({ ok: true });
    expect(await repeated).toBe(true);
    expect((await ask(visitor, 'typing', { threadId: thread.id })).error?.code).toBe('UNAUTHENTICATED');
  });

  it('lets anonymous sockets follow public threads', async () => {
    const { thread } = await startThread(state.server.app, state.w.member, state.w.forumId);
    const visitor = await sockets.connect();
    expect((await ask(visitor, 'thread:join', { threadId: thread.id })).ok).toBe(true);
    const arriving = next(visitor, 'post:created');
    await replyTo(state.server.app, state.w.member, thread.id, 'Para todos');
    expect((await arriving).post.bodyHtml).toBe('<p>Para todos</p>');
  });

  it('shows new threads and activity to forum and community followers', async () => {
    const forumFollower = await sockets.connect();
    const communityFollower = await sockets.connect(state.w.outsider.cookie);
    expect((await ask(forumFollower, 'forum:join', { forumId: state.w.forumId })).ok).toBe(true);
    expect((await ask(communityFollower, 'community:join', { slug: state.w.slug })).ok).toBe(true);

    const created = next(forumFollower, 'thread:created');
    const createdInCommunity = next(communityFollower, 'thread:created');
    const { thread } = await startThread(state.server.app, state.w.member, state.w.forumId, { title: 'Tema en vivo para listas' });
    expect((await created).thread).toMatchObject({ id: thread.id, title: 'Tema en vivo para listas', postCount: 1 });
    expect((await createdInCommunity).thread.id).toBe(thread.id);

    const activity = next(forumFollower, 'thread:activity');
    await replyTo(state.server.app, state.w.moderator, thread.id, 'Respuesta');
    expect((await activity).thread).toMatchObject({ id: thread.id, postCount: 2 });

    const removed = next(forumFollower, 'thread:removed');
    await as(state.server.app, state.w.moderator).post(`/api/threads/${thread.id}/moderation`, { hidden: true });
    expect(await removed).toEqual({ threadId: thread.id, forumId: state.w.forumId });
  });
});
