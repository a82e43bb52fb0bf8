import { table, text } from './_dialect.ts';
import { moment } from './_columns.ts';

/**
 * Who runs the scheduled work (issue 20, part 3): one row per lease, held by one process
 * (`holder` = its node id) until `expires_at`; renewed by its holder, taken by another only
 * once expired. Released at a clean stop (expires_at set to the epoch).
 */
export const schedulerLeases = table('scheduler_leases', {
  name: text('name').primaryKey(),
  holder: text('holder').notNull(),
  expiresAt: moment('expires_at').notNull(),
});

export type SchedulerLeaseRow = typeof schedulerLeases.$inferSelect;
