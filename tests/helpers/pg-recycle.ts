/**
 * PostgreSQL test databases used again instead of dropped (npm run test:pg). Every test app gets
 * a database in the state of its template. Making one (CREATE DATABASE … TEMPLATE), dropping it
 * afterwards and starting its connections cost the server ~400 ms of CPU per test on this kind of
 * machine: a new server process costs ~20 ms (fork under page-table isolation), and on a new
 * database each one reads the catalog and plans every statement cold. So a closed test database
 * is put back into the template's state, when that is cheap and certain, and handed with its
 * open connections to the next test of this process:
 * - the rows of every table that holds any are deleted (triggers off, as a restore does);
 * - the template's own rows (reference data, search rows, write counters) are written back when
 *   they changed, and every sequence is set back to the template's value;
 * - a database whose schema changed (a test that altered a table), that another connection still
 *   uses, whose connections are still busy, or that grew large (a full demo seed) is dropped as
 *   before, never reused;
 * - each app gets the connections through a lease that refuses queries once the app closed, so
 *   nothing late from one test writes into the next.
 * What "the template's state" is, is read once per process from a database just copied from it.
 */
import pg from 'pg';

interface ReferenceTable {
  table: string;
  columns: string[];
  json: string;
  hash: string;
}

interface Baseline {
  fingerprint: string;
  size: number;
  tables: string[];
  reference: ReferenceTable[];
  sequences: { name: string; value: number | null }[];
  check: string;
}

export interface RecyclableDatabase {
  name: string;
  url: string;
  /** Its open connections (application_name TEST_POOL_NAME). */
  pool: pg.Pool;
}

/** What the test apps' connections call themselves (the check counts any other as a user). */
export const TEST_POOL_NAME = 'minga_test_app';
/** The tests' synchronous look into a database (tests/helpers/pg-sync.ts), closed with its app. */
export const TEST_SYNC_NAME = 'minga_test_sync';

/**
 * The pool as one app may use it: its queries and connections go to `pool` until `revoke()`,
 * then fail as on a closed pool (instanceof pg.Pool still holds, as drizzle asks).
 */
export function lease(pool: pg.Pool): { pool: pg.Pool; revoke(): void } {
  let revoked = false;
  const refuse = () => new Error('Cannot use a pool after calling end on the pool');
  const wrapper = Object.create(pool) as pg.Pool;
  Object.assign(wrapper, {
    connect: (...args: unknown[]) => {
      if (revoked) return Promise.reject(refuse());
      return (pool.connect as (...a: unknown[]) => unknown)(...args);
    },
    query: (...args: unknown[]) => {
      if (revoked) return Promise.reject(refuse());
      return (pool.query as (...a: unknown[]) => unknown)(...args);
    },
    end: async () => {
      revoked = true;
    },
    on: (...args: unknown[]) => ((pool.on as (...a: unknown[]) => unknown)(...args), wrapper),
  });
  return {
    pool: wrapper,
    revoke: () => {
      revoked = true;
    },
  };
}

const ident = pg.escapeIdentifier;
const literal = pg.escapeLiteral;

/** The schema's shape: any DDL a test ran (a table altered, a trigger dropped…) changes it. */
const FINGERPRINT = `concat_ws('|',
  (SELECT md5(string_agg(concat_ws(':', c.relname, c.relkind, c.relnatts, c.relhastriggers), ',' ORDER BY c.relname))
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname IN ('public', 'drizzle')),
  (SELECT md5(coalesce(string_agg(concat_ws(':', a.attrelid::regclass, a.attname, a.atttypid, a.attnotnull), ',' ORDER BY a.attrelid, a.attnum), ''))
     FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND a.attnum > 0 AND NOT a.attisdropped),
  (SELECT md5(coalesce(string_agg(concat_ws(':', t.tgname, t.tgenabled), ',' ORDER BY t.tgname), '')) FROM pg_trigger t),
  (SELECT md5(coalesce(string_agg(p.proname || md5(p.prosrc), ',' ORDER BY p.proname), ''))
     FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'),
  (SELECT count(*) FROM pg_constraint), (SELECT count(*) FROM pg_attrdef), (SELECT count(*) FROM pg_extension),
  (SELECT count(*) FROM pg_db_role_setting), (SELECT count(*) FROM pg_policy))`;

/** Minga's schemas: its tables, and drizzle's record of the migrations applied (a test deletes a row of it). */
const SCHEMAS = `('public', 'drizzle')`;
const SEQUENCE_NAME = `format('%I.%I', schemaname, sequencename)`;
const SEQUENCES = `ARRAY(SELECT coalesce(last_value, -1) FROM pg_sequences WHERE schemaname IN ${SCHEMAS} ORDER BY ${SEQUENCE_NAME})`;

const free = new Map<string, RecyclableDatabase[]>();
const baselines = new Map<string, Promise<Baseline | null>>();

