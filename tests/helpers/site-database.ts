/**
 * The database of a real server process, on the run's engine. The process tests start the
 * server on a SQLite file (MINGA_DB) and restart it on the same file; in the PostgreSQL run
 * (MINGA_DB_ENGINE=pg) the file names a PostgreSQL database instead, one per file and copied
 * from the migrated template when first asked for, so a restart on the same MINGA_DB finds the
 * same data; its uploads go to a folder beside the file (MINGA_FILES_DIR), as SQLite's would.
 * The run's teardown drops these databases with the others (tests/setup-pg.ts).
 */
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import { ENGINE } from '../../db/engine.ts';
import { filesDirBeside } from '../../server/storage/config.ts';
import { createTestDatabase, databaseUrl } from './postgres.ts';
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
