/**
 * The loop the outboxes' senders run (mail, webhooks): a round of what is due, then a wait until
 * the next item falls due (at most `pollMs`); a nudge looks at once; a fence is asked before each
 * round (the scheduler lease: another process may hold it); a failed round — or a failure asking
 * when the next is due — is logged and polled again, never left as an unhandled rejection that
 * would stop the sender for good; stopping lets the round in flight finish within a grace.
 */
export function createDuePoller(options: {
  round: () => Promise<number>;
  nextDueAt: () => Promise<Date | null>;
  pollMs: number;
  now: () => Date;
  onError: (error: unknown) => void;
}) {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = true;
  let mayRun: () => boolean = () => true;

  function schedule(ms: number) {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(tick, ms);
    timer.unref();
  }

  function tick() {
    timer = null;
    if (stopped || running) return;
    if (!mayRun()) return schedule(options.pollMs);
    again = false;
    running = options
      .round()
      .then(async (count) => {
        if (count > 0 || again) return 0;
        const due = await options.nextDueAt();
        return due ? Math.min(options.pollMs, Math.max(0, due.getTime() - options.now().getTime())) : options.pollMs;
      })
      .catch((error: unknown) => {
        options.onError(error);
        return options.pollMs;
      })
      .then((wait) => {
        running = null;
        schedule(wait);
      });
  }

  return {
    get stopped() {
      return stopped;
    },
    /** Starts polling at once; `fence` is asked before each round. */
    start(fence?: () => boolean) {
      stopped = false;
      mayRun = fence ?? (() => true);
      schedule(0);
    },
    /** Something was queued: look now rather than at the next poll. */
    nudge() {
      if (stopped) return;
      if (running) again = true;
      else schedule(0);
    },
    /** Stops polling; the round in flight gets `graceMs`, then `cut` is called; resolves when it has settled. */
    async stop(graceMs: number, cut: () => void) {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      const round = running;
      if (!round) return;
      let grace: NodeJS.Timeout | undefined;
      const finished = await Promise.race([round.then(() => true), new Promise<boolean>((resolve) => (grace = setTimeout(() => resolve(false), graceMs)))]);
      clearTimeout(grace);
      if (!finished) cut();
      await round;
    },
    /** No timer armed and no round in flight (after stop, always). */
    idle: () => timer === null && running === null,
  };
}
