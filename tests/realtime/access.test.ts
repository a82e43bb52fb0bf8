import { describe, expect, it } from 'vitest';
import { ORIGIN } from '../helpers/accounts.ts';
import { as, replyTo, startThread } from '../helpers/forums.ts';
import { ask, liveWorld, next, silent } from '../helpers/sockets.ts';

const { state, sockets } = liveWorld({ visibility: 'private' });

describe('who may follow what', () => {
  it("refuses a non-member's join of a private thread room, as the REST API does", async () => {
    const { thread } = await startThread(state.server.app, state.w.member, state.w.forumId);
    for (const socket of [await sockets.connect(state.w.outsider.cookie), await sockets.connect()]) {
      const refused = await ask(socket, 'thread:join', { threadId: thread.id });
      expect(refused).toMatchObject({ ok: false, error: { code: 'THREAD_NOT_FOUND' } });
      expect((await ask(socket, 'forum:join', { forumId: state.w.forumId })).error?.code).toBe('FORUM_NOT_FOUND');
      expect((await ask(socket, 'community:join', { slug: state.w.slug })).error?.code).toBe('COMMUNITY_NOT_FOUND');
      const quiet = silent(socket, 'post:created');
      await replyTo(state.server.app, state.w.member, thread.id, 'Privado');
      expect(await quiet).toBe(true);
    }
  });

  it('stops delivering at once to a member banned while connected', async () => {
    const victim = await (async () => {
      const { registerUser } = await import('../helpers/accounts.ts');
      const account = await registerUser(state.server.app);
      await as(state.server.app, state.w.admin).post(`/api/communities/${state.w.slug}/members/${account.user.id}`, { status: 'active' });
      return account;
    })();
    const { thread } = await startThread(state.server.app, state.w.member, state.w.forumId);
    const socket = await sockets.connect(victim.cookie);
    expect((await ask(socket, 'thread:join', { threadId: thread.id })).ok).toBe(true);
    expect((await ask(socket, 'forum:join', { forumId: state.w.forumId })).ok).toBe(true);
    const first = next(socket, 'post:created');
    await replyTo(state.server.app, state.w.member, thread.id, 'Antes de la sanción');
    await first;

    await as(state.server.app, state.w.moderator).post(`/api/communities/${state.w.slug}/members/${victim.user.id}`, { status: 'banned' });
    const quietThread = silent(socket, 'post:created');
    const quietForum = silent(socket, 'thread:activity');
    await replyTo(state.server.app, state.w.member, thread.id, 'Después de la sanción');
    expect(await quietThread).toBe(true);
    expect(await quietForum).toBe(true);
    expect((await ask(socket, 'thread:join', { threadId: thread.id })).error?.code).toBe('THREAD_NOT_FOUND');
  });

  it('takes a thread hidden by a moderator away from its readers', async () => {
    const { thread } = await startThread(state.server.app, state.w.member, state.w.forumId);
    const reader = await sockets.connect(state.w.member.cookie);
    await ask(reader, 'thread:join', { threadId: thread.id });
    const removed = next(reader, 'thread:removed');
    await as(state.server.app, state.w.moderator).post(`/api/threads/${thread.id}/moderation`, { hidden: true });
    expect(await removed).toEqual({ threadId: thread.id, forumId: state.w.forumId });
    const quiet = silent(reader, 'post:created');
    await replyTo(state.server.app, state.w.moderator, thread.id, 'Solo para moderación');
    expect(await quiet).toBe(true);
    // No longer a reader of it: typing there is refused, as for a thread never joined.
    expect((await ask(reader, 'typing', { threadId: thread.id })).error?.code).toBe('THREAD_NOT_FOUND');
  });

  it("drops the session's sockets when its user logs out", async () => {
    const socket = await sockets.connect(state.w.member.cookie);
    const gone = new Promise((resolve) => socket.once('disconnect', resolve));
    const { registerUser } = await import('../helpers/accounts.ts');
    const other = await registerUser(state.server.app);
    const unaffected = await sockets.connect(other.cookie);
    const login = await state.server.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { origin: ORIGIN },
      payload: { username: state.w.member.username, password: state.w.member.password },
    });
    const secondSession = `minga_session=${login.cookies.find((c) => c.name === 'minga_session')!.value}`;
    const sameUserOtherSession = await sockets.connect(secondSession);
    await state.server.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { origin: ORIGIN, cookie: state.w.member.cookie } });
    await expect(gone).resolves.toBeTruthy();
    expect(sameUserOtherSession.connected).toBe(true);
    expect(unaffected.connected).toBe(true);
  });
});
