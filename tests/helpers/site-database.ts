/**
 * The database of a real server process, on the run's engine. The process tests start the
 * server on a SQLite file (MINGA_DB) and restart it on the same file; in the PostgreSQL run
 * (MINGA_DB_ENGINE=pg) the file names a PostgreSQL database instead, one per file and copied
 * from the migrated template when first asked for, so a restart on the same MINGA_DB finds the
 * same data; its uploads go to a folder beside the file (MINGA_FILES_DIR), as SQLite's would.
 * The run's teardown drops these databases with the others (tests/setup-pg.ts).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { ENGINE } from '../../db/engine.ts';
import { filesDirBeside } from '../../server/storage/config.ts';
import { createTestDatabase, databaseUrl, postgresBinDir } from './postgres.ts';
import { syncPostgres } from './pg-sync.ts';

const onPostgres = ENGINE === 'pg';

/** The name of the PostgreSQL database that stands for the SQLite file `dbFile`. */
function siteDatabaseName(dbFile: string): string {
  return `minga_tp_${createHash('sha256').update(resolve(dbFile)).digest('hex').slice(0, 16)}`;
}

/** The URL of the PostgreSQL database that stands for `dbFile` (made by siteProcessEnv). */
export function siteDatabaseUrl(dbFile: string): string {
  return databaseUrl(process.env.MINGA_TEST_PG_URL!, siteDatabaseName(dbFile));
}

/**
 * A process's environment on this run's engine: unchanged on SQLite, or when it names its
 * database itself (MINGA_DATABASE_URL); in the PostgreSQL run, MINGA_DB's database and files.
 */
export async function siteProcessEnv(env: Record<string, string>): Promise<Record<string, string>> {
  if (!onPostgres || env.MINGA_DATABASE_URL || !env.MINGA_DB || env.MINGA_DB === ':memory:') return env;
  const made = await createTestDatabase({ reference: false, name: siteDatabaseName(env.MINGA_DB), reuse: true });
  const s3 = Object.keys(env).some((name) => name.startsWith('MINGA_S3_') && env[name]);
  return { ...env, MINGA_DATABASE_URL: made.url, ...(env.MINGA_FILES_DIR || s3 ? {} : { MINGA_FILES_DIR: filesDirBeside(env.MINGA_DB) }) };
}

/** What a test reads a process's database with: the SQLite file, or its PostgreSQL database (the synchronous stand-in). */
export type SiteDatabase = Pick<Database.Database, 'prepare' | 'close'>;

/** Opens the database a process ran on with MINGA_DB=`dbFile`, to check its rows. */
export function openSiteDatabase(dbFile: string, options: { readonly?: boolean } = {}): SiteDatabase {
  if (!onPostgres) return new Database(dbFile, options);
  return syncPostgres(siteDatabaseUrl(dbFile)) as unknown as SiteDatabase;
}

/**
 * The database a process ran on is sound: SQLite's `PRAGMA integrity_check`; on PostgreSQL,
 * amcheck over every B-tree index of the schema, with the table rows each one must hold
 * (where amcheck cannot be installed, a full read of every table). 'ok', or what is wrong.
 */
export function integrityCheck(dbFile: string): string {
  if (!onPostgres) {
    const sqlite = new Database(dbFile, { readonly: true });
    try {
      return String(sqlite.pragma('integrity_check', { simple: true }));
    } finally {
      sqlite.close();
    }
  }
  const site = syncPostgres(siteDatabaseUrl(dbFile));
  try {
    let amcheck = true;
    try {
      site.exec('CREATE EXTENSION IF NOT EXISTS amcheck');
    } catch {
      amcheck = false;
    }
    if (amcheck) {
      site
        .prepare(
          `SELECT bt_index_check(c.oid, true) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
           JOIN pg_am a ON a.oid = c.relam JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE a.amname = 'btree' AND n.nspname = 'public' AND c.relpersistence = 'p' AND i.indisvalid`,
        )
        .all();
    } else {
      const tables = site.prepare("SELECT tablename FROM pg_tables WHERE schemaname = 'public'").pluck().all() as string[];
      for (const table of tables) site.prepare(`SELECT * FROM "${table}"`).all();
    }
    return 'ok';
  } catch (error) {
    return (error as Error).message;
  } finally {
    site.close();
  }
}

/** PostgreSQL: how many connections the database of `dbFile` has now (a running process holds some). */
export function connectionsTo(dbFile: string): number {
  const site = syncPostgres(siteDatabaseUrl(dbFile));
  try {
    return site.prepare('SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()').pluck().get() as number;
  } finally {
    site.close();
  }
}

/**
 * A backup file can be read back: a SQLite copy passes `PRAGMA integrity_check`; a PostgreSQL
 * dump (pg_dump's custom format) lists its contents with pg_restore. 'ok', or what is wrong.
 */
export function backupIntegrity(file: string): string {
  if (!onPostgres) {
    const copy = new Database(file, { readonly: true });
    try {
      return String(copy.pragma('integrity_check', { simple: true }));
    } finally {
      copy.close();
    }
  }
  try {
    const listing = execFileSync(join(postgresBinDir()!, 'pg_restore'), ['--list', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return /TABLE DATA public posts /.test(listing) ? 'ok' : 'the dump holds no posts table';
  } catch (error) {
    return (error as Error).message;
  }
}
