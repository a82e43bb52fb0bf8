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
  deps: {
    live: LiveDiscussions;
    notifications: NotificationsService;
    /** Where to send once the access re-checks under way are done (room-access.ts `reach`); all processes without one. */
    reach?: () => Promise<MingaIo | MingaIo['local']>;
  },
): void {
  const { live, notifications } = deps;
  const settled = deps.reach ?? (async () => io);

  async function sendPost(event: 'post:created' | 'post:updated', postId: number): Promise<void> {
    const post = await live.postForBroadcast(postId);
    if (!post) return;
    const to = await settled();
    const { threadId } = post;
    to.to(rooms.threadMods(threadId)).emit(event, { threadId, post: post.full });
    // A post hidden from the start (held for approval) does not exist for anyone else yet,
    // nor do later changes to it (a moderator's edit, delete spammer).
    if ((event === 'post:created' && post.full.hidden) || post.visible === null) return;
    to.to(rooms.thread(threadId)).except(rooms.threadMods(threadId)).emit(event, { threadId, post: post.visible });
  }

  /** The thread's summary to the lists following its forum and community. */
  async function sendActivity(
    threadId: number,
    event: 'thread:created' | 'thread:activity',
    read?: Awaited<ReturnType<LiveDiscussions['threadForBroadcast']>>,
  ): Promise<void> {
    // A caller that has just read the thread passes it (a reply read it twice: two more queries per post).
    const found = read === undefined ? await live.threadForBroadcast(threadId) : read;
    if (!found) return;
    const to = await settled();
    const { summary, communityId } = found;
    const lists = [rooms.forum(summary.forumId), rooms.community(communityId)];
    const modLists = [rooms.forumMods(summary.forumId), rooms.communityMods(communityId)];
    if (summary.hidden) {
      to.to(modLists).emit('thread:activity', { thread: summary });
      // A thread hidden from its start (held for approval) was never shown: nothing to remove.
      if (event !== 'thread:created') to.to(lists).except(modLists).emit('thread:removed', { threadId, forumId: summary.forumId });
      return;
    }
    to.to(lists).emit(event, { thread: summary });
  }

  bus.subscribe('thread.created', ({ threadId }) => sendActivity(threadId, 'thread:created'));

  bus.subscribe('post.created', async ({ threadId, postId }) => {
    await sendPost('post:created', postId);
    const found = await live.threadForBroadcast(threadId);
    if (found && found.thread.firstPostId !== postId) await sendActivity(threadId, 'thread:activity', found);
  });

  bus.subscribe('post.updated', ({ postId }) => sendPost('post:updated', postId));
  bus.subscribe('post.reacted', ({ postId }) => sendPost('post:updated', postId));

  /**
   * Those who may no longer read the thread (moved out of their reach, hidden) were taken out
   * of its room already (access-sync.ts), on this process; the others hold it until theirs are
   * (server/cluster/access-order.ts). A hidden thread's state goes to moderators only all the
   * same.
   */
  bus.subscribe('thread.updated', async ({ threadId }) => {
    const found = await live.threadForBroadcast(threadId);
    if (!found) return;
    const to = await settled();
    const { thread } = found;
    to.to(rooms.threadMods(threadId)).emit('thread:updated', { thread });
    if (!thread.hidden) to.to(rooms.thread(threadId)).except(rooms.threadMods(threadId)).emit('thread:updated', { thread });
    await sendActivity(threadId, 'thread:activity', found);
  });

  // Personal, and many per post (one per watcher of a busy thread): every process answers for its
  // own sockets (the events reach each one) and reads nothing for a member with none open here.
  // Asked through the adapter instead, a post to a thread with 18 watchers read 340 rows to
  // emit to nobody (measured: 20 posts/s on the demo's longest thread).
  const online = (userId: number) => io.sockets.adapter.rooms.has(rooms.user(userId));
  const everywhere = { everywhere: true };
  bus.subscribe(
    'notification.created',
    async ({ userId, notificationId }) => {
      if (!online(userId)) return;
      const notification = await notifications.forRecipient(userId, notificationId);
      if (!notification) return;
      io.local.to(rooms.user(userId)).emit('notification', { notification, unread: await notifications.unreadFor(userId) });
    },
    everywhere,
  );

  bus.subscribe(
    'notifications.read',
    async ({ userId }) => {
      if (!online(userId)) return;
      io.local.to(rooms.user(userId)).emit('notifications:unread', { unread: await notifications.unreadFor(userId) });
    },
    everywhere,
  );

  bus.subscribe('data.export.changed', ({ userId, exportId, status, progress }) => {
    io.to(rooms.user(userId)).emit('export:progress', { id: exportId, status, progress });
  });

  subscribeReadsFanout(bus, io, live);
}
