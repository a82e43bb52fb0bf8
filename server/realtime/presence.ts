import type { Presence } from '../../shared/events.ts';
import type { PresenceShare, PresenceShareEntry } from '../cluster/presence-share.ts';

type Reader = { id: number; displayName: string } | null;

/**
 * Who is on each followed page. Changes are gathered and sent at most once per interval per
 * room, so a thousand readers arriving do not cost a million messages.
 *
 * With several processes (issue 20) each one keeps its own readers here and writes its share
 * of the room to Redis when it sends (cluster/presence-share.ts); what is sent merges the
 * shares of every live process. While Redis is away, what is sent is this process's readers.
 */
export class PresenceTracker {
  readonly #rooms = new Map<string, Map<string, Reader>>();
  readonly #pending = new Set<string>();
  #timer: NodeJS.Timeout | null = null;
  #share: PresenceShare | null = null;

  constructor(
    private readonly send: (room: string, presence: Presence) => void,
    private readonly intervalMs = 1000,
    private readonly onShareFailed: (error: unknown) => void = () => {},
  ) {}

  /** Shares the readers with the other processes from now on. */
  useShare(share: PresenceShare): void {
    this.#share = share;
  }

  enter(room: string, socketId: string, reader: Reader): void {
    let readers = this.#rooms.get(room);
    if (!readers) this.#rooms.set(room, (readers = new Map()));
    readers.set(socketId, reader);
    this.#schedule(room);
  }

  leave(room: string, socketId: string): void {
    const readers = this.#rooms.get(room);
    if (!readers?.delete(socketId)) return;
    if (readers.size === 0) this.#rooms.delete(room);
    this.#schedule(room);
  }

  /** This process's readers of the room. */
  snapshot(room: string): Presence {
    return { room, ...this.#local(room) };
  }

  /** Every room this process has readers in, with its share. */
  *shares(): Iterable<[string, PresenceShareEntry]> {
    for (const room of this.#rooms.keys()) yield [room, this.#local(room)];
  }

  /** Sends these rooms again at the next interval (another process's readers came or went). */
  resend(rooms: Iterable<string>): void {
    for (const room of rooms) this.#schedule(room);
  }

  close(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #local(room: string): PresenceShareEntry {
    const users = new Map<number, { id: number; displayName: string }>();
    let anonymous = 0;
    for (const reader of this.#rooms.get(room)?.values() ?? []) {
      if (reader) users.set(reader.id, reader);
      else anonymous += 1;
    }
    return { users: [...users.values()], anonymous };
  }

  async #merged(room: string): Promise<Presence> {
    const local = this.#local(room);
    const share = this.#share;
    if (!share?.available()) return { room, ...local };
    try {
      const others = await share.write(room, this.#rooms.has(room) ? local : null);
      const users = new Map(local.users.map((user) => [user.id, user]));
      let anonymous = local.anonymous;
      for (const other of others) {
        for (const user of other.users) users.set(user.id, user);
        anonymous += other.anonymous;
      }
      return { room, users: [...users.values()], anonymous };
    } catch (error) {
      this.onShareFailed(error);
      return { room, ...local };
    }
  }

  #schedule(room: string): void {
    this.#pending.add(room);
    if (this.#timer) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      const rooms = [...this.#pending];
      this.#pending.clear();
      for (const name of rooms) {
        if (!this.#share?.available()) this.send(name, this.snapshot(name));
        else void this.#merged(name).then((presence) => this.send(name, presence)).catch(this.onShareFailed);
      }
    }, this.intervalMs);
    this.#timer.unref();
  }
}
