import type { SharedState } from './shared-state.ts';

/**
 * Sliding windows of hits (failed sign-ins, posts) counted across every process serving the
 * site (issue 20). Each process keeps every window in its own memory, so a check stays
 * synchronous and costs a binary search; each hit is also published to the other processes,
 * which record it in theirs within milliseconds. Without Redis (one process) or while it is
 * down, hits are counted here alone: never skipped, so an outage does not open the gates. The
 * hits made during an outage are told to the others once Redis is back (`onResync`).
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
/** Hits kept while Redis is down, to tell the others when it returns. */
const MAX_PENDING = 20_000;

interface Hit {
  w: string;
  k: string;
  t: number;
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
  #pending: Hit[] = [];

  constructor(shared: SharedState) {
    this.#shared = shared;
    shared.subscribe(TOPIC, (payload) => this.#receive(payload));
    // Hits made while Redis was away never reached the others: tell them now.
    shared.onResync(() => {
      const pending = this.#pending;
      this.#pending = [];
      if (pending.length) shared.publish(TOPIC, pending);
    });
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
    if (status === 'ok') this.#shared.publish(TOPIC, [hit]);
    else if (status === 'down' && this.#pending.length < MAX_PENDING) this.#pending.push(hit);
  }

  #receive(payload: unknown): void {
    if (!Array.isArray(payload)) return;
    const now = Date.now();
    for (const hit of payload as Partial<Hit>[]) {
      if (!hit || typeof hit.w !== 'string' || typeof hit.k !== 'string' || typeof hit.t !== 'number') continue;
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
