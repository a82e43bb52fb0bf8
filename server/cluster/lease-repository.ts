import { and, eq, gt, lte, or, sql, type SQL } from 'drizzle-orm';
import { changed } from '../../db/access.ts';
import type { OpenedDb } from '../../db/client.ts';
import { nowMillis } from '../../db/dialect.ts';
import { onPostgres } from '../../db/engine.ts';
import { schedulerLeases } from '../../db/schema/index.ts';
import { perDatabase } from '../modules/area.ts';

/**
 * The moment a lease's expiry is measured from, in Unix ms. On PostgreSQL the processes may run
 * on several hosts whose clocks differ: the database's clock is the one they share. SQLite is
 * one file on one host, so the holder's own clock (`at`) is every holder's clock (and tests move
 * it). Every expiry written or compared below goes through here.
 */
const leaseClock = (at: Date): SQL => (onPostgres ? nowMillis() : sql`${at.getTime()}`);
const expiryAfter = (at: Date, ttlMs: number): SQL => sql`(${leaseClock(at)} + ${ttlMs})`;

/**
 * The `scheduler_leases` table's one owner. Taking and renewing are the same guarded upsert:
 * the row becomes ours only when it is new, already ours, or expired, so two processes can
 * never both succeed while it is valid (one statement, whatever the engine's isolation).
 */
export const leaseRepository = perDatabase(({ db }: OpenedDb) => ({
  /** Takes or renews `name` for `holder` for `ttlMs` from now; true when it is now ours. */
  async acquire(name: string, holder: string, at: Date, ttlMs: number): Promise<boolean> {
    const result = await db
      .insert(schedulerLeases)
      .values({ name, holder, expiresAt: expiryAfter(at, ttlMs) })
      .onConflictDoUpdate({
        target: schedulerLeases.name,
        set: { holder, expiresAt: expiryAfter(at, ttlMs) },
        setWhere: or(eq(schedulerLeases.holder, holder), lte(schedulerLeases.expiresAt, leaseClock(at))),
      });
    return changed(result) > 0;
  },

  /** Takes `name` from `former` (a holder known to be dead), only if it still has it. */
  async takeFrom(name: string, former: string, holder: string, at: Date, ttlMs: number): Promise<boolean> {
    const result = await db
      .update(schedulerLeases)
      .set({ holder, expiresAt: expiryAfter(at, ttlMs) })
      .where(and(eq(schedulerLeases.name, name), eq(schedulerLeases.holder, former)));
    return changed(result) > 0;
  },

  /** Lets `name` go at once, if `holder` still has it. */
  async release(name: string, holder: string): Promise<boolean> {
    const result = await db
      .update(schedulerLeases)
      .set({ expiresAt: new Date(0) })
      .where(and(eq(schedulerLeases.name, name), eq(schedulerLeases.holder, holder)));
    return changed(result) > 0;
  },

  /** Who holds `name` now (null when nobody, or the lease is expired). */
  async holder(name: string, at: Date): Promise<{ holder: string; expiresAt: Date } | null> {
    const [row] = await db
      .select()
      .from(schedulerLeases)
      .where(and(eq(schedulerLeases.name, name), gt(schedulerLeases.expiresAt, leaseClock(at))))
      .limit(1);
    return row ? { holder: row.holder, expiresAt: row.expiresAt } : null;
  },
}));

export type LeaseRepository = ReturnType<typeof leaseRepository>;
