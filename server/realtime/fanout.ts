import type { EventBus } from '../lib/event-bus.ts';
import type { LiveDiscussions } from '../modules/discussions/live.ts';
import type { NotificationsService } from '../modules/notifications/service.ts';
import type { PresenceTracker } from './presence.ts';
import { rooms } from './rooms.ts';
import type { MingaIo } from './types.ts';

/**
 * Domain events to rooms. Payloads have the REST API's shapes; hidden content goes only to
 * the moderators' rooms, everyone else learns that it is gone.
 */
export function subscribeFanout(
  bus: EventBus,
  io: MingaIo,
  deps: { live: LiveDiscussions; notifications: NotificationsService; presence: PresenceTracker },
): void {
  const { live, notifications, presence } = deps;

  function sendPost(event: 'post:created' | 'post:updated', postId: number): void {
    const post = live.postForBroadcast(postId);
    if (!post) return;
    const { threadId } = post;
    io.to(rooms.threadMods(threadId)).emit(event, { threadId, post: post.full });
    // A post hidden from the start (held for approval) does not exist for anyone else yet,
    // nor do later changes to it (a moderator's edit, delete spammer).
    if ((event === 'post:created' && post.full.hidden) || post.visible === null) return;
    io.to(rooms.thread(threadId)).except(rooms.threadMods(threadId)).emit(event, { threadId, post: post.visible });
  }

  /** The thread's summary to the lists following its forum and community. */
  function sendActivity(threadId: number, event: 'thread:created' | 'thread:activity'): void {
    const found = live.threadForBroadcast(threadId);
    if (!found) return;
    const { summary, communityId } = found;
    const lists = [rooms.forum(summary.forumId), rooms.community(communityId)];
    const modLists = [rooms.forumMods(summary.forumId), rooms.communityMods(communityId)];
    if (summary.hidden) {
      io.to(modLists).emit('thread:activity', { thread: summary });
      // A thread hidden from its start (held for approval) was never shown: nothing to remove.
      if (event !== 'thread:created') io.to(lists).except(modLists).emit('thread:removed', { threadId, forumId: summary.forumId });
      return;
    }
    io.to(lists).emit(event, { thread: summary });
  }

  bus.subscribe('thread.created', ({ threadId }) => sendActivity(threadId, 'thread:created'));

  bus.subscribe('post.created', ({ threadId, postId }) => {
    sendPost('post:created', postId);
    const found = live.threadForBroadcast(threadId);
    if (found && found.thread.firstPostId !== postId) sendActivity(threadId, 'thread:activity');
  });

  bus.subscribe('post.updated', ({ postId }) => sendPost('post:updated', postId));
  bus.subscribe('post.reacted', ({ postId }) => sendPost('post:updated', postId));

  /**
   * A thread moved into another community: every socket in its room is checked again as if it
   * joined now. Those refused (an outsider of a private community) are told it is gone and
   * leave; the others follow it under its new community, in its moderators' room or not.
   */
  async function recheckMoved(threadId: number, communityId: number): Promise<void> {
    const room = rooms.thread(threadId);
    for (const socket of await io.in(room).fetchSockets()) {
      const followed = socket.data.followed.get(room);
      if (!followed || followed.communityId === communityId) continue;
      let canModerate = false;
      try {
        canModerate = live.joinThread(socket.data.actor, threadId).canModerate;
      } catch {
        socket.emit('thread:removed', { threadId, forumId: live.threadForBroadcast(threadId)?.thread.forumId ?? 0 });
        socket.leave(room);
        socket.leave(followed.modRoom);
        socket.data.followed.delete(room);
        presence.leave(room, socket.id);
        continue;
      }
      followed.communityId = communityId;
      if (canModerate) socket.join(followed.modRoom);
      else socket.leave(followed.modRoom);
    }
  }

  bus.subscribe('thread.updated', async ({ threadId }) => {
    const found = live.threadForBroadcast(threadId);
    if (!found) return;
    const { thread, communityId } = found;
    await recheckMoved(threadId, communityId);
    io.to(rooms.threadMods(threadId)).emit('thread:updated', { thread });
    if (thread.hidden) {
      // Readers who are not moderators lose the thread: told so, then out of its room.
      io.to(rooms.thread(threadId)).except(rooms.threadMods(threadId)).emit('thread:removed', { threadId, forumId: thread.forumId });
      const room = rooms.thread(threadId);
      for (const socket of await io.in(room).except(rooms.threadMods(threadId)).fetchSockets()) {
        socket.leave(room);
        socket.data.followed.delete(room);
        presence.leave(room, socket.id);
      }
    } else {
      io.to(rooms.thread(threadId)).except(rooms.threadMods(threadId)).emit('thread:updated', { thread });
    }
    sendActivity(threadId, 'thread:activity');
  });

  bus.subscribe('notification.created', ({ userId, notificationId }) => {
    const notification = notifications.forRecipient(userId, notificationId);
    if (!notification) return;
    io.to(rooms.user(userId)).emit('notification', { notification, unread: notifications.unreadFor(userId) });
  });

  bus.subscribe('notifications.read', ({ userId }) => {
    io.to(rooms.user(userId)).emit('notifications:unread', { unread: notifications.unreadFor(userId) });
  });
}
