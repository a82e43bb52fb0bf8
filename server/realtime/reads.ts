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

  function sendThread(userId: number, threadId: number): void {
    const changed = live.readsOfThread(userId, threadId);
    if (changed) io.local.to(rooms.user(userId)).emit('reads:changed', changed);
  }

  /** Reading is frequent (every few seconds per reader): nothing is counted for a member with no socket open here. */
  const online = (userId: number) => io.sockets.adapter.rooms.has(rooms.user(userId));

  function toListReaders(postId: number): void {
    const place = live.readersOfPost(postId);
    if (!place) return;
    const sockets = [...localSockets(rooms.forum(place.forumId)), ...localSockets(rooms.community(place.communityId))];
    const userIds = new Set(sockets.flatMap((s) => (s.data.actor ? [s.data.actor.id] : [])));
    for (const userId of userIds) sendThread(userId, place.threadId);
  }

  bus.subscribe('post.created', ({ postId }) => toListReaders(postId), everywhere);
  /** Whether one of the member's sockets here follows a list the thread is on (its forum or community). */
  function listOpen(userId: number, threadId: number): boolean {
    if (!online(userId)) return false;
    const place = live.placeOfThread(threadId);
    if (!place) return false;
    const lists = [rooms.forum(place.forumId), rooms.community(place.communityId)];
    return localSockets(rooms.user(userId)).some((socket) => lists.some((room) => socket.rooms.has(room)));
  }

  // The most frequent one (each reader's batch every few seconds): only for a list they have open.
  bus.subscribe(
    'thread.read',
    ({ userId, threadId }) => {
      if (listOpen(userId, threadId)) sendThread(userId, threadId);
    },
    everywhere,
  );
  bus.subscribe(
    'reads.changed',
    ({ userId, threadId, communityId, forumId }) => {
      if (!online(userId)) return;
      if (threadId !== undefined) sendThread(userId, threadId);
      else if (communityId !== undefined) io.local.to(rooms.user(userId)).emit('reads:changed', live.readsCleared(userId, communityId, forumId ?? null));
    },
    everywhere,
  );
}
