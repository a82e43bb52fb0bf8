import type { EventBus } from '../lib/event-bus.ts';
import type { AuthService } from '../modules/auth/service.ts';
import type { RoomAccess } from './room-access.ts';
import { rooms } from './rooms.ts';
import type { MingaIo } from './types.ts';

/**
 * Keeps sockets' rooms true to who may read, as it changes: every change of access re-checks
 * the sockets in the rooms it touches through the one mechanism of room-access.ts (the same
 * read check as joining), which takes out and tells those who may no longer read.
 *
 * - a community's visibility (or anything else about it) changed: all its rooms;
 * - a membership changed (joined, left, approved, banned, unbanned, role): that person's sockets
 *   in that community's rooms;
 * - a thread changed (moved, hidden, restored, merged): the sockets in its room;
 * - a person changed (a site role given or taken): their sockets take the account as it now
 *   is (read again through their session, as at the handshake), then all their rooms.
 *
 * A hidden post is not a change of who may read a room: readers get it redacted (fanout.ts).
 * Subscribed before the fan-out, so a thread's new state goes only to those still in its room.
 */
export function subscribeAccessSync(bus: EventBus, io: MingaIo, access: RoomAccess, auth: Pick<AuthService, 'authenticateSession'>): void {
  bus.subscribe('session.ended', async ({ userId, sessionId }) => {
    for (const socket of await io.in(rooms.user(userId)).fetchSockets()) {
      if (socket.data.sessionId === sessionId) socket.disconnect(true);
    }
  });
  bus.subscribe('community.updated', ({ communityId }) => access.recheckCommunity(communityId));
  bus.subscribe('community.membership.changed', ({ communityId, userId }) => access.recheckMember(userId, communityId));
  bus.subscribe('thread.updated', ({ threadId }) => access.recheckThread(threadId));
  bus.subscribe('user.updated', async ({ userId }) => {
    const sockets = await io.in(rooms.user(userId)).fetchSockets();
    for (const remote of sockets) {
      const socket = io.sockets.sockets.get(remote.id);
      if (!socket?.data.sessionId) continue;
      const session = await auth.authenticateSession(socket.data.sessionId);
      if (!session) {
        socket.disconnect(true);
        continue;
      }
      socket.data.actor = { ...session.actor, address: socket.data.actor?.address };
      access.recheckSockets([socket]);
    }
  });
}
