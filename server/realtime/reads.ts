import type { EventBus } from '../lib/event-bus.ts';
import type { LiveDiscussions } from '../modules/discussions/live.ts';
import { rooms } from './rooms.ts';
import type { MingaIo } from './types.ts';

/**
 * Unread marks and counts are personal: each change goes to the member's own room, computed
 * for them (muted threads never count). A new post updates every signed-in member who has its
 * forum or community list open (they joined that room through the lists' gate); their own
 * reading, muting or marking read updates their other tabs.
 */
export function subscribeReadsFanout(bus: EventBus, io: MingaIo, live: LiveDiscussions, onError: (error: unknown) => void = () => {}): void {
  function sendThread(userId: number, threadId: number): void {
    const changed = live.readsOfThread(userId, threadId);
    if (changed) io.to(rooms.user(userId)).emit('reads:changed', changed);
  }

  /** Reading is frequent (every few seconds per reader): nothing is counted for a member with no socket open. */
  async function online(userId: number): Promise<boolean> {
    return (await io.in(rooms.user(userId)).fetchSockets()).length > 0;
  }

  async function toListReaders(postId: number): Promise<void> {
    const place = live.readersOfPost(postId);
    if (!place) return;
    const sockets = await io.in([rooms.forum(place.forumId), rooms.community(place.communityId)]).fetchSockets();
    const userIds = new Set(sockets.flatMap((s) => (s.data.actor ? [s.data.actor.id] : [])));
    for (const userId of userIds) sendThread(userId, place.threadId);
  }

  bus.subscribe('post.created', ({ postId }) => toListReaders(postId).catch(onError));
  /** Whether one of the member's sockets follows a list the thread is on (its forum or community). */
  async function listOpen(userId: number, threadId: number): Promise<boolean> {
    const place = live.placeOfThread(threadId);
    if (!place) return false;
    const lists = [rooms.forum(place.forumId), rooms.community(place.communityId)];
    return (await io.in(rooms.user(userId)).fetchSockets()).some((socket) => lists.some((room) => socket.rooms.has(room)));
  }

  // The most frequent one (each reader's batch every few seconds): only for a list they have open.
  bus.subscribe('thread.read', async ({ userId, threadId }) => {
    if (await listOpen(userId, threadId)) sendThread(userId, threadId);
  });
  bus.subscribe('reads.changed', async ({ userId, threadId, communityId, forumId }) => {
    if (!(await online(userId))) return;
    if (threadId !== undefined) sendThread(userId, threadId);
    else if (communityId !== undefined) io.to(rooms.user(userId)).emit('reads:changed', live.readsCleared(userId, communityId, forumId ?? null));
  });
}
