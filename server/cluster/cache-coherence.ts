import type { SharedState } from './shared-state.ts';

/**
 * Caches of database state kept in this process's memory, kept true when another process
 * writes (issue 20). Three pieces, used by every such cache rather than copied:
 *
 * - `coherentCache(shared, clear)`: whether the cache may answer now. While Redis is down the
 *   other processes' invalidations cannot arrive, so the cache is bypassed (correct, slower);
 *   when Redis returns, what it kept may be stale (messages were lost meanwhile), so it is
 *   cleared. The check is a local boolean: a cache hit never waits on Redis.
 * - `invalidation(shared, topic, apply)`: an explicit invalidation for a cache no domain event
 *   signals (`cache:<topic>` to the other processes), applied here at once too.
 * - `rememberedValue(shared, topic, load)`: one value read through memory (a site setting),
 *   both of the above in one.
 *
 * Without Redis (`status()` off) `coherent()` is always true and nothing is ever published:
 * one process, today's caches, today's speed.
 */
export type CacheShared = Pick<SharedState, 'coherent' | 'onResync' | 'publish' | 'subscribe'>;

/** One process and nothing to share: for callers (unit tests, tools) built without the app's shared state. */
export const LOCAL_ONLY: CacheShared = {
  coherent: () => true,
  onResync: () => () => {},
  publish: () => {},
  subscribe: () => () => {},
};

/** `usable()`: may the cache answer (and keep) now. `clear` runs whenever Redis comes back. */
export function coherentCache(shared: CacheShared, clear: () => void): () => boolean {
  shared.onResync(clear);
  return () => shared.coherent();
}

/**
 * An invalidation no domain event carries: the returned function applies `payload` here and
 * sends it to the other processes, where `apply` runs with it too (payloads are plain JSON).
 */
export function invalidation<T>(shared: CacheShared, topic: string, apply: (payload: T) => void): (payload: T) => void {
  const channel = `cache:${topic}`;
  shared.subscribe(channel, (payload) => apply(payload as T));
  return (payload) => {
    apply(payload);
    shared.publish(channel, payload);
  };
}

export interface RememberedValue<T> {
  /** From memory when it may answer, else from `load` (kept for the next call while coherent). */
  get(): T;
  /** Forgets the value here and in every other process (call after writing what `load` reads). */
  changed(): void;
}

/**
 * One value read through memory (a site setting), forgotten everywhere by `changed()`. An
 * asynchronous `load` (a database read) is kept as its promise, stored before the read runs:
 * a `changed()` landing while it runs clears it, so a read from before a change is never kept
 * past it; a load that fails is forgotten, not remembered.
 */
export function rememberedValue<T>(shared: CacheShared, topic: string, load: () => T): RememberedValue<T> {
  let value: { v: T } | null = null;
  const usable = coherentCache(shared, () => {
    value = null;
  });
  const forget = invalidation<null>(shared, topic, () => {
    value = null;
  });
  return {
    get() {
      if (value && usable()) return value.v;
      const v = load();
      const kept = usable() ? { v } : null;
      value = kept;
      if (v instanceof Promise) {
        void v.catch(() => {
          if (value === kept) value = null;
        });
      }
      return v;
    },
    changed: () => forget(null),
  };
}
