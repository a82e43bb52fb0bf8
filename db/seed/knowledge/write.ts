/**
 * Writing the knowledge rows fast: one prepared statement per table, run row by row inside a
 * single transaction (better-sqlite3 does this at a few microseconds a row). Values go through
 * each drizzle column's own mapping, so JSON, dates and booleans are stored as drizzle would.
 */
import { getTableColumns, getTableName } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../client.ts';

/** Inserts `rows` (all with the same keys) into `table`; call inside a transaction. */
export function insertRows<T extends SQLiteTable>(db: Db, table: T, rows: readonly T['$inferInsert'][]): void {
  if (rows.length === 0) return;
  const columns = getTableColumns(table) as Record<string, SQLiteColumn>;
  const keys = Object.keys(rows[0]).filter((k) => k in columns);
  const names = keys.map((k) => `"${columns[k].name}"`).join(', ');
  const statement = db.$client.prepare(`INSERT INTO "${getTableName(table)}" (${names}) VALUES (${keys.map(() => '?').join(', ')})`);
  for (const row of rows) {
    const record = row as Record<string, unknown>;
    statement.run(
      keys.map((k) => {
        const value = record[k];
        return value === null || value === undefined ? null : columns[k].mapToDriverValue(value);
      }),
    );
  }
}

/** Runs `write` in one transaction. */
export function inTransaction(db: Db, write: () => void): void {
  db.$client.transaction(write)();
}
