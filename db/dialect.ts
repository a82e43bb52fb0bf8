/**
 * SQL that differs between SQLite and PostgreSQL, written once here so that hand-written
 * queries read the same on both engines. (Full-text search has its own place per engine in
 * server/modules/search; what differs in one area only may live beside that area's queries,
 * built from `onPostgres`.) Everything else in Minga's SQL is common to both: integers,
 * 0/1 booleans, moments in Unix milliseconds, JSON as text (db/schema/_dialect.ts).
 */
import { sql, type SQL } from 'drizzle-orm';
import { ENGINE } from './engine.ts';

const pg = ENGINE === 'pg';

/** The larger of two values (SQLite's two-argument max(), PostgreSQL's greatest()). */
export const greatest = (a: unknown, b: unknown): SQL => (pg ? sql`greatest(${a}, ${b})` : sql`max(${a}, ${b})`);

/** The smaller of two values (SQLite's two-argument min(), PostgreSQL's least()). */
export const least = (a: unknown, b: unknown): SQL => (pg ? sql`least(${a}, ${b})` : sql`min(${a}, ${b})`);

/** Where `needle` starts in `haystack`, 1-based, 0 when absent (SQLite's instr). */
export const position = (haystack: unknown, needle: unknown): SQL =>
  pg ? sql`strpos(${haystack}, ${needle})` : sql`instr(${haystack}, ${needle})`;

/** The values of a JSON array held as text, as a one-column table named `value`. */
export const jsonValues = (json: unknown): SQL =>
  pg ? sql`(SELECT value FROM json_array_elements_text((${json})::json) AS v(value))` : sql`(SELECT value FROM json_each(${json}))`;

/** The integers of a JSON array held as text (ids), as a one-column table named `value`. */
export const jsonIntegers = (json: unknown): SQL =>
  pg
    ? sql`(SELECT value::bigint FROM json_array_elements_text((${json})::json) AS v(value))`
    : sql`(SELECT value FROM json_each(${json}))`;

/** `column LIKE pattern` without regard to letter case (SQLite's LIKE already is, for ASCII). */
export const likeAnyCase = (column: unknown, pattern: unknown): SQL =>
  pg ? sql`${column} ILIKE ${pattern} ESCAPE '\\'` : sql`${column} LIKE ${pattern} ESCAPE '\\'`;

/** The UTC day (YYYY-MM-DD) of a moment held in Unix milliseconds. */
export const utcDay = (millis: unknown): SQL =>
  pg
    ? sql`to_char(to_timestamp((${millis}) / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM-DD')`
    : sql`date((${millis}) / 1000, 'unixepoch')`;

/** Integer division truncating toward zero on both engines (operands are integers). */
export const intDiv = (a: unknown, b: unknown): SQL => sql`(${a}) / (${b})`;

/** A floating-point division (SQLite divides integers as integers, as PostgreSQL does). */
export const realDiv = (a: unknown, b: unknown): SQL =>
  pg ? sql`((${a})::double precision / (${b}))` : sql`((${a}) * 1.0 / (${b}))`;

/** Strings joined with a separator over a group (SQLite's group_concat). */
export const groupConcat = (value: unknown, separator = ','): SQL =>
  pg ? sql`string_agg((${value})::text, ${separator})` : sql`group_concat(${value}, ${separator})`;

/** Now, in Unix milliseconds, by the database's clock (the same for every host on PostgreSQL). */
export const nowMillis = (): SQL =>
  pg ? sql`(extract(epoch from clock_timestamp()) * 1000)::bigint` : sql`CAST(unixepoch('subsec') * 1000 AS INTEGER)`;
