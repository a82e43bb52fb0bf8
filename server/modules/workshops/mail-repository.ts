import { and, eq, gt, lte, ne } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { workshopRegistrations, workshops } from '../../../db/schema/index.ts';

export interface DueReminder {
  workshopId: number;
  userId: number;
  startsAt: Date;
}

/** What workshop mail reads of registrations: who is registered, since when, and who is due a reminder. */
export function createWorkshopMailRepository(db: Db) {
  return {
    async registeredAt(workshopId: number, userId: number): Promise<Date | null> {
      const [row] = await db
        .select({ at: workshopRegistrations.createdAt })
        .from(workshopRegistrations)
        .where(and(eq(workshopRegistrations.workshopId, workshopId), eq(workshopRegistrations.userId, userId)))
        .limit(1);
      return row?.at ?? null;
    },

    async attendeeIds(workshopId: number): Promise<number[]> {
      const rows = await db
        .select({ userId: workshopRegistrations.userId })
        .from(workshopRegistrations)
        .where(eq(workshopRegistrations.workshopId, workshopId));
      return rows.map((row) => row.userId);
    },

    /**
     * Registrations whose reminder `beforeMs` ahead of the start is due at `now`: the workshop
     * not closed and not started, its reminder moment reached, and the person registered before
     * that moment (who registers later has just had the confirmation).
     */
    async dueReminders(now: Date, beforeMs: number): Promise<DueReminder[]> {
      const rows = await db
        .select({ workshopId: workshops.id, userId: workshopRegistrations.userId, startsAt: workshops.startsAt, registeredAt: workshopRegistrations.createdAt })
        .from(workshops)
        .innerJoin(workshopRegistrations, eq(workshopRegistrations.workshopId, workshops.id))
        .where(and(ne(workshops.room, 'closed'), gt(workshops.startsAt, now), lte(workshops.startsAt, new Date(now.getTime() + beforeMs))));
      return rows
        .filter((row) => row.registeredAt.getTime() <= row.startsAt.getTime() - beforeMs)
        .map(({ workshopId, userId, startsAt }) => ({ workshopId, userId, startsAt }));
    },
  };
}

export type WorkshopMailRepository = ReturnType<typeof createWorkshopMailRepository>;
