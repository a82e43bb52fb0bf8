import { and, eq, lte, or } from 'drizzle-orm';
import type { OpenedDb } from '../../db/client.ts';
import { schedulerLeases } from '../../db/schema/index.ts';
import { perDatabase } from '../modules/area.ts';

/**
 * The `scheduler_leases` table's one owner. Taking and renewing are the same guarded upsert:
 * the row becomes ours only when it is new, already ours, or expired, so two processes can
 * never both succeed while it is valid (one statement, whatever the engine's isolation).
 */
export const leaseRepository = perDatabase(({ db }: OpenedDb) => ({
  /** Takes or renews `name` for `holder` until `expiresAt`; true when it is now ours. */
  acquire(name: string, holder: string, now: Date, expiresAt: Date): boolean {
    return (
      db
        .insert(schedulerLeases)
        .values({ name, holder, expiresAt })
        .onConflictDoUpdate({
          target: schedulerLeases.name,
          set: { holder, expiresAt },
          setWhere: or(eq(schedulerLeases.holder, holder), lte(schedulerLeases.expiresAt, now)),
        })
        .run().changes > 0
    );
  },

  /** Takes `name` from `former` (a holder known to be dead), only if it still has it. */
  takeFrom(name: string, former: string, holder: string, expiresAt: Date): boolean {
    return (
      db
        .update(schedulerLeases)
        .set({ holder, expiresAt })
        .where(and(eq(schedulerLeases.name, name), eq(schedulerLeases.holder, former)))
        .run().changes > 0
    );
  },

  /** Lets `name` go at once, if `holder` still has it. */
  release(name: string, holder: string): boolean {
    return (
      db
        .update(schedulerLeases)
        .set({ expiresAt: new Date(0) })
        .where(and(eq(schedulerLeases.name, name), eq(schedulerLeases.holder, holder)))
        .run().changes > 0
    );
  },

  /** Who holds `name` now (null when nobody, or the lease is expired). */
  holder(name: string, now: Date): { holder: string; expiresAt: Date } | null {
    const row = db.select().from(schedulerLeases).where(eq(schedulerLeases.name, name)).get();
    return row && row.expiresAt > now ? { holder: row.holder, expiresAt: row.expiresAt } : null;
  },
}));

export type LeaseRepository = ReturnType<typeof leaseRepository>;
