import type { EventBus } from '../lib/event-bus.ts';
import type { LiveDiscussions } from '../modules/discussions/live.ts';
import { rooms } from './rooms.ts';
import type { MingaIo, MingaSocket } from './types.ts';

/**
 * Unread marks and counts are personal: each change goes to the member's own room, computed
 * for them (muted threads never count). A new post updates every signed-in member who has its
 * forum or community list open (they joined that room through the lists' gate); their own
 * reading, muting or marking read updates their other tabs.
 *
 * Every process answers for its own sockets (issue 20): the events reach each one, which looks
 * only at the sockets it holds and emits to them alone, instead of asking every process who is
 * connected and broadcasting back through Redis.
 */
export function subscribeReadsFanout(bus: EventBus, io: MingaIo, live: LiveDiscussions): void {
  const everywhere = { everywhere: true };

  function localSockets(room: string): MingaSocket[] {
    const ids = io.sockets.adapter.rooms.get(room);
    return ids ? [...ids].flatMap((id) => io.sockets.sockets.get(id) ?? []) : [];
  }

  async function sendThread(userId: number, threadId: number): Promise<void> {
    const changed = await live.readsOfThread(userId, threadId);
    if (changed) io.local.to(rooms.user(userId)).emit('reads:changed', changed);
  }

  /** Reading is frequent (every few seconds per reader): nothing is counted for a member with no socket open here. */
  const online = (userId: number) => io.sockets.adapter.rooms.has(rooms.user(userId));

  async function toListReaders(postId: number): Promise<void> {
    const place = await live.readersOfPost(postId);
    if (!place) return;
    const sockets = [...localSockets(rooms.forum(place.forumId)), ...localSockets(rooms.community(place.communityId))];
    const userIds = new Set(sockets.flatMap((s) => (s.data.actor ? [s.data.actor.id] : [])));
    for (const userId of userIds) await sendThread(userId, place.threadId);
  }

  bus.subscribe('post.created', ({ postId }) => toListReaders(postId), everywhere);
  /** Whether one of the member's sockets here follows a list the thread is on (its forum or community). */
  async function listOpen(userId: number, threadId: number): Promise<boolean> {
    if (!online(userId)) return false;
    const place = await live.placeOfThread(threadId);
    if (!place) return false;
    const lists = [rooms.forum(place.forumId), rooms.community(place.communityId)];
    return localSockets(rooms.user(userId)).some((socket) => lists.some((room) => socket.rooms.has(room)));
  }

  // The most frequent one (each reader's batch every few seconds): only for a list they have open.
  bus.subscribe(
    'thread.read',
    async ({ userId, threadId }) => {
      if (await listOpen(userId, threadId)) await sendThread(userId, threadId);
    },
    everywhere,
  );
  bus.subscribe(
    'reads.changed',
    async ({ userId, threadId, communityId, forumId }) => {
      if (!online(userId)) return;
      if (threadId !== undefined) await sendThread(userId, threadId);
      else if (communityId !== undefined) io.local.to(rooms.user(userId)).emit('reads:changed', await live.readsCleared(userId, communityId, forumId ?? null));
    },
    everywhere,
  );
}
