import type { SharedState } from './shared-state.ts';

/** One process's readers of a room: the signed-in ones by id, and how many anonymous. */
export interface PresenceShareEntry {
  users: { id: number; displayName: string }[];
  anonymous: number;
}

export interface PresenceShareOptions {
  /** How often this process says it is alive and sweeps the dead ones. */
  heartbeatMs?: number;
  /** A process silent this long is dead: its readers vanish and its rooms are sent again. */
  deadAfterMs?: number;
}

const ROOM_TTL_S = 3_600;
const LEFT_TOPIC = 'presence:left';

/**
 * Presence across processes (issue 20): each process writes its own share of each room it has
 * readers in (a hash per room, one field per process) and beats a heartbeat in a sorted set;
 * reading a room merges the shares of the processes still alive. A process that stops beating
 * (killed, frozen) is swept by the first other process to notice: its shares are removed and
 * the rooms it was in are handed to `onOrphaned` to be sent again. Every call may fail while
 * Redis is away; the caller falls back to its own readers.
 */
export class PresenceShare {
  readonly #shared: SharedState;
  readonly #heartbeatMs: number;
  readonly #deadAfterMs: number;
  #timer: NodeJS.Timeout | null = null;
  #unsubscribe: (() => void) | null = null;

  constructor(
    shared: SharedState,
    private readonly localRooms: () => Iterable<[string, PresenceShareEntry]>,
    private readonly onOrphaned: (rooms: string[]) => void,
    options: PresenceShareOptions = {},
  ) {
    this.#shared = shared;
    this.#heartbeatMs = options.heartbeatMs ?? 3_000;
    this.#deadAfterMs = options.deadAfterMs ?? 10_000;
  }

  get #nodes() {
    return `${this.#shared.prefix}presence:nodes`;
  }
  #roomKey(room: string) {
    return `${this.#shared.prefix}presence:room:${room}`;
  }
  #nodeKey(node: string) {
    return `${this.#shared.prefix}presence:node:${node}`;
  }

  available(): boolean {
    return this.#shared.redis !== null && this.#shared.status() === 'ok';
  }

  start(): void {
    // A process closing tells the others which rooms it left, so they send them again now.
    this.#unsubscribe = this.#shared.subscribe(LEFT_TOPIC, (rooms) => {
      if (Array.isArray(rooms)) this.onOrphaned(rooms.filter((room): room is string => typeof room === 'string'));
    });
    this.#timer = setInterval(() => void this.beat().catch(() => {}), this.#heartbeatMs);
    this.#timer.unref();
    void this.beat().catch(() => {});
  }

  /**
   * Writes this process's share of the room (none: it has no reader left there) and returns the
   * shares of the other live processes.
   */
  async write(room: string, entry: PresenceShareEntry | null): Promise<PresenceShareEntry[]> {
    const redis = this.#shared.redis!;
    const node = this.#shared.nodeId;
    const now = Date.now();
    const batch = redis.multi();
    if (entry) batch.hset(this.#roomKey(room), node, JSON.stringify(entry)).expire(this.#roomKey(room), ROOM_TTL_S).sadd(this.#nodeKey(node), room);
    else batch.hdel(this.#roomKey(room), node).srem(this.#nodeKey(node), room);
    batch.zadd(this.#nodes, now, node).hgetall(this.#roomKey(room)).zrangebyscore(this.#nodes, now - this.#deadAfterMs, '+inf');
    const results = await batch.exec();
    if (!results || results.some(([error]) => error)) throw new Error('presence share not written');
    const shares = results[results.length - 2]![1] as Record<string, string>;
    const live = new Set(results[results.length - 1]![1] as string[]);
    const others: PresenceShareEntry[] = [];
    for (const [owner, raw] of Object.entries(shares)) {
      if (owner === node || !live.has(owner)) continue;
      try {
        others.push(JSON.parse(raw) as PresenceShareEntry);
      } catch {
        // a malformed share counts for nothing
      }
    }
    return others;
  }

  /** Says this process is alive, writes its shares again if it had been swept, and sweeps the dead. */
  async beat(): Promise<void> {
    if (!this.available()) return;
    const redis = this.#shared.redis!;
    const now = Date.now();
    const added = await redis.zadd(this.#nodes, now, this.#shared.nodeId);
    // Swept meanwhile (Redis restarted empty, or this process was frozen): its shares come back.
    if (added === 1) await this.rewrite();
    const dead = await redis.zrangebyscore(this.#nodes, '-inf', now - this.#deadAfterMs);
    for (const node of dead) {
      // Whoever removes it first sends its rooms again; the others leave it be.
      if ((await redis.zrem(this.#nodes, node)) !== 1) continue;
      const rooms = await redis.smembers(this.#nodeKey(node));
      const batch = redis.multi();
      for (const room of rooms) batch.hdel(this.#roomKey(room), node);
      await batch.del(this.#nodeKey(node)).exec();
      if (rooms.length > 0) this.onOrphaned(rooms);
    }
  }

  /** Writes every local share again (Redis came back, and may have lost them). */
  async rewrite(): Promise<void> {
    const redis = this.#shared.redis!;
    const node = this.#shared.nodeId;
    const batch = redis.multi().zadd(this.#nodes, Date.now(), node);
    for (const [room, entry] of this.localRooms()) {
      batch.hset(this.#roomKey(room), node, JSON.stringify(entry)).expire(this.#roomKey(room), ROOM_TTL_S).sadd(this.#nodeKey(node), room);
    }
    await batch.exec();
  }

  /** This process stops serving: its readers leave every room at once rather than in 10 s. */
  async close(): Promise<string[]> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    this.#unsubscribe?.();
    if (!this.available()) return [];
    const redis = this.#shared.redis!;
    const node = this.#shared.nodeId;
    const rooms = await redis.smembers(this.#nodeKey(node));
    const batch = redis.multi().zrem(this.#nodes, node).del(this.#nodeKey(node));
    for (const room of rooms) batch.hdel(this.#roomKey(room), node);
    await batch.exec();
    if (rooms.length > 0) this.#shared.publish(LEFT_TOPIC, rooms);
    return rooms;
  }
}
