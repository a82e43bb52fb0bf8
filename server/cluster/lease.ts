import { ConfigError } from '../config.ts';
import type { LeaseRepository } from './lease-repository.ts';
import { processHost } from './process-host.ts';

export interface LeaseTiming {
  /** A lease not renewed for this long is free for another process (takeover after a crash). */
  ttlMs: number;
  /** The holder renews, and the others try to take it, this often. */
  renewMs: number;
}

/** Taken over at most ttl + renew (40 s) after its holder died; renewed twice before it can lapse. */
export const DEFAULT_LEASE_TIMING: LeaseTiming = { ttlMs: 30_000, renewMs: 10_000 };

/** MINGA_SCHEDULER_LEASE_S (default 30): the lease's lifetime; renewed every third of it. */
export function leaseTimingFromEnv(env: NodeJS.ProcessEnv): LeaseTiming {
  const raw = env.MINGA_SCHEDULER_LEASE_S?.trim();
  if (!raw) return DEFAULT_LEASE_TIMING;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds < 0.3 || seconds > 3_600) {
    throw new ConfigError(`MINGA_SCHEDULER_LEASE_S must be a number of seconds from 0.3 to 3600, got "${raw}"`);
  }
  return { ttlMs: Math.round(seconds * 1000), renewMs: Math.round((seconds * 1000) / 3) };
}

interface Log {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/**
 * A named lease in the database, held by at most one process at a time. Every process runs
 * the same loop: take-or-renew (one guarded upsert) every `renewMs`. The holder keeps it by
 * renewing; the others get it only once it has expired, or at once after a clean release.
 *
 * `holds()` is the fence: true only while this process's last successful renewal is still
 * valid by its own clock, so a process stalled past its lease (a long GC, a suspended VM)
 * stops running jobs before another can have taken over, even before it learns it lost.
 */
export function createLease(deps: { repo: LeaseRepository; name: string; holder: string; log: Log; timing?: Partial<LeaseTiming>; now?: () => number }) {
  const { repo, name, holder, log } = deps;
  const timing = { ...DEFAULT_LEASE_TIMING, ...deps.timing };
  const now = deps.now ?? Date.now;
  const listeners = new Set<(held: boolean) => void>();
  let held = false;
  let validUntil = 0;
  let timer: NodeJS.Timeout | null = null;

  function change(next: boolean, why: string) {
    if (next === held) return;
    held = next;
    if (next) log.info({ lease: name, holder, ttlMs: timing.ttlMs }, 'scheduler lease taken: this process runs the scheduled work');
    else if (why !== 'stopped') log.warn({ lease: name, holder, why }, 'scheduler lease lost: this process stops its scheduled work');
    for (const listener of listeners) listener(next);
  }

  /**
   * A holder on this host whose process is gone (`host:pid:…` ids): it was killed, so its lease
   * need not lapse first (a restarted single process takes over at once). A pid reused by
   * another process only makes us wait for the lapse, the safe way round. "This host" is the
   * same kernel and pid namespace (process-host.ts), not merely the same host name: a pid free
   * here may be a live holder on another machine or in another container with that name.
   */
  function deadHere(other: string): boolean {
    const [host, pid] = other.split(':');
    if (host !== processHost() || !/^\d+$/.test(pid ?? '') || Number(pid) === process.pid) return false;
    try {
      process.kill(Number(pid), 0);
      return false;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'ESRCH';
    }
  }

  async function takeOrRenew(at: number): Promise<boolean> {
    if (await repo.acquire(name, holder, new Date(at), timing.ttlMs)) return true;
    const current = await repo.holder(name, new Date(at));
    if (current && deadHere(current.holder) && (await repo.takeFrom(name, current.holder, holder, new Date(at), timing.ttlMs))) {
      log.warn({ lease: name, from: current.holder }, 'scheduler lease taken from a process that is gone');
      return true;
    }
    return false;
  }

  // One try at a time: a slow database never has two renewals racing (the later one's answer
  // would be applied after the earlier one's). `generation` drops the answer of a try that a
  // stop or an abandon overtook, so it cannot mark the lease held again.
  let trying: Promise<void> | null = null;
  let tryingGeneration = -1;
  let generation = 0;

  function renew(): Promise<void> {
    if (trying && tryingGeneration === generation) return trying;
    // A try overtaken by a stop or an abandon still finishes first; then a fresh one runs.
    const next: Promise<void> = (trying ?? Promise.resolve()).then(attempt).finally(() => {
      if (trying === next) trying = null;
    });
    trying = next;
    tryingGeneration = generation;
    return next;
  }

  async function attempt(): Promise<void> {
    // Measured before the statement: the fence closes no later than the lease in the database.
    const at = now();
    const started = generation;
    try {
      const ours = await takeOrRenew(at);
      if (started !== generation) return;
      if (ours) {
        validUntil = at + timing.ttlMs;
        change(true, 'renewed');
      } else {
        validUntil = 0;
        change(false, 'another process holds it');
      }
    } catch (error) {
      if (started !== generation) return;
      // The database busy or failing: keep what is still valid, lose it when it lapses.
      log.error({ err: error, lease: name }, 'scheduler lease could not be renewed');
      if (now() >= validUntil) change(false, 'not renewed in time');
    }
  }

  return {
    name,
    holder,
    timing,
    /** Takes or waits for the lease from now on; resolves after the first try (made at once). */
    async start(): Promise<void> {
      if (timer) return;
      timer = setInterval(() => void renew(), timing.renewMs);
      timer.unref();
      await renew();
    },
    /** Stops trying; a lease held is released so another process takes over at its next try. */
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      timer = null;
      generation += 1;
      const had = held;
      validUntil = 0;
      change(false, 'stopped');
      // A try still in flight may have renewed the row after the change above: release after it.
      const inFlight = trying;
      if (inFlight) await inFlight;
      if (!had && !inFlight) return;
      try {
        if (await repo.release(name, holder)) log.info({ lease: name, holder }, 'scheduler lease released');
      } catch (error) {
        log.error({ err: error, lease: name }, 'scheduler lease could not be released: it lapses by itself');
      }
    },
    /** Whether this process may run scheduled work right now (the fence each job checks). */
    holds(): boolean {
      return held && now() < validUntil;
    },
    /** The process holding the lease now, by the database (null when it lapsed). */
    async current(): Promise<{ holder: string; expiresAt: Date } | null> {
      try {
        return await repo.holder(name, new Date(now()));
      } catch {
        return null;
      }
    },
    /** Called with true when this process takes the lease, false when it loses or releases it. */
    onChange(listener: (held: boolean) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    /** Tests: stop renewing without releasing, as a process that froze or died would. */
    abandon() {
      if (timer) clearInterval(timer);
      timer = null;
      generation += 1;
      validUntil = 0;
      change(false, 'abandoned');
    },
  };
}

export type Lease = ReturnType<typeof createLease>;
