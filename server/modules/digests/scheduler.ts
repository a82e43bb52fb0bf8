import type { DigestRunReport } from './service.ts';

/** How often the server looks for due digests: a new day or week is picked up within this. */
export const DIGEST_TICK_MS = 15 * 60_000;
/** The first run waits this long after start: a starting server (or a test) is busy enough. */
export const DIGEST_FIRST_RUN_MS = 60_000;

/**
 * Runs the due digests while the app runs: a minute after start, then every tick. Nothing is kept in
 * memory between ticks (the periods done are in the database), so a restart picks up where
 * the last run stopped. `stop` waits for a run in flight.
 */
export function createDigestScheduler(deps: {
  runDue: (now: Date) => Promise<DigestRunReport>;
  log: { error(obj: object, msg: string): void; info(obj: object, msg: string): void };
  now?: () => Date;
  tickMs?: number;
  firstRunMs?: number;
}) {
  const now = deps.now ?? (() => new Date());
  const tickMs = deps.tickMs ?? DIGEST_TICK_MS;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = true;
  let mayRun: () => boolean = () => true;

  function tick() {
    timer = null;
    if (stopped || running) return;
    running = (mayRun() ? deps.runDue(now()) : Promise.resolve(null))
      .then(
        (report) => {
          if (report && report.sent > 0) deps.log.info({ digests: report }, 'digests written to the outbox');
        },
        (error: unknown) => deps.log.error({ err: error }, 'digest run failed'),
      )
      .then(() => {
        running = null;
        if (!stopped) {
          timer = setTimeout(tick, tickMs);
          timer.unref();
        }
      });
  }

  return {
    /** `fence`: asked before each run (the scheduler lease). */
    start(fence?: () => boolean) {
      if (!stopped) return;
      stopped = false;
      mayRun = fence ?? (() => true);
      timer = setTimeout(tick, deps.firstRunMs ?? DIGEST_FIRST_RUN_MS);
      timer.unref();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await running;
    },
    idle: () => timer === null && running === null,
  };
}

export type DigestScheduler = ReturnType<typeof createDigestScheduler>;
