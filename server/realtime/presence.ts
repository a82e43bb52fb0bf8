import type { Presence } from '../../shared/events.ts';

type Reader = { id: number; displayName: string } | null;

/**
 * Who is on each followed page. Changes are gathered and sent at most once per interval per
 * room, so a thousand readers arriving do not cost a million messages.
 */
export class PresenceTracker {
  readonly #rooms = new Map<string, Map<string, Reader>>();
  readonly #pending = new Set<string>();
  #timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly send: (room: string, presence: Presence) => void,
    private readonly intervalMs = 1000,
  ) {}

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

  snapshot(room: string): Presence {
    const users = new Map<number, { id: number; displayName: string }>();
    let anonymous = 0;
    for (const reader of this.#rooms.get(room)?.values() ?? []) {
      if (reader) users.set(reader.id, reader);
      else anonymous += 1;
    }
    return { room, users: [...users.values()], anonymous };
  }

  close(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #schedule(room: string): void {
    this.#pending.add(room);
    if (this.#timer) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      const rooms = [...this.#pending];
      this.#pending.clear();
      for (const name of rooms) this.send(name, this.snapshot(name));
    }, this.intervalMs);
    this.#timer.unref();
  }
}
