import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { fillDerivedColumns } from './derived.ts';
import * as schema from './schema/index.ts';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export interface OpenedDb {
  db: Db;
  sqlite: Database.Database;
  /** True when the file did not exist (or was empty) before opening: the caller seeds it. */
  isNew: boolean;
  close(): void;
}

const here = dirname(fileURLToPath(import.meta.url));

/** The committed migrations, found both from the sources (db/) and from the build (dist/db/). */
export function migrationsFolder(): string {
  const candidates = [join(here, 'migrations'), resolve(here, '../../db/migrations')];
  const found = candidates.find((dir) => existsSync(join(dir, 'meta', '_journal.json')));
  if (!found) throw new Error(`drizzle migrations not found (looked in ${candidates.join(', ')})`);
  return found;
}

export function migrationCount(): number {
  return readdirSync(migrationsFolder()).filter((f) => f.endsWith('.sql')).length;
}

/** Opens the database (a file path or ':memory:'), sets the pragmas and applies migrations. */
export function openDatabase(file: string): OpenedDb {
  const inMemory = file === ':memory:';
  if (!inMemory) mkdirSync(dirname(resolve(file)), { recursive: true });
  const sqlite = new Database(file);
  if (!inMemory) sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // WAL with synchronous=NORMAL: a commit is in the WAL file (the operating system's cache)
  // before the statement returns, so a write acknowledged to a client survives the process
  // being killed (kill -9, a crash, the OOM killer): tests/integration/crash-safety proves it.
  // It is not fsynced at each commit, so a power cut or a kernel crash may lose the last
  // transactions (never corrupt the file); FULL would fsync every commit, at several times the
  // cost per write. Backups and a UPS cover the power case; the README says so.
  sqlite.pragma('synchronous = NORMAL');

  const db = drizzle(sqlite, { schema, casing: 'snake_case' }) as Db;
  const isNew = !hasTable(sqlite, 'users');
  migrate(db, { migrationsFolder: migrationsFolder() });
  fillDerivedColumns(sqlite);

  return {
    db,
    sqlite,
    isNew,
    close() {
      if (!sqlite.open) return;
      // Fold the WAL into the database file and empty it, so what stays on disk after a
      // clean stop is one self-contained file (copyable, and quick to open next time).
      if (!inMemory) {
        try {
          sqlite.pragma('wal_checkpoint(TRUNCATE)');
        } catch {
          // A reader elsewhere (a backup running) may hold the WAL: closing still checkpoints what it can.
        }
      }
      sqlite.close();
    },
  };
}

/**
 * A plain connection to an existing database file, without migrating it: for maintenance
 * (backups, restores, checks) that must not change the file or its schema.
 */
export function openExisting(file: string, options: { readonly?: boolean } = {}): Database.Database {
  const sqlite = new Database(file, { fileMustExist: true, readonly: options.readonly ?? false });
  sqlite.pragma('busy_timeout = 5000');
  return sqlite;
}

export function hasTable(sqlite: Database.Database, name: string): boolean {
  return !!sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name);
}

let latestMigration: number | undefined;

/** When the newest committed migration was made (drizzle's `when`, read once from the journal). */
export function latestMigrationMillis(): number {
  if (latestMigration === undefined) {
    const journal = JSON.parse(readFileSync(join(migrationsFolder(), 'meta', '_journal.json'), 'utf8')) as {
      entries: { when: number }[];
    };
    latestMigration = Math.max(0, ...journal.entries.map((e) => e.when));
  }
  return latestMigration;
}

/**
 * Whether every committed migration is applied: drizzle applies those newer than the last
 * one recorded, so comparing the newest of each side is enough (one row read, no table scan).
 */
export function migrationsCurrent(sqlite: Database.Database): boolean {
  if (!hasTable(sqlite, '__drizzle_migrations')) return false;
  const row = sqlite.prepare('SELECT max(created_at) AS last FROM __drizzle_migrations').get() as { last: number | null };
  return Number(row.last ?? 0) >= latestMigrationMillis();
}

/** How many migrations the database has applied. */
export function appliedMigrations(sqlite: Database.Database): number {
  if (!hasTable(sqlite, '__drizzle_migrations')) return 0;
  const row = sqlite.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number };
  return row.n;
}
