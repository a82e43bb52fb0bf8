import { Type } from 'typebox';
import {
  CommunityRef,
  ForumRef,
  SOCKET_LIMITS,
  ThreadRef,
  ThreadRoomPayload,
  type ThreadJoined,
} from '../../shared/events.ts';
import { AppError } from '../lib/errors.ts';
import type { LiveDiscussions } from '../modules/discussions/live.ts';
import { handle } from './guard.ts';
import type { PresenceTracker } from './presence.ts';
import { rooms } from './rooms.ts';
import type { MingaSocket } from './types.ts';

const NoPayload = Type.Undefined();

/**
 * The client events of a connection. Joining a room asks the same permission check as the
 * REST API; a refusal is the API's own 404, as an error acknowledgement.
 */
export function registerHandlers(
  socket: MingaSocket,
  deps: { live: LiveDiscussions; presence: PresenceTracker; onUnexpected: (error: unknown) => void },
): void {
  const { live, presence, onUnexpected } = deps;
  const actor = socket.data.actor;

  function follow(room: string, modRoom: string, communityId: number, canModerate: boolean): void {
    if (!socket.data.followed.has(room) && socket.data.followed.size >= SOCKET_LIMITS.maxRooms) {
      throw new AppError('TOO_MANY_ROOMS');
    }
    socket.data.followed.set(room, { communityId, modRoom });
    void socket.join(canModerate ? [room, modRoom] : room);
  }

  function unfollow(room: string): void {
    const followed = socket.data.followed.get(room);
    if (!followed) return;
    socket.data.followed.delete(room);
    void socket.leave(room);
    void socket.leave(followed.modRoom);
    presence.leave(room, socket.id);
  }

  // session:ping carries nothing but its acknowledgement.
  handle(socket, 'session:ping', NoPayload, () => ({ serverTime: new Date().toISOString() }), onUnexpected);

  handle(
    socket,
    'thread:join',
    ThreadRoomPayload,
    ({ threadId, sincePostId }): ThreadJoined => {
      const { communityId, canModerate } = live.joinThread(actor, threadId);
      const room = rooms.thread(threadId);
      follow(room, rooms.threadMods(threadId), communityId, canModerate);
      presence.enter(room, socket.id, actor ? { id: actor.id, displayName: actor.displayName } : null);
      return sincePostId === undefined ? { missed: [], truncated: false } : live.postsSince(actor, threadId, sincePostId);
    },
    onUnexpected,
  );

  handle(socket, 'thread:leave', ThreadRef, ({ threadId }) => unfollow(rooms.thread(threadId)), onUnexpected);

  handle(
    socket,
    'forum:join',
    ForumRef,
    ({ forumId }) => {
      const { communityId, canModerate } = live.joinForum(actor, forumId);
      follow(rooms.forum(forumId), rooms.forumMods(forumId), communityId, canModerate);
    },
    onUnexpected,
  );

  handle(socket, 'forum:leave', ForumRef, ({ forumId }) => unfollow(rooms.forum(forumId)), onUnexpected);

  handle(
    socket,
    'community:join',
    CommunityRef,
    ({ slug }) => {
      const { communityId, canModerate } = live.joinCommunity(actor, slug);
      follow(rooms.community(communityId), rooms.communityMods(communityId), communityId, canModerate);
    },
    onUnexpected,
  );

  handle(
    socket,
    'community:leave',
    CommunityRef,
    ({ slug }) => {
      const { communityId } = live.joinCommunity(actor, slug);
      unfollow(rooms.community(communityId));
    },
    onUnexpected,
  );

  handle(
    socket,
    'typing',
    ThreadRef,
    ({ threadId }) => {
      if (!actor) throw new AppError('UNAUTHENTICATED');
      const room = rooms.thread(threadId);
      if (!socket.data.followed.has(room)) throw new AppError('THREAD_NOT_FOUND');
      const now = Date.now();
      live.requireCanWrite(actor, threadId);
      // Throttled: a signal within the interval is acknowledged but not repeated to others.
      if (now - (socket.data.lastTyping.get(threadId) ?? 0) < SOCKET_LIMITS.typingIntervalMs) return;
      socket.data.lastTyping.set(threadId, now);
      socket.to(room).emit('typing', { threadId, user: { id: actor.id, displayName: actor.displayName } });
    },
    onUnexpected,
  );

  socket.on('disconnect', () => {
    for (const room of socket.data.followed.keys()) presence.leave(room, socket.id);
    socket.data.followed.clear();
  });
}
