import { sessionHandle } from '../modules/auth/session-store.ts';
import type { EventBus } from '../lib/event-bus.ts';
import type { Actor } from '../modules/auth/actor.ts';
import type { RoomAccess } from './room-access.ts';
import { rooms } from './rooms.ts';

/**
 * Keeps sockets' rooms true to who may read, as it changes: every change of access re-checks
 * the sockets in the rooms it touches through the one mechanism of room-access.ts (the same
 * read check as joining), which takes out and tells those who may no longer read.
 *
 * - a community's visibility (or anything else about it) changed: all its rooms;
 * - a membership changed (joined, left, approved, banned, unbanned, role): that person's sockets
 *   in that community's rooms;
 * - a thread changed (moved, hidden, restored, merged): the sockets in its room;
 * - a person changed (site role, name): their sockets take who they now are from their session
 *   (as at the handshake) and re-check every room they follow; an admin made a member again
 *   keeps no private room.
 *
 * A hidden post is not a change of who may read a room: readers get it redacted (fanout.ts).
 * Subscribed before the fan-out, so a thread's new state goes only to those still in its room.
 */
export function subscribeAccessSync(
  bus: EventBus,
  access: RoomAccess,
  identify: (sessionId: string) => Promise<{ actor: Actor } | null>,
): void {
  // Each process re-checks its own sockets: the events come to every process (issue 20), and
  // only the one holding a socket can take it out of its rooms or read its session.
  const everywhere = { everywhere: true };
  bus.subscribe(
    'session.ended',
    ({ userId, handle }) => {
      for (const socket of access.localSocketsIn(rooms.user(userId))) {
        if (socket.data.sessionId && sessionHandle(socket.data.sessionId) === handle) socket.disconnect(true);
      }
    },
    everywhere,
  );
  bus.subscribe(
    'user.updated',
    async ({ userId }) => {
      const local = access.localSocketsIn(rooms.user(userId));
      for (const socket of local) {
        const session = socket.data.sessionId ? await identify(socket.data.sessionId) : null;
        if (!session || session.actor.id !== userId) socket.disconnect(true);
        else socket.data.actor = session.actor;
      }
      await access.recheckSockets(local.filter((socket) => socket.connected));
    },
    everywhere,
  );
  // The re-checks start at once (the fan-out, subscribed after, waits for them: room-access.ts settled()).
  bus.subscribe('community.updated', ({ communityId }) => access.recheckCommunity(communityId), everywhere);
  bus.subscribe('community.membership.changed', ({ communityId, userId }) => access.recheckMember(userId, communityId), everywhere);
  bus.subscribe('thread.updated', ({ threadId }) => access.recheckThread(threadId), everywhere);
}
