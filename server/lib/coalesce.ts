/**
 * Runs idempotent work (a recount that reads the current state) at most once at a time per key,
 * and folds the callers that arrive meanwhile into one more run after it: each caller's promise
 * settles after a run that started after the call, so what it asked for is done; ten concurrent
 * callers cost two runs instead of ten runs waiting on each other's row locks. Per process.
 */
export function createCoalescer() {
  const state = new Map<string, { current: Promise<void>; next: Promise<void> | null }>();

  function start(key: string, work: () => Promise<void>): Promise<void> {
    const current = work();
    const entry = { current, next: null as Promise<void> | null };
    state.set(key, entry);
    const forget = () => {
      if (state.get(key) === entry && entry.next === null) state.delete(key);
    };
    void current.then(forget, forget);
    return current;
  }

  return function coalesce(key: string, work: () => Promise<void>): Promise<void> {
    const entry = state.get(key);
    if (!entry) return start(key, work);
    if (entry.next) return entry.next;
    const next = entry.current
      .catch(() => undefined)
      .then(() => {
        if (state.get(key) === entry) state.delete(key);
        return start(key, work);
      });
    entry.next = next;
    return next;
  };
}
