/**
 * Which worker holds which slot (1..n), and how long to wait before refilling a slot whose
 * worker died. Pure bookkeeping, no processes: the primary asks and acts.
 *
 * A worker that dies soon after it started most likely dies of something that will kill its
 * replacement too (a broken file, a full disk): replacing it at once would fork in a tight
 * loop. So each early death doubles the wait (up to a ceiling), and a worker that ran long
 * enough clears the count.
 */
export interface BackoffPolicy {
  /** A worker that ran less than this died "at start". */
  earlyDeathMs: number;
  /** The first wait after an early death; doubled for each further one in a row. */
  firstDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { earlyDeathMs: 10_000, firstDelayMs: 1_000, maxDelayMs: 30_000 };

/** The wait before the next start after `earlyDeaths` early deaths in a row (0: at once). */
export function restartDelay(earlyDeaths: number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  if (earlyDeaths <= 0) return 0;
  return Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** (earlyDeaths - 1));
}

interface Slot {
  /** The cluster worker's id holding the slot, if one does. */
  workerId: number | undefined;
  startedAt: number;
  earlyDeaths: number;
}

export class WorkerSlots {
  private readonly slots: Slot[];

  constructor(
    readonly size: number,
    private readonly policy: BackoffPolicy = DEFAULT_BACKOFF,
  ) {
    this.slots = Array.from({ length: size }, () => ({ workerId: undefined, startedAt: 0, earlyDeaths: 0 }));
  }

  /** Slot numbers, 1-based as MINGA_WORKER_ID. */
  numbers(): number[] {
    return this.slots.map((_, index) => index + 1);
  }

  /** A worker was forked for `slot`. */
  started(slot: number, workerId: number, now = Date.now()): void {
    const entry = this.at(slot);
    entry.workerId = workerId;
    entry.startedAt = now;
  }

  /** The slot a worker holds, if any. */
  slotOf(workerId: number): number | undefined {
    const index = this.slots.findIndex((entry) => entry.workerId === workerId);
    return index < 0 ? undefined : index + 1;
  }

  /**
   * A worker exited: frees its slot and says how long to wait before refilling it (and how
   * long it ran). Undefined for a worker that holds no slot.
   */
  exited(workerId: number, now = Date.now()): { slot: number; delayMs: number; ranMs: number; earlyDeaths: number } | undefined {
    const slot = this.slotOf(workerId);
    if (slot === undefined) return undefined;
    const entry = this.at(slot);
    const ranMs = now - entry.startedAt;
    entry.workerId = undefined;
    entry.earlyDeaths = ranMs < this.policy.earlyDeathMs ? entry.earlyDeaths + 1 : 0;
    return { slot, delayMs: restartDelay(entry.earlyDeaths, this.policy), ranMs, earlyDeaths: entry.earlyDeaths };
  }

  /** Slots with a worker in them. */
  held(): number {
    return this.slots.filter((entry) => entry.workerId !== undefined).length;
  }

  private at(slot: number): Slot {
    const entry = this.slots[slot - 1];
    if (!entry) throw new RangeError(`no worker slot ${slot} (1..${this.size})`);
    return entry;
  }
}
