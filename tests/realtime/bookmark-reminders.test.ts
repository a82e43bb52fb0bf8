/** A bookmark's reminder reaches the member live, like any notification (issue 16, part 5). */
import { describe, expect, it } from 'vitest';
import { registerUser } from '../helpers/accounts.ts';
import { as, startThread } from '../helpers/forums.ts';
import { liveWorld, next } from '../helpers/sockets.ts';

const { state, sockets } = liveWorld();

describe('bookmark reminders', () => {
  it('push a bookmark_reminder notification to the member’s socket when the scheduler fires it', async () => {
    const reader = await registerUser(state.server.app);
    const { thread, post } = await startThread(state.server.app, state.w.member, state.w.forumId, { title: 'Volver a este tema' });
    const remindAt = new Date(Date.now() + 3_600_000);
    expect((await as(state.server.app, reader).post(`/api/posts/${post.id}/bookmark`, { remindAt: remindAt.toISOString() })).statusCode).toBe(200);
    const socket = await sockets.connect(reader.cookie);

    const pushed = next(socket, 'notification');
    await state.server.app.bookmarkReminders.runDue(new Date(remindAt.getTime() + 1));
    const { notification, unread } = await pushed;
    expect(notification).toMatchObject({ kind: 'bookmark_reminder', postId: post.id, thread: { id: thread.id, title: 'Volver a este tema' }, url: `/t/${thread.id}#post-${post.id}`, read: false });
    expect(unread).toBe(1);
  });
});
