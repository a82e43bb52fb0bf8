/**
 * The two ends of `npm run db:copy`: a SQLite file and a PostgreSQL database, each read and
 * written through its own driver (not through this process's engine), with the same storage
 * classes on both (db/schema/_dialect.ts), so values pass unchanged.
 */
import { CHANGE_STAMPS_TABLE } from '../change-stamps.ts';
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { migrationsFolder, pgMigrationsFolder } from '../client.ts';

export type Row = unknown[];

export interface TableInfo {
  name: string;
  /** Stored columns (PostgreSQL's generated columns, such as search vectors, are left out). */
  columns: string[];
  /** Primary-key columns (empty: none; rows are then read in the engine's own order). */
  key: string[];
  /** Tables this one's foreign keys point to. */
  references: string[];
  /** Columns that are identities (PostgreSQL) to move past the largest id after a copy. */
  identities: string[];
}

export interface Side {
  kind: 'sqlite' | 'pg';
  label: string;
  /** Applies the committed migrations (a new target). */
  migrate(): Promise<void>;
  tables(): Promise<TableInfo[]>;
  count(table: TableInfo): Promise<number>;
  /** Rows in primary-key order, `size` at a time, by keyset (constant cost per batch). */
  read(table: TableInfo, columns: string[], size: number): AsyncGenerator<Row[]>;
  /** Prepares for writing (foreign keys checked at the end), and finishes (checks, identities). */
  beginWrite(): Promise<void>;
  write(table: TableInfo, columns: string[], rows: Row[]): Promise<void>;
  endWrite(tables: TableInfo[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * Tables that are not data: migrations' bookkeeping, the full-text indexes (rebuilt by triggers)
 * and PostgreSQL's write counters (db/change-stamps.ts, kept by triggers too).
 */
function isDataTable(name: string): boolean {
  return !name.startsWith('__drizzle') && !name.startsWith('sqlite_') && !/_fts($|_)/.test(name) && name !== CHANGE_STAMPS_TABLE;
}

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

// ---------------------------------------------------------------------------------------------

export function sqliteSide(file: string, options: { create: boolean }): Side {
  if (!options.create && !existsSync(file)) throw new Error(`no SQLite database at ${file}`);
  const sqlite = new Database(file, { fileMustExist: !options.create });
  sqlite.pragma('busy_timeout = 5000');
  if (options.create) sqlite.pragma('journal_mode = WAL');
  return {
    kind: 'sqlite',
    label: `sqlite:${file}`,
    async migrate() {
      migrate(drizzle(sqlite), { migrationsFolder: migrationsFolder() });
    },
    async tables() {
      const names = (sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[]).filter(isDataTable);
      return names.map((name) => {
        const info = sqlite.prepare(`PRAGMA table_xinfo(${q(name)})`).all() as { name: string; pk: number; hidden: number }[];
        const foreign = sqlite.prepare(`PRAGMA foreign_key_list(${q(name)})`).all() as { table: string }[];
        return {
          name,
          columns: info.filter((c) => c.hidden === 0).map((c) => c.name),
          key: info.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name),
          references: [...new Set(foreign.map((f) => f.table))].filter((t) => t !== name),
          identities: [],
        };
      });
    },
    async count(table) {
      return (sqlite.prepare(`SELECT count(*) FROM ${q(table.name)}`).pluck().get() as number) ?? 0;
    },
    async *read(table, columns, size) {
      const list = columns.map(q).join(', ');
      if (table.key.length === 0) {
        const statement = sqlite.prepare(`SELECT ${list} FROM ${q(table.name)} ORDER BY rowid LIMIT ? OFFSET ?`).raw();
        for (let offset = 0; ; offset += size) {
          const rows = statement.all(size, offset) as Row[];
          if (rows.length === 0) return;
          yield rows;
        }
      }
      const keyList = table.key.map(q).join(', ');
      const keyAt = table.key.map((k) => columns.indexOf(k));
      const first = sqlite.prepare(`SELECT ${list} FROM ${q(table.name)} ORDER BY ${keyList} LIMIT ?`).raw();
      const next = sqlite
        .prepare(`SELECT ${list} FROM ${q(table.name)} WHERE (${keyList}) > (${table.key.map(() => '?').join(', ')}) ORDER BY ${keyList} LIMIT ?`)
        .raw();
      let rows = first.all(size) as Row[];
      while (rows.length > 0) {
        yield rows;
        const last = rows[rows.length - 1]!;
        rows = next.all(...keyAt.map((i) => last[i]), size) as Row[];
      }
    },
    async beginWrite() {
      sqlite.pragma('foreign_keys = OFF');
      sqlite.exec('BEGIN');
    },
    async write(table, columns, rows) {
      const statement = sqlite.prepare(`INSERT INTO ${q(table.name)} (${columns.map(q).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
      for (const row of rows) statement.run(...row);
    },
    async endWrite() {
      const broken = sqlite.prepare('PRAGMA foreign_key_check').all();
      if (broken.length > 0) {
        sqlite.exec('ROLLBACK');
        throw new Error(`the copy breaks ${broken.length} foreign keys (first: ${JSON.stringify(broken[0])}); nothing was written`);
      }
      sqlite.exec('COMMIT');
      sqlite.pragma('foreign_keys = ON');
    },
    async close() {
      if (sqlite.open) {
        try {
          sqlite.pragma('wal_checkpoint(TRUNCATE)');
        } catch {
          // a reader elsewhere: closing still checkpoints what it can
        }
        sqlite.close();
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------

pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number(value));

/** PostgreSQL allows 65,535 bound values per statement. */
const MAX_PARAMS = 60_000;

export function pgSide(url: string): Side {
  const client = new pg.Client({ connectionString: url });
  // A connection the server drops while idle fails the next query; without a listener it would end the process.
  client.on('error', () => undefined);
  let connected: Promise<void> | null = null;
  const ready = () => (connected ??= client.connect());
  return {
    kind: 'pg',
    label: url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@'),
    async migrate() {
      await ready();
      const pool = new pg.Pool({ connectionString: url, max: 1 });
      pool.on('error', () => undefined);
      try {
        await migratePg(drizzlePg(pool), { migrationsFolder: pgMigrationsFolder() });
      } finally {
        await pool.end();
      }
    },
    async tables() {
      await ready();
      const names = (
        await client.query<{ name: string }>("SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")
      ).rows
        .map((r) => r.name)
        .filter(isDataTable);
      const columns = await client.query<{ table: string; column: string; generated: string; identity: string }>(
        `SELECT table_name AS table, column_name AS column, is_generated AS generated, is_identity AS identity
           FROM information_schema.columns WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`,
      );
      const keys = await client.query<{ table: string; column: string }>(
        `SELECT c.conrelid::regclass::text AS table, a.attname AS column
           FROM pg_constraint c JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k(attnum, n) ON true
           JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
          WHERE c.contype = 'p' AND c.connamespace = current_schema()::regnamespace ORDER BY c.conrelid, k.n`,
      );
      const foreign = await client.query<{ table: string; target: string }>(
        `SELECT conrelid::regclass::text AS table, confrelid::regclass::text AS target FROM pg_constraint
          WHERE contype = 'f' AND connamespace = current_schema()::regnamespace`,
      );
      const unquote = (name: string) => name.replace(/^"(.*)"$/, '$1');
      return names.map((name) => ({
        name,
        columns: columns.rows.filter((c) => c.table === name && c.generated === 'NEVER').map((c) => c.column),
        key: keys.rows.filter((k) => unquote(k.table) === name).map((k) => k.column),
        references: [...new Set(foreign.rows.filter((f) => unquote(f.table) === name).map((f) => unquote(f.target)))].filter((t) => t !== name),
        identities: columns.rows.filter((c) => c.table === name && c.identity === 'YES').map((c) => c.column),
      }));
    },
    async count(table) {
      await ready();
      return Number((await client.query(`SELECT count(*) AS n FROM ${q(table.name)}`)).rows[0].n);
    },
    async *read(table, columns, size) {
      await ready();
      const list = columns.map(q).join(', ');
      if (table.key.length === 0) {
        for (let offset = 0; ; offset += size) {
          const result = await client.query({ text: `SELECT ${list} FROM ${q(table.name)} ORDER BY ctid LIMIT $1 OFFSET $2`, values: [size, offset], rowMode: 'array' });
          if (result.rows.length === 0) return;
          yield result.rows as Row[];
        }
      }
      const keyList = table.key.map(q).join(', ');
      const keyAt = table.key.map((k) => columns.indexOf(k));
      let result = await client.query({ text: `SELECT ${list} FROM ${q(table.name)} ORDER BY ${keyList} LIMIT $1`, values: [size], rowMode: 'array' });
      while (result.rows.length > 0) {
        yield result.rows as Row[];
        const last = result.rows[result.rows.length - 1] as Row;
        const after = keyAt.map((i) => last[i]);
        result = await client.query({
          text: `SELECT ${list} FROM ${q(table.name)} WHERE (${keyList}) > (${after.map((_, i) => `$${i + 1}`).join(', ')}) ORDER BY ${keyList} LIMIT $${after.length + 1}`,
          values: [...after, size],
          rowMode: 'array',
        });
      }
    },
    async beginWrite() {
      await ready();
      await client.query('BEGIN');
      // Foreign keys are checked at the commit, so the tables' order cannot break them midway
      // (Minga's foreign keys are created deferrable-free: the copy orders tables by them instead).
    },
    async write(table, columns, rows) {
      const perStatement = Math.max(1, Math.floor(MAX_PARAMS / columns.length));
      for (let start = 0; start < rows.length; start += perStatement) {
        const chunk = rows.slice(start, start + perStatement);
        const values: unknown[] = [];
        const tuples = chunk.map((row) => `(${row.map((value) => (values.push(value), `$${values.length}`)).join(', ')})`);
        await client.query(`INSERT INTO ${q(table.name)} (${columns.map(q).join(', ')}) OVERRIDING SYSTEM VALUE VALUES ${tuples.join(', ')}`, values);
      }
    },
    async endWrite(tables) {
      for (const table of tables) {
        for (const column of table.identities) {
          await client.query(
            `SELECT setval(pg_get_serial_sequence($1, $2), coalesce((SELECT max(${q(column)}) FROM ${q(table.name)}), 0) + 1, false)`,
            [q(table.name), column],
          );
        }
      }
      await client.query('COMMIT');
    },
    async close() {
      if (connected) await client.end().catch(() => undefined);
    },
  };
}
