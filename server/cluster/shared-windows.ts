import type { SharedState } from './shared-state.ts';

/**
 * Sliding windows of hits (failed sign-ins, posts) counted across every process serving the
 * site (issue 20). Each process keeps every window in its own memory, so a check stays
 * synchronous and costs a binary search; each hit is also published to the other processes,
 * which record it in theirs within milliseconds. Without Redis (one process) or while it is
 * down, hits are counted here alone: never skipped, so an outage does not open the gates. The
 * hits made during an outage are told to the others once Redis is back (`onResync`), so an
 * account that used up its minute on one process during the outage is not fresh on another.
 *
 * One mechanism for every limit of ours: a limit is a named window and a key (an address, an
 * account), and asks how many hits fall after a moment.
 */
export interface SharedWindow {
  readonly name: string;
  /** Hits of `key` strictly after `since` (ms). */
  countSince(key: string, since: number): number;
  /**
   * Milliseconds until fewer than `max` hits of `key` fall within the last `windowMs`
   * (0: a hit is allowed now).
   */
  waitMs(key: string, max: number, windowMs: number, now?: number): number;
  /** Records a hit here and tells the other processes. */
  hit(key: string, at?: number): void;
}

export interface WindowOptions {
  /** How long a hit is kept: the longest window any check of this window asks about. */
  spanMs: number;
  /** Keys kept at most (a flood of addresses forgets the oldest key first). */
  maxKeys?: number;
}

const TOPIC = 'limits:hits';
/** A process back from an outage asks the others for the hits they made meanwhile. */
const REPLAY_TOPIC = 'limits:replay';
/** Hits kept from an outage, to tell the others once Redis is back (and again if one asks). */
const MAX_OUTAGE_HITS = 20_000;
/** Ids of outage hits already counted (the same hit may be told twice). */
const MAX_SEEN = 50_000;

interface Hit {
  w: string;
  k: string;
  t: number;
  /** Only on a hit made during an outage (`<nodeId>:<n>`): it may arrive twice. */
  id?: string;
}

class Window implements SharedWindow {
  readonly #hits = new Map<string, number[]>();

  constructor(
    readonly name: string,
    readonly spanMs: number,
    readonly maxKeys: number,
    readonly relay: (hit: Hit) => void,
  ) {}

  /** The hits of `key` still within the span, oldest first (a key with none is forgotten). */
  #recent(key: string, now: number): number[] | undefined {
    const times = this.#hits.get(key);
    if (!times) return undefined;
    const stale = firstAfter(times, now - this.spanMs);
    if (stale === times.length) {
      this.#hits.delete(key);
      return undefined;
    }
    if (stale > 0) times.splice(0, stale);
    return times;
  }

  countSince(key: string, since: number): number {
    const times = this.#hits.get(key);
    if (!times) return 0;
    return times.length - firstAfter(times, since);
  }

  waitMs(key: string, max: number, windowMs: number, now = Date.now()): number {
    const times = this.#recent(key, now);
    if (!times) return 0;
    const inWindow = times.length - firstAfter(times, now - windowMs);
    if (inWindow < max) return 0;
    // The oldest hit that must leave the window before one more is allowed.
    return Math.max(1, times[times.length - max]! + windowMs - now);
  }

  hit(key: string, at = Date.now()): void {
    this.record(key, at);
    this.relay({ w: this.name, k: key, t: at });
  }

  /** A hit made here or by another process (theirs may arrive out of order). */
  record(key: string, at: number): void {
    let times = this.#hits.get(key);
    if (!times) {
      this.#hits.set(key, (times = []));
      if (this.#hits.size > this.maxKeys) this.#hits.delete(this.#hits.keys().next().value!);
    }
    if (times.length === 0 || times[times.length - 1]! <= at) times.push(at);
    else times.splice(firstAfter(times, at), 0, at);
    const stale = firstAfter(times, at - this.spanMs);
    if (stale > 0 && stale < times.length) times.splice(0, stale);
  }
}

