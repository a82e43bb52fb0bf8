/**
 * A listed private community shows its listing to everyone, never its live activity: its rooms
 * stay closed to outsiders and to people whose request to join is pending, until they are in.
 */
import { describe, expect, it } from 'vitest';
import { registerUser } from '../helpers/accounts.ts';
import { as, replyTo, startThread } from '../helpers/forums.ts';
import { ask, liveWorld, next, silent } from '../helpers/sockets.ts';

const { state, sockets } = liveWorld({ visibility: 'private' });

describe('the rooms of a listed private community', () => {
  it('refuse visitors, outsiders and pending askers, and open once the invitation is accepted', async () => {
    const { app } = state.server;
    await as(app, state.w.admin).patch(`/api/communities/${state.w.slug}`, { listed: true });
    const { thread } = await startThread(app, state.w.member, state.w.forumId);
    const asker = await registerUser(app);
    expect((await as(app, asker).post(`/api/communities/${state.w.slug}/join`)).json().status).toBe('pending');

    for (const cookie of [undefined, state.w.outsider.cookie, asker.cookie]) {
      const socket = await sockets.connect(cookie);
      expect((await ask(socket, 'community:join', { slug: state.w.slug })).error?.code).toBe('COMMUNITY_NOT_FOUND');
      expect((await ask(socket, 'forum:join', { forumId: state.w.forumId })).error?.code).toBe('FORUM_NOT_FOUND');
      expect((await ask(socket, 'thread:join', { threadId: thread.id })).error?.code).toBe('THREAD_NOT_FOUND');
      const quiet = silent(socket, 'post:created');
      await replyTo(app, state.w.member, thread.id, 'Solo para miembros');
      expect(await quiet).toBe(true);
    }

    const { token } = (await as(app, state.w.moderator).post(`/api/communities/${state.w.slug}/invitations`, {})).json().invitation;
    const invited = await registerUser(app);
    expect((await as(app, invited).post(`/api/invitations/${token}/accept`)).json().status).toBe('active');
    const socket = await sockets.connect(invited.cookie);
    expect((await ask(socket, 'thread:join', { threadId: thread.id })).ok).toBe(true);
    const arrives = next(socket, 'post:created');
    await replyTo(app, state.w.member, thread.id, 'Bienvenida');
    await arrives;
  });
});
