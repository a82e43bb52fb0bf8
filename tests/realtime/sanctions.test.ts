import { describe, expect, it } from 'vitest';
import { registerUser } from '../helpers/accounts.ts';
import { as, buildWorld, replyTo, startThread } from '../helpers/forums.ts';
import { setTrust } from '../helpers/moderation.ts';
import { ask, liveWorld, next, silent } from '../helpers/sockets.ts';

const { state, sockets } = liveWorld();
const inAWeek = () => new Date(Date.now() + 7 * 86_400_000).toISOString();

async function newMember() {
  const account = await registerUser(state.server.app);
  await as(state.server.app, state.w.admin).post(`/api/communities/${state.w.slug}/members/${account.user.id}`, { status: 'active' });
  return account;
}

describe('sanctions over the live sockets', () => {
  it('refuses a suspended user’s typing at once, on a socket opened before the suspension', async () => {
    const { thread } = await startThread(state.server.app, state.w.moderator, state.w.forumId);
    const victim = await newMember();
    const socket = await sockets.connect(victim.cookie);
    const watcher = await sockets.connect(state.w.moderator.cookie);
    expect((await ask(socket, 'thread:join', { threadId: thread.id })).ok).toBe(true);
    await ask(watcher, 'thread:join', { threadId: thread.id });
    const seen = next(watcher, 'typing');
    expect((await ask(socket, 'typing', { threadId: thread.id })).ok).toBe(true);
    await seen;

    await as(state.server.app, state.w.admin).post(`/api/users/${victim.user.id}/suspension`, { until: inAWeek(), reason: 'Spam' });
    const quiet = silent(watcher, 'typing');
    const refused = await ask(socket, 'typing', { threadId: thread.id });
    expect(refused).toMatchObject({ ok: false, error: { code: 'ACCOUNT_SUSPENDED' } });
    expect(await quiet).toBe(true);
    // Reading goes on.
    expect((await ask(socket, 'thread:join', { threadId: thread.id })).ok).toBe(true);
  });

  it('refuses a silenced member’s typing in that community', async () => {
    const { thread } = await startThread(state.server.app, state.w.moderator, state.w.forumId);
    const victim = await newMember();
    const socket = await sockets.connect(victim.cookie);
    await ask(socket, 'thread:join', { threadId: thread.id });
    await as(state.server.app, state.w.moderator).post(`/api/communities/${state.w.slug}/members/${victim.user.id}/silence`, { until: inAWeek() });
    expect((await ask(socket, 'typing', { threadId: thread.id })).error?.code).toBe('SILENCED_IN_COMMUNITY');
  });

  it('delivers a held post to moderators only, and to everyone once approved', async () => {
    await as(state.server.app, state.w.moderator).patch(`/api/communities/${state.w.slug}/moderation/settings`, { holdNewUserPosts: true });
    const { thread } = await startThread(state.server.app, state.w.moderator, state.w.forumId);
    const newcomer = await newMember();
    const reader = await sockets.connect(state.w.member.cookie);
    const moderator = await sockets.connect(state.w.moderator.cookie);
    await ask(reader, 'thread:join', { threadId: thread.id });
    await ask(moderator, 'thread:join', { threadId: thread.id });
    const readerQuiet = silent(reader, 'post:created');
    const modSees = next(moderator, 'post:created');
    const held = await replyTo(state.server.app, newcomer, thread.id, 'Mi primer mensaje en la comunidad');
    expect((await modSees).post).toMatchObject({ id: held.id, hidden: true });
    expect(await readerQuiet).toBe(true);

    // A moderator's edit of the held post does not reveal it either.
    const readerStillQuiet = silent(reader, 'post:updated');
    const modSeesEdit = next(moderator, 'post:updated', (p) => p.post.id === held.id);
    expect((await as(state.server.app, state.w.moderator).patch(`/api/posts/${held.id}`, { body: 'Mi primer mensaje en la comunidad, corregido' })).statusCode).toBe(200);
    await modSeesEdit;
    expect(await readerStillQuiet).toBe(true);

    const arrives = next(reader, 'post:created', (p) => p.post.id === held.id);
    await as(state.server.app, state.w.moderator).post(`/api/moderation/held/${held.id}/approve`, {});
    expect((await arrives).post).toMatchObject({ hidden: false, bodyHtml: expect.stringContaining('primer mensaje') });
    await as(state.server.app, state.w.moderator).patch(`/api/communities/${state.w.slug}/moderation/settings`, { holdNewUserPosts: false });
  });

  it('does not announce a held new thread to the forum’s followers until it is approved', async () => {
    await as(state.server.app, state.w.moderator).patch(`/api/communities/${state.w.slug}/moderation/settings`, { holdNewUserPosts: true });
    const newcomer = await newMember();
    const follower = await sockets.connect(state.w.member.cookie);
    expect((await ask(follower, 'forum:join', { forumId: state.w.forumId })).ok).toBe(true);
    const quietCreated = silent(follower, 'thread:created');
    const quietRemoved = silent(follower, 'thread:removed');
    const { thread, post } = await startThread(state.server.app, newcomer, state.w.forumId, { title: 'Un tema que espera aprobación' });
    expect(await quietCreated).toBe(true);
    expect(await quietRemoved).toBe(true);
    const announced = next(follower, 'thread:created', (p) => p.thread.id === thread.id);
    await as(state.server.app, state.w.moderator).post(`/api/moderation/held/${post.id}/approve`, {});
    expect((await announced).thread).toMatchObject({ title: 'Un tema que espera aprobación', hidden: false });
    await as(state.server.app, state.w.moderator).patch(`/api/communities/${state.w.slug}/moderation/settings`, { holdNewUserPosts: false });
  });

  it('takes outsiders out of a thread’s room when it moves into a private community', async () => {
    const app = state.server.app;
    await setTrust(app, state.w);
    const priv = await buildWorld(app, { admin: state.w.admin, visibility: 'private' });
    const { thread } = await startThread(app, state.w.member, state.w.forumId);
    const outsider = await sockets.connect(state.w.outsider.cookie);
    const insider = await sockets.connect(priv.member.cookie);
    expect((await ask(outsider, 'thread:join', { threadId: thread.id })).ok).toBe(true);
    expect((await ask(insider, 'thread:join', { threadId: thread.id })).ok).toBe(true);
    const removed = next(outsider, 'thread:removed', (p) => p.threadId === thread.id);
    expect((await as(app, state.w.admin).post(`/api/threads/${thread.id}/move`, { forumId: priv.forumId })).statusCode).toBe(200);
    await removed;
    const quiet = silent(outsider, 'post:created', () => true, 800);
    const seen = next(insider, 'post:created', (p) => p.threadId === thread.id);
    await replyTo(app, priv.member, thread.id, 'Dato interno confidencial de la comunidad privada');
    expect((await seen).post.bodyHtml).toContain('confidencial');
    expect(await quiet).toBe(true);
    expect((await ask(outsider, 'thread:join', { threadId: thread.id })).error?.code).toBe('THREAD_NOT_FOUND');
  });
});
