/**
 * A scheduler's timer: runs `run(new Date())` every `everyMs` while started (by the app's
 * scheduler, in the one process holding the scheduler lease), skipping a round whenever
 * `mayRun` (the lease's fence) says no, or the previous round has not finished. Tests call the same `run` with a clock of their own.
 */
export function createTicker(run: (now: Date) => unknown, everyMs: number, onError: (error: unknown) => void) {
  let timer: NodeJS.Timeout | null = null;
  let busy = false;
  return {
    start(mayRun: () => boolean = () => true) {
      if (timer) return;
      timer = setInterval(() => {
        // A round still running (its queries are asynchronous) is not started twice.
        if (busy || !mayRun()) return;
        try {
          const result = run(new Date());
          if (result instanceof Promise) {
            busy = true;
            void result.catch(onError).finally(() => (busy = false));
          }
        } catch (error) {
          onError(error);
        }
      }, everyMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
    get running() {
      return timer !== null;
    },
  };
}

export type Ticker = ReturnType<typeof createTicker>;