/** Index of the first time strictly after `since` in an ascending list. */
function firstAfter(times: number[], since: number): number {
  let low = 0;
  let high = times.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (times[mid]! > since) high = mid;
    else low = mid + 1;
  }
  return low;
}

export class SharedWindows {
  readonly #windows = new Map<string, Window>();
  readonly #shared: SharedState;
  /** This process's hits while Redis was down: the others never heard of them. */
  #outage: Hit[] = [];
  #outageCount = 0;
  readonly #seen = new Set<string>();
  #batch: Hit[] = [];

  constructor(shared: SharedState) {
    this.#shared = shared;
    shared.subscribe(TOPIC, (payload) => this.#receive(payload));
    // Whoever comes back first may publish before the others listen again: each process back
    // from the outage tells its own hits and asks the others to tell theirs once more.
    shared.onResync(() => {
      this.#tellOutage();
      shared.publish(REPLAY_TOPIC, null);
    });
    shared.subscribe(REPLAY_TOPIC, () => this.#tellOutage());
  }

  /** The window of this name (the same one for every caller asking by that name). */
  window(name: string, options: WindowOptions): SharedWindow {
    let window = this.#windows.get(name);
    if (!window) {
      window = new Window(name, options.spanMs, options.maxKeys ?? 50_000, (hit) => this.#relay(hit));
      this.#windows.set(name, window);
    } else if (options.spanMs > window.spanMs) {
      throw new Error(`window ${name} is already kept for ${window.spanMs} ms, less than ${options.spanMs}`);
    }
    return window;
  }

  #relay(hit: Hit): void {
    const status = this.#shared.status();
    if (status === 'ok') {
      // The hits of one request (a post counts per account and per address) go in one message.
      this.#batch.push(hit);
      if (this.#batch.length === 1) queueMicrotask(() => this.#flush());
    } else if (status === 'down' && this.#outage.length < MAX_OUTAGE_HITS) {
      this.#outageCount += 1;
      this.#outage.push({ ...hit, id: `${this.#shared.nodeId}:${this.#outageCount}` });
    }
  }

  #flush(): void {
    const batch = this.#batch;
    this.#batch = [];
    this.#shared.publish(TOPIC, batch);
  }

  #tellOutage(): void {
    const now = Date.now();
    this.#outage = this.#outage.filter((hit) => hit.t > now - (this.#windows.get(hit.w)?.spanMs ?? 0));
    if (this.#outage.length) this.#shared.publish(TOPIC, this.#outage);
  }

  #receive(payload: unknown): void {
    if (!Array.isArray(payload)) return;
    const now = Date.now();
    for (const hit of payload as Partial<Hit>[]) {
      if (!hit || typeof hit.w !== 'string' || typeof hit.k !== 'string' || typeof hit.t !== 'number') continue;
      if (typeof hit.id === 'string') {
        if (this.#seen.has(hit.id)) continue;
        this.#seen.add(hit.id);
        if (this.#seen.size > MAX_SEEN) this.#seen.delete(this.#seen.values().next().value!);
      }
      const window = this.#windows.get(hit.w);
      // Another machine's clock may run ahead: a hit is never counted as later than now.
      if (window && hit.t > now - window.spanMs) window.record(hit.k, Math.min(hit.t, now));
    }
  }
}

const hubs = new WeakMap<SharedState, SharedWindows>();

/** The windows of one process (one per shared state: two apps in one test process each have theirs). */
export function sharedWindows(shared: SharedState): SharedWindows {
  let hub = hubs.get(shared);
  if (!hub) hubs.set(shared, (hub = new SharedWindows(shared)));
  return hub;
}

/** Windows for code built without a shared state (unit tests, tools): this process alone. */
export function localWindow(name: string, options: WindowOptions): SharedWindow {
  return new Window(name, options.spanMs, options.maxKeys ?? 50_000, () => {});
}
