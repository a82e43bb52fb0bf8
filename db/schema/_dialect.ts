/**
 * One logical schema, two engines. The schema files build their tables with these functions,
 * which are drizzle's SQLite builders on SQLite and their PostgreSQL equivalents on PostgreSQL
 * (db/engine.ts decides once per process). Types are SQLite's: queries are written once and
 * type-checked once; on PostgreSQL the same calls build the same logical tables.
 *
 * The storage classes stay the same on both engines so that hand-written SQL reads the same:
 * integers are 64-bit (`bigint` on PostgreSQL: moments are Unix milliseconds), booleans are 0/1
 * (`smallint`), JSON is text. Ids are identities that accept explicit values (seeding and
 * `npm run db:copy` keep ids; the copy then moves each identity past the largest id).
 */
import { is, SQL } from 'drizzle-orm';
import * as pg from 'drizzle-orm/pg-core';
import * as lite from 'drizzle-orm/sqlite-core';
import { ENGINE } from '../engine.ts';

const onPg = ENGINE === 'pg';

const pgBoolean = pg.customType<{ data: boolean; driverData: number }>({
  dataType: () => 'smallint',
  toDriver: (value) => (value ? 1 : 0),
  fromDriver: (value) => Number(value) === 1,
});

const pgMillis = pg.customType<{ data: Date; driverData: number | string }>({
  dataType: () => 'bigint',
  toDriver: (value) => value.getTime(),
  fromDriver: (value) => new Date(Number(value)),
});

const pgJson = pg.customType<{ data: unknown; driverData: string }>({
  dataType: () => 'text',
  toDriver: (value) => JSON.stringify(value),
  fromDriver: (value) => (typeof value === 'string' ? JSON.parse(value) : value),
});

const pgBuffer = pg.customType<{ data: Buffer; driverData: Buffer }>({
  dataType: () => 'bytea',
});

/** Defaults in the stored form on PostgreSQL: booleans as 0/1, JSON as its text. */
function storedDefaults<B extends { default: (value: never) => unknown }>(builder: B, store: (value: unknown) => unknown): B {
  const original = builder.default.bind(builder) as (value: unknown) => unknown;
  (builder as unknown as { default: (value: unknown) => unknown }).default = (value: unknown) =>
    original(is(value, SQL) ? value : store(value));
  return builder;
}

type IntegerOptions = { mode: 'number' | 'boolean' | 'timestamp_ms' | 'timestamp' };

function pgInteger(name: string, options?: IntegerOptions): unknown {
  switch (options?.mode) {
    case 'boolean':
      return storedDefaults(pgBoolean(name), (value) => (typeof value === 'boolean' ? Number(value) : value));
    case 'timestamp_ms':
      return pgMillis(name);
    case 'timestamp':
      throw new Error(`column ${name}: second-precision timestamps are not used (store milliseconds)`);
    default:
      return pg.bigint(name, { mode: 'number' });
  }
}

function pgText(name: string, options?: { mode?: 'text' | 'json'; enum?: readonly string[] }): unknown {
  if (options?.mode === 'json') return storedDefaults(pgJson(name), (value) => JSON.stringify(value));
  return pg.text(name, options?.enum ? { enum: options.enum as [string, ...string[]] } : undefined);
}

export const table = (onPg ? pg.pgTable : lite.sqliteTable) as typeof lite.sqliteTable;
export const integer = (onPg ? pgInteger : lite.integer) as typeof lite.integer;
export const text = (onPg ? pgText : lite.text) as typeof lite.text;
export const real = (onPg ? (name: string) => pg.doublePrecision(name) : lite.real) as typeof lite.real;
export const blob = (onPg ? (name: string) => pgBuffer(name) : lite.blob) as typeof lite.blob;
export const index = (onPg ? pg.index : lite.index) as typeof lite.index;
export const uniqueIndex = (onPg ? pg.uniqueIndex : lite.uniqueIndex) as typeof lite.uniqueIndex;
export const primaryKey = (onPg ? pg.primaryKey : lite.primaryKey) as typeof lite.primaryKey;

/** An integer primary key: SQLite's rowid; on PostgreSQL an identity that also takes given ids. */
export const idColumn = (name = 'id') =>
  onPg
    ? (pg.bigint(name, { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity() as unknown as ReturnType<typeof liteId>)
    : liteId(name);

function liteId(name: string) {
  return lite.integer(name).primaryKey({ autoIncrement: true });
}
