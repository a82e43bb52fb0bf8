/**
 * A scheduler's timer: runs `run(new Date())` every `everyMs` while started (from the app's
 * onReady to its onClose), never two at once. Tests call the same `run` with a clock of their own.
 */
export function createTicker(run: (now: Date) => unknown, everyMs: number, onError: (error: unknown) => void) {
  let timer: NodeJS.Timeout | null = null;
  return {
    start() {
      if (timer) return;
      timer = setInterval(() => {
        try {
          const result = run(new Date());
          if (result instanceof Promise) result.catch(onError);
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