async function withPooled<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    return await work(client);
  } finally {
    client.release();
  }
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client(url);
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Reads the state of a database just copied from `template` (null: this server or role cannot reuse). */
async function readBaseline(url: string): Promise<Baseline | null> {
  return withClient(url, async (client) => {
    const superuser = (await client.query<{ s: boolean }>('SELECT rolsuper AS s FROM pg_roles WHERE rolname = current_user')).rows[0]?.s;
    // Deleting with the triggers off (session_replication_role) needs a superuser: others drop as before.
    if (!superuser) return null;
    // Each table by its SQL name, schema included ("drizzle.__drizzle_migrations").
    const found = (
      await client.query<{ t: string; schema: string; name: string }>(
        `SELECT format('%I.%I', schemaname, tablename) AS t, schemaname AS schema, tablename AS name
           FROM pg_tables WHERE schemaname IN ${SCHEMAS} ORDER BY 1`,
      )
    ).rows;
    const tables = found.map((r) => r.t);
    const reference: ReferenceTable[] = [];
    for (const { t: table, schema, name } of found) {
      const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
      if (!rows[0]!.n) continue;
      const columns = (
        await client.query<{ c: string }>(
          `SELECT column_name AS c FROM information_schema.columns
            WHERE table_schema = $1 AND table_name = $2 AND is_generated = 'NEVER' ORDER BY ordinal_position`,
          [schema, name],
        )
      ).rows.map((r) => r.c);
      const list = columns.map(ident).join(', ');
      const data = await client.query<{ json: string; hash: string }>(
        `SELECT json_agg(x)::text AS json, ${hashOf(table)} AS hash FROM (SELECT ${list} FROM ${table}) x`,
      );
      reference.push({ table, columns, json: data.rows[0]!.json, hash: data.rows[0]!.hash });
    }
    const sequences = (
      await client.query<{ name: string; value: string | null }>(
        `SELECT ${SEQUENCE_NAME} AS name, last_value::text AS value FROM pg_sequences WHERE schemaname IN ${SCHEMAS} ORDER BY ${SEQUENCE_NAME}`,
      )
    ).rows.map((r) => ({ name: r.name, value: r.value === null ? null : Number(r.value) }));
    const referenceNames = new Set(reference.map((r) => r.table));
    const filled = tables
      .filter((t) => !referenceNames.has(t))
      .map((t) => `CASE WHEN EXISTS (SELECT 1 FROM ${t}) THEN ${literal(t)} END`);
    const check = `SELECT ${FINGERPRINT} AS fingerprint,
      (SELECT count(*)::int FROM pg_stat_activity WHERE datname = current_database()
        AND application_name NOT IN (${literal(TEST_POOL_NAME)}, ${literal(TEST_SYNC_NAME)})) AS others,
      pg_database_size(current_database())::bigint::text AS size,
      array_remove(ARRAY[${filled.join(', ') || 'NULL'}]::text[], NULL) AS filled,
      ARRAY[${reference.map((r) => hashOf(r.table)).join(', ') || 'NULL'}]::text[] AS hashes,
      ${SEQUENCES}::text[] AS sequences`;
    const state = (await client.query<{ fingerprint: string; size: string }>(check)).rows[0]!;
    return { fingerprint: state.fingerprint, size: Number(state.size), tables, reference, sequences, check };
  });
}

/** `table` is an SQL name (schema.table, quoted where needed), as pg_tables gave it through format('%I.%I'). */
const hashOf = (table: string) => `(SELECT md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) FROM ${table} x)`;

/** A database of `template`'s state put back by an earlier test of this process, if any. */
export function takeRecycled(template: string): RecyclableDatabase | undefined {
  return free.get(template)?.pop();
}

/** Called with a database just copied from `template`, before any test touches it. */
export function noteFresh(template: string, url: string): Promise<unknown> {
  if (!baselines.has(template)) baselines.set(template, readBaseline(url).catch(() => null));
  return baselines.get(template)!;
}

/**
 * Puts a closed test database back into its template's state and keeps it for the next test;
 * false when it must be dropped instead (the caller drops it).
 */
export async function recycle(template: string, database: RecyclableDatabase): Promise<boolean> {
  const baseline = await baselines.get(template);
  if (!baseline) return false;
  // Connections still busy (a query of the closed app in flight): not certain, so not reused.
  if (database.pool.totalCount !== database.pool.idleCount || database.pool.waitingCount > 0) return false;
  try {
    const kept = await withPooled(database.pool, async (client) => {
      const state = (
        await client.query<{ fingerprint: string; others: number; size: string; filled: string[]; hashes: string[]; sequences: string[] }>(
          baseline.check,
        )
      ).rows[0]!;
      // A database much larger than its template (a seed of the demo data): deleting its rows
      // costs more than a new copy, and would leave it bloated.
      if (state.fingerprint !== baseline.fingerprint || state.others > 0 || Number(state.size) > baseline.size + 4 * 1024 * 1024) return false;
      const statements = ['BEGIN', 'SET LOCAL session_replication_role = replica'];
      for (const table of state.filled) statements.push(`DELETE FROM ${table}`);
      baseline.reference.forEach((reference, i) => {
        if (state.hashes[i] === reference.hash) return;
        const list = reference.columns.map(ident).join(', ');
        statements.push(`DELETE FROM ${reference.table}`);
        statements.push(
          `INSERT INTO ${reference.table} (${list}) OVERRIDING SYSTEM VALUE SELECT ${list} FROM json_populate_recordset(NULL::${reference.table}, ${literal(reference.json)}::json)`,
        );
      });
      baseline.sequences.forEach((sequence, i) => {
        const now = Number(state.sequences[i]);
        const was = sequence.value ?? -1;
        if (now === was) return;
        const name = literal(sequence.name);
        statements.push(
          sequence.value === null
            ? `SELECT setval(${name}, (SELECT start_value FROM pg_sequences WHERE ${SEQUENCE_NAME} = ${name}), false)`
            : `SELECT setval(${name}, ${sequence.value}, true)`,
        );
      });
      statements.push('COMMIT');
      await client.query(statements.join(';\n'));
      return true;
    });
    if (kept) {
      const list = free.get(template) ?? [];
      list.push(database);
      free.set(template, list);
    }
    return kept;
  } catch {
    return false;
  }
}
