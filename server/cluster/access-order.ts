import type { AccessChange, AccessRelay } from '../realtime/access-sync.ts';
import type { RoomAccess } from '../realtime/room-access.ts';
import type { MingaIo } from '../realtime/types.ts';

/** socket.io-adapter's ClusterAdapter message type of a broadcast, and of an event packet. */
const BROADCAST = 3;
const EVENT_PACKET = 2;
/**
 * The room a change of access is addressed to on the stream: one no socket joins (rooms.ts names
 * none so), so that a process unaware of it would deliver it to nobody, and connection state
 * recovery, which replays only a returning socket's own rooms, never sends it.
 */
const ACCESS_ROOM = 'cluster:access';

interface Broadcast {
  packet: { type: number; nsp: string; data: unknown[] };
  opts: { rooms: string[]; except: string[]; flags: Record<string, unknown> };
}

interface ClusterMessage {
  uid?: string;
  type: number;
  data?: unknown;
}

interface ClusterAdapter {
  uid: string;
  onMessage(message: ClusterMessage, offset?: string): void;
  publishAndReturnOffset(message: ClusterMessage): Promise<string>;
}

/**
 * Orders changes of access against the broadcasts across processes (issue 20). A process's
 * broadcasts reach the others through one Redis stream, read in the order written. A change of
 * who may read goes on that stream too, written as a broadcast to a room nobody is in, ahead of
 * anything its process sends after it: the bus's relay and Socket.IO's own server-side emits
 * travel on Redis channels, which have no order with the stream. Each process then holds the
 * broadcasts it reads while its own re-checks are under way, and lets them reach its sockets only
 * once those have taken out whom they must: a thread's new state, or a reply written just after
 * the change, never reaches a socket of another process that the change takes out, however long
 * its re-check takes.
 *
 * Held broadcasts keep their order and their stream offset (connection state recovery sends a
 * returning socket what it missed from the same stream). Nothing else is held: join, leave and
 * fetch requests and heartbeats go through at once, and a change arriving while broadcasts are
 * held is applied at once (it only makes them wait for its re-checks too).
 */
export function orderAccessChanges(
  io: MingaIo,
  access: RoomAccess,
  log: { notTold: (error: unknown) => void; unexpected: (error: unknown) => void },
): AccessRelay {
  const adapter = io.of('/').adapter as unknown as ClusterAdapter;
  const deliver = adapter.onMessage.bind(adapter);
  /** Broadcasts read while re-checks were under way, each with what it waits for. */
  const held: { message: ClusterMessage; offset: string | undefined; after: Promise<void> }[] = [];
  let draining = false;
  let apply: (change: AccessChange) => void = () => {};

  async function drain(): Promise<void> {
    draining = true;
    try {
      while (held.length > 0) {
        const { message, offset, after } = held[0]!;
        await after;
        // Checked in the same turn as it is delivered: a join let in meanwhile by a check that
        // overlapped a change is still being checked again.
        if (access.joinsRechecking()) {
          await access.joinsChecked();
          continue;
        }
        held.shift();
        deliver(message, offset);
      }
    } finally {
      draining = false;
    }
  }

  adapter.onMessage = (message, offset) => {
    if (message.type !== BROADCAST || message.uid === adapter.uid) return deliver(message, offset);
    const broadcast = message.data as Broadcast;
    if (broadcast.opts?.rooms?.length === 1 && broadcast.opts.rooms[0] === ACCESS_ROOM) {
      apply(broadcast.packet.data[1] as AccessChange);
      return;
    }
    if (held.length === 0 && !access.busy()) return deliver(message, offset);
    held.push({ message, offset, after: access.caughtUp() });
    if (!draining) void drain().catch(log.unexpected);
  };

  return {
    tell(change) {
      const data: Broadcast = {
        packet: { type: EVENT_PACKET, nsp: '/', data: ['access:changed', change] },
        opts: { rooms: [ACCESS_ROOM], except: [], flags: {} },
      };
      return adapter.publishAndReturnOffset({ type: BROADCAST, data });
    },
    listen(handler) {
      apply = handler;
    },
    onFailure: log.notTold,
  };
}
