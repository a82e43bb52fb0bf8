import type { Lease } from './lease.ts';

/**
 * A job that runs on a timer (a sender, a reminder, the backups). Started when this process
 * takes the scheduler lease, stopped when it loses it; `mayRun` is the fence the job asks
 * before each round (false once the lease may have passed to another process).
 */
export interface ScheduledJob {
  /** May be asynchronous (it reads the database): awaited, in order with the stops. */
  start(mayRun: () => boolean): void | Promise<void>;
  stop(): unknown;
  /** Something became due: look now rather than at the next poll. */
  nudge?(): void | Promise<void>;
}

/** How a nudge reaches the process running the jobs (the shared state's channel). */
interface Relay {
  publish(topic: string, payload: unknown): void;
  subscribe(topic: string, handler: (payload: unknown) => void): () => void;
}

const NUDGE_TOPIC = 'scheduler.nudge';

interface Log {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/**
 * One runner for the scheduled work (issue 20, part 3): whichever process holds the lease runs
 * every job registered here, the others none, so each due thing is looked at by one process.
 * The senders' own row claims still make each message go once even across a takeover.
 */
export function createScheduler(deps: { lease: Lease; log: Log; relay?: Relay }) {
  const { lease, log, relay } = deps;
  const jobs = new Map<string, ScheduledJob>();
  let running = false;
  let started = false;
  // Start and stop in order, so a lease lost and taken again never overlaps its jobs.
  let transition: Promise<void> = Promise.resolve();
  const mayRun = () => running && lease.holds();

  async function startJob(name: string, job: ScheduledJob): Promise<void> {
    try {
      await job.start(mayRun);
    } catch (error) {
      log.error({ err: error, job: name }, 'scheduled job failed to start');
    }
  }

  async function nudgeJob(name: string): Promise<void> {
    try {
      await jobs.get(name)?.nudge?.();
    } catch (error) {
      log.error({ err: error, job: name }, 'scheduled job failed on a nudge');
    }
  }

  async function stopJobs() {
    await Promise.all(
      [...jobs].map(async ([name, job]) => {
        try {
          await job.stop();
        } catch (error) {
          log.error({ err: error, job: name }, 'scheduled job failed to stop');
        }
      }),
    );
  }

  relay?.subscribe(NUDGE_TOPIC, (name) => {
    if (running && typeof name === 'string') void nudgeJob(name);
  });

  lease.onChange((held) => {
    transition = transition.then(async () => {
      if (held && started && !running && lease.holds()) {
        running = true;
        log.info({ jobs: [...jobs.keys()] }, 'scheduled jobs started');
        await Promise.all([...jobs].map(([name, job]) => startJob(name, job)));
      } else if (!held && running) {
        running = false;
        await stopJobs();
      }
    });
  });

  return {
    lease,
    /** Registers a job; it starts at once when this process already runs the work. */
    add(name: string, job: ScheduledJob) {
      jobs.set(name, job);
      if (running) {
        const starting = startJob(name, job);
        transition = transition.then(() => starting);
      }
    },
    /**
     * Something for job `name` became due (a mail enqueued): woken here when this process runs
     * the jobs, else told to the one that does (dropped without Redis: its poll finds it).
     */
    nudge(name: string) {
      if (running) void nudgeJob(name);
      else relay?.publish(NUDGE_TOPIC, name);
    },
    /** Begins taking part in the lease (the app's onReady). */
    async start() {
      started = true;
      await lease.start();
      await transition;
    },
    /** Stops every job (rounds in flight settle), then releases the lease for another process at once. */
    async stop() {
      started = false;
      running = false;
      await transition;
      await stopJobs();
      await lease.stop();
      await transition;
    },
    /** Whether this process runs the scheduled work now. */
    runs: () => running && lease.holds(),
    jobs: () => [...jobs.keys()],
    /** Resolves when the last take-over or hand-over has finished starting or stopping jobs. */
    settled: () => transition,
  };
}

export type Scheduler = ReturnType<typeof createScheduler>;
