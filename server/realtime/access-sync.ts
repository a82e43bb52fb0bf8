import type { EventBus } from '../lib/event-bus.ts';
import type { LiveDiscussions } from '../modules/discussions/live.ts';
import type { PresenceTracker } from './presence.ts';
import { rooms } from './rooms.ts';
import type { MingaIo } from './types.ts';

/**
 * Keeps sockets' rooms true to permissions as they change: logging out drops the session's
 * sockets; a ban, leaving a private community or losing the moderator role takes the
 * user's sockets out of that community's rooms at once.
 */
export function subscribeAccessSync(bus: EventBus, io: MingaIo, deps: { live: LiveDiscussions; presence: PresenceTracker }): void {
  bus.subscribe('session.ended', async ({ userId, sessionId }) => {
    for (const socket of await io.in(rooms.user(userId)).fetchSockets()) {
      if (socket.data.sessionId === sessionId) socket.disconnect(true);
    }
  });

  bus.subscribe('community.membership.changed', async ({ communityId, userId }) => {
    for (const socket of await io.in(rooms.user(userId)).fetchSockets()) {
      const standing = deps.live.standing(socket.data.actor, communityId);
      for (const [room, followed] of socket.data.followed) {
        if (followed.communityId !== communityId) continue;
        if (!standing.visible) {
          socket.leave(room);
          socket.leave(followed.modRoom);
          socket.data.followed.delete(room);
          deps.presence.leave(room, socket.id);
        } else if (standing.canModerate) {
          socket.join(followed.modRoom);
        } else {
          socket.leave(followed.modRoom);
        }
      }
    }
  });
}
