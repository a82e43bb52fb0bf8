import { sessionHandle } from '../modules/auth/session-store.ts';
import type { DomainEvents, EventBus } from '../lib/event-bus.ts';
import type { Actor } from '../modules/auth/actor.ts';
import type { RoomAccess } from './room-access.ts';
import { rooms } from './rooms.ts';

/** The domain events that change who may read (or who a socket is). */
const ACCESS_EVENTS = ['session.ended', 'user.updated', 'community.updated', 'community.membership.changed', 'thread.updated'] as const;
type AccessEvent = (typeof ACCESS_EVENTS)[number];

/** One change of access, as it travels to the other processes. */
export type AccessChange = { [K in AccessEvent]: { event: K; payload: DomainEvents[K] } }[AccessEvent];

/**
 * How a change reaches the other processes (server/cluster/access-order.ts): on the same ordered
 * way as the broadcasts this process sends after it, so none of those reaches another process
 * before it has begun re-checking its own sockets.
 */
export interface AccessRelay {
  /** Resolves once the change is on its way to the others; rejects when it could not be sent. */
  tell(change: AccessChange): Promise<unknown>;
  /** The changes the other processes tell. */
  listen(apply: (change: AccessChange) => void): void;
  onFailure(error: unknown): void;
}

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
  relay: AccessRelay | null,
): void {
  /**
   * Each process re-checks its own sockets: only the one holding a socket can take it out of its
   * rooms or read its session. Every re-check is under way (tracked) before this returns: what
   * waits for `settled()` sees it.
   */
  function apply(change: AccessChange): void {
    switch (change.event) {
      case 'session.ended': {
        const { userId, handle } = change.payload;
        for (const socket of access.localSocketsIn(rooms.user(userId))) {
          if (socket.data.sessionId && sessionHandle(socket.data.sessionId) === handle) socket.disconnect(true);
        }
        return;
      }
      case 'user.updated': {
        const { userId } = change.payload;
        void access.rechecking(
          (async () => {
            const local = access.localSocketsIn(rooms.user(userId));
            for (const socket of local) {
              const session = socket.data.sessionId ? await identify(socket.data.sessionId) : null;
              if (!session || session.actor.id !== userId) socket.disconnect(true);
              else socket.data.actor = session.actor;
            }
            await access.recheckSockets(local.filter((socket) => socket.connected));
          })(),
        );
        return;
      }
      case 'community.updated':
        void access.recheckCommunity(change.payload.communityId);
        return;
      case 'community.membership.changed':
        void access.recheckMember(change.payload.userId, change.payload.communityId);
        return;
      case 'thread.updated':
        void access.recheckThread(change.payload.threadId);
        return;
    }
  }

  // Here, the changes this process makes; the others' come through the relay, not the bus (whose
  // relay has no order with the broadcasts that follow a change), and telling them is waited
  // for by this process's fan-out like its own re-checks.
  for (const event of ACCESS_EVENTS) {
    bus.subscribe(event, (payload: DomainEvents[typeof event]) => {
      const change = { event, payload } as AccessChange;
      apply(change);
      if (relay) access.telling(relay.tell(change), relay.onFailure);
    });
  }
  relay?.listen(apply);
}
