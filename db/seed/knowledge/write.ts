/**
 * Writing the knowledge rows: multi-row inserts in batches (db/seed/write.ts), inside the
 * transaction of the caller. Values go through each drizzle column's own mapping, so JSON,
 * dates and booleans are stored as drizzle would store them.
 */
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../client.ts';
import { insertBatches } from '../write.ts';

/** Inserts `rows` into `table`; call inside a transaction. */
export async function insertRows<T extends SQLiteTable>(db: Db, table: T, rows: readonly T['$inferInsert'][]): Promise<void> {
  await insertBatches(db, table, rows);
}
