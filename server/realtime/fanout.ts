import type { EventBus } from '../lib/event-bus.ts';
import type { LiveDiscussions } from '../modules/discussions/live.ts';
import type { NotificationsService } from '../modules/notifications/service.ts';
import { subscribeReadsFanout } from './reads.ts';
import { rooms } from './rooms.ts';
import type { MingaIo } from './types.ts';

/**
 * Domain events to rooms. Payloads have the REST API's shapes; hidden content goes only to
 * the moderators' rooms, everyone else learns that it is gone.
 */
export function subscribeFanout(
  bus: EventBus,
  io: MingaIo,
  deps: { live: LiveDiscussions; notifications: NotificationsService },
): void {
  const { live, notifications } = deps;

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
   * Those who may no longer read the thread (moved out of their reach, hidden) were taken out
   * of its room already (access-sync.ts); a hidden thread's state goes to moderators only all
   * the same.
   */
  bus.subscribe('thread.updated', ({ threadId }) => {
    const found = live.threadForBroadcast(threadId);
    if (!found) return;
    const { thread } = found;
    io.to(rooms.threadMods(threadId)).emit('thread:updated', { thread });
    if (!thread.hidden) io.to(rooms.thread(threadId)).except(rooms.threadMods(threadId)).emit('thread:updated', { thread });
    sendActivity(threadId, 'thread:activity');
  });

  bus.subscribe('notification.created', async ({ userId, notificationId }) => {
    const notification = await notifications.forRecipient(userId, notificationId);
    if (!notification) return;
    io.to(rooms.user(userId)).emit('notification', { notification, unread: await notifications.unreadFor(userId) });
  });

  bus.subscribe('notifications.read', async ({ userId }) => {
    io.to(rooms.user(userId)).emit('notifications:unread', { unread: await notifications.unreadFor(userId) });
  });

  bus.subscribe('data.export.changed', ({ userId, exportId, status, progress }) => {
    io.to(rooms.user(userId)).emit('export:progress', { id: exportId, status, progress });
  });

  subscribeReadsFanout(bus, io, live);
}
