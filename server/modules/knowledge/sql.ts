/**
 * What the knowledge area's hand-written SQL writes differently per engine (one place; see
 * db/dialect.ts for what every area shares).
 */
import { sql, type SQL } from 'drizzle-orm';
import { onPostgres } from '../../../db/engine.ts';

/** A text ordered without regard to letter case (SQLite's COLLATE NOCASE folds ASCII only). */
export const caseless = (text: SQL): SQL => (onPostgres ? sql`lower(${text})` : sql`${text} COLLATE NOCASE`);

/** Before a subquery in FROM that reads a table listed before it (PostgreSQL needs LATERAL; SQLite has no such word). */
export const lateral: SQL = onPostgres ? sql`LATERAL ` : sql``;
