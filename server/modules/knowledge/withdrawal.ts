import { isNull, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';

/**
 * THE rule for withdrawn knowledge records (tombstones): a record whose `withdrawn_at` is set is
 * gone from every public surface (lists, facets, search, the link picker, links and backlinks,
 * sitemaps, feeds, exports, the home, counts, webhooks) and reads as missing (404) for everyone
 * but the editors; OAI-PMH reports it as deleted. Every surface asks one of these two forms of
 * the same condition, never a copy.
 */

/** For SQL written as text: `col('withdrawn_at')` names the column (`r.withdrawn_at`, `NEW.\`withdrawn_at\``). */
export const liveRecordSql = (col: (name: string) => string): string => `${col('withdrawn_at')} IS NULL`;

/** For drizzle queries: the table's withdrawnAt column is empty. */
export const liveRecord = (table: { withdrawnAt: SQLiteColumn }): SQL => isNull(table.withdrawnAt);

/** The same condition on a row already read (`withdrawnAt` set). */
export const isWithdrawn = (row: { withdrawnAt?: unknown }): boolean => row.withdrawnAt !== null && row.withdrawnAt !== undefined;
