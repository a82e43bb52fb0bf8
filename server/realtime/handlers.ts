import { Type } from 'typebox';
import { CommunityRef, ForumRef, SOCKET_LIMITS, ThreadRef, ThreadRoomPayload, type ThreadJoined } from '../../shared/events.ts';
import { AppError } from '../lib/errors.ts';
import type { LiveDiscussions } from '../modules/discussions/live.ts';
import { handle } from './guard.ts';
import type { PresenceTracker } from './presence.ts';
import type { RoomAccess } from './room-access.ts';
import { rooms } from './rooms.ts';
import type { MingaSocket } from './types.ts';

const NoPayload = Type.Undefined();

/**
 * The client events of a connection. Joining a room asks the same permission check as the
 * REST API (room-access.ts); a refusal is the API's own 404, as an error acknowledgement.
 */
export function registerHandlers(
  socket: MingaSocket,
  deps: { live: LiveDiscussions; access: RoomAccess; presence: PresenceTracker; onUnexpected: (error: unknown) => void },
): void {
  const { live, access, presence, onUnexpected } = deps;
  // Who the socket is, asked at each event: a change of site role updates it (access-sync.ts).
  const actorNow = () => socket.data.actor;

  // session:ping carries nothing but its acknowledgement.
  handle(socket, 'session:ping', NoPayload, () => ({ serverTime: new Date().toISOString() }), onUnexpected);

  handle(
    socket,
    'thread:join',
    ThreadRoomPayload,
    async ({ threadId, sincePostId }): Promise<ThreadJoined> => {
      await access.follow(socket, 'thread', threadId);
      return sincePostId === undefined ? { missed: [], truncated: false } : await live.postsSince(actorNow(), threadId, sincePostId);
    },
    onUnexpected,
  );

  handle(socket, 'thread:leave', ThreadRef, ({ threadId }) => access.unfollow(socket, 'thread', threadId), onUnexpected);

  handle(socket, 'forum:join', ForumRef, async ({ forumId }) => void (await access.follow(socket, 'forum', forumId)), onUnexpected);

  handle(socket, 'forum:leave', ForumRef, ({ forumId }) => access.unfollow(socket, 'forum', forumId), onUnexpected);

  // Communities are named by slug on the wire and followed by id.
  handle(
    socket,
    'community:join',
    CommunityRef,
    async ({ slug }) => void (await access.follow(socket, 'community', (await live.joinCommunity(actorNow(), slug)).communityId)),
    onUnexpected,
  );

  handle(
    socket,
    'community:leave',
    CommunityRef,
    async ({ slug }) => access.unfollow(socket, 'community', (await live.joinCommunity(actorNow(), slug)).communityId),
    onUnexpected,
  );

  handle(
    socket,
    'typing',
    ThreadRef,
    async ({ threadId }) => {
      const actor = actorNow();
      if (!actor) throw new AppError('UNAUTHENTICATED');
      const room = rooms.thread(threadId);
      if (!socket.data.followed.has(room)) throw new AppError('THREAD_NOT_FOUND');
      await live.requireCanWrite(actor, threadId);
      const now = Date.now();
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
