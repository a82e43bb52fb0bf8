/**
 * How the seed writes, on either engine: multi-row inserts in batches (one statement per
 * batch, the values mapped by drizzle's columns), and the identities moved past the ids the
 * seed gave explicitly.
 */
import { getTableColumns, is, sql } from 'drizzle-orm';
import { getTableConfig as getPgTableConfig, PgTable } from 'drizzle-orm/pg-core';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { exec } from '../access.ts';
import type { Db } from '../client.ts';
import { onPostgres } from '../engine.ts';
import * as schema from '../schema/index.ts';

/**
 * Bound values per statement: under SQLite's limit (32,766) and PostgreSQL's (65,535). drizzle
 * binds every column of the table for every row (the missing ones as their defaults).
 */
const MAX_PARAMETERS = 30_000;
const MAX_ROWS = 500;

/** Rows per statement for `table`. */
export function batchSize(table: SQLiteTable, limit = MAX_ROWS): number {
  const columns = Object.keys(getTableColumns(table)).length;
  return Math.max(1, Math.min(limit, Math.floor(MAX_PARAMETERS / Math.max(1, columns))));
}

/** Inserts `rows` into `table` in batches; call inside a transaction for speed and atomicity. */
export async function insertBatches<T extends SQLiteTable>(db: Db, table: T, rows: readonly T['$inferInsert'][], limit = MAX_ROWS): Promise<void> {
  const size = batchSize(table, limit);
  for (let i = 0; i < rows.length; i += size) {
    await db.insert(table as SQLiteTable).values(rows.slice(i, i + size) as never);
  }
}

/** The schema's tables whose `id` is an identity (PostgreSQL's tables only: on SQLite, none). */
function identityTables(): string[] {
  const names = new Set<string>();
  for (const value of Object.values(schema)) {
    if (!is(value, PgTable)) continue;
    const config = getPgTableConfig(value);
    if (config.columns.some((c) => c.name === 'id' && c.primary && (c as unknown as { generatedIdentity?: unknown }).generatedIdentity)) names.add(config.name);
  }
  return [...names].sort();
}

/**
 * Moves each identity past the largest id in its table. The seed gives many rows their ids
 * (planned in memory, so that rows can point at each other before they are written); on
 * PostgreSQL the identities (BY DEFAULT) do not see those, and the next row inserted without an
 * id would take one already used. SQLite's rowids always follow the largest: nothing to do.
 */
export async function syncIdentities(db: Db): Promise<void> {
  if (!onPostgres) return;
  for (const table of identityTables()) {
    await exec(
      db,
      sql`SELECT setval(pg_get_serial_sequence(${`"${table}"`}, 'id'), coalesce(max(id), 1), max(id) IS NOT NULL) FROM ${sql.identifier(table)}`,
    );
  }
}
