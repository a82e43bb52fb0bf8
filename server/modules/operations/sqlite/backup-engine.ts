/**
 * SQLite's side of backups and restores: the online backup API on the live connection, the
 * checks of a backup file, the file swap of a restore. SQLite maintenance, synchronous on the
 * raw connection by nature (scripts/check-async.ts allows it in this folder only); everything
 * around it is engine-neutral (../backup.ts, ../restore.ts, ../schedule.ts).
 */
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type Database from 'better-sqlite3';
import { hasTable, latestMigrationMillis, openExisting } from '../../../../db/client.ts';
import type { BackupCheck, BackupEngine, EngineBackup } from '../engine.ts';
import { OperationError } from '../errors.ts';
import { markerFileFor, runningServer } from '../running-marker.ts';

/** Pages copied per step: progress ~every 2%, at least 1 MB at a time (4 KB pages). */
const stepFor = (totalPages: number) => Math.max(256, Math.ceil(totalPages / 50));
/** After this many restarts the rest is copied in one step, under one read snapshot. */
const MAX_RESTARTS = 2;

/**
 * The live connection's engine (backups), or a stopped instance's file (restores, checks).
 */
export function sqliteBackupEngine(on: { connection: Database.Database } | { file: string }): BackupEngine {
  return {
    async backupTo(to, options = {}) {
      if (!('connection' in on)) throw new Error('a backup is made from an open connection');
      return backupSqlite(on.connection, to, options);
    },
    async check(file) {
      return checkSqliteBackup(file);
    },
    async restore(from, progress = () => {}) {
      const target = 'file' in on ? resolve(on.file) : resolve(on.connection.name);
      return restoreSqlite(resolve(from), target, progress);
    },
  };
}

/**
 * A consistent copy of a live database with SQLite's online backup API. Works from the
 * server's own connection (scheduled backups) and from a separate process on the same file
 * (`npm run backup`): a write by another process restarts SQLite's copy, so after a couple of
 * restarts the remainder is taken in one step, which holds a read snapshot (WAL: writers go on
 * meanwhile). The copy is then checked and switched to a self-contained journal mode (one
 * file, no -wal beside it: it can be moved, mailed or archived as it is).
 */
async function backupSqlite(
  source: Database.Database,
  to: string,
  options: { progress?: (line: string) => void; shouldStop?: () => boolean },
): Promise<EngineBackup> {
  const say = options.progress ?? (() => {});
  let restarts = 0;
  let lastRemaining = Number.POSITIVE_INFINITY;
  let lastShown = -1;
  let pages = 0;
  try {
    const result = await source.backup(to, {
      progress({ totalPages, remainingPages }) {
        if (options.shouldStop?.()) throw new OperationError('backup stopped');
        pages = totalPages;
        if (remainingPages > lastRemaining) restarts += 1;
        lastRemaining = remainingPages;
        const percent = Math.floor(((totalPages - remainingPages) / Math.max(1, totalPages)) * 100);
        if (percent >= lastShown + 10 || percent < lastShown) {
          lastShown = percent;
          say(`database: ${percent}% (${totalPages - remainingPages}/${totalPages} pages)${restarts ? `, restarted ${restarts}×` : ''}`);
        }
        return restarts >= MAX_RESTARTS ? 0x7fffffff : stepFor(totalPages);
      },
    });
    pages = result.totalPages;
  } catch (error) {
    rmSync(to, { force: true });
    throw error;
  }
  say(`database: 100% (${pages}/${pages} pages)`);

  const copy = openExisting(to);
  let files: string[];
  try {
    copy.pragma('journal_mode = DELETE');
    const check = copy.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new OperationError(`the copy fails its check: ${String(check)}`);
    files = referencedFiles(copy);
  } finally {
    copy.close();
  }
  rmSync(`${to}-wal`, { force: true });
  rmSync(`${to}-shm`, { force: true });
  return { pages, restarts, files };
}

/** The stored files a database names: uploaded files and members' avatars (same store). */
function referencedFiles(sqlite: Database.Database): string[] {
  const uploads = hasTable(sqlite, 'files') ? (sqlite.prepare('SELECT sha256 FROM files').pluck().all() as string[]) : [];
  const hasAvatars = hasTable(sqlite, 'users') && (sqlite.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('users') as string[]).includes('avatar_sha256');
  const avatars = hasAvatars ? (sqlite.prepare('SELECT DISTINCT avatar_sha256 FROM users WHERE avatar_sha256 IS NOT NULL').pluck().all() as string[]) : [];
  return [...new Set([...uploads, ...avatars])];
}

/**
 * Is this a Minga backup one can restore: a SQLite database that passes integrity_check, with
 * Minga's tables and migrations no newer than this code's (older ones are migrated at start).
 */
function checkSqliteBackup(file: string): BackupCheck {
  if (!existsSync(file)) throw new OperationError(`${file}: no such file`);
  let sqlite;
  try {
    sqlite = openExisting(file, { readonly: true });
  } catch (error) {
    throw new OperationError(`${file}: cannot be opened as a database (${(error as Error).message})`);
  }
  try {
    let integrity: unknown;
    try {
      integrity = sqlite.pragma('integrity_check', { simple: true });
    } catch (error) {
      throw new OperationError(`${file}: not a SQLite database (${(error as Error).message})`);
    }
    if (integrity !== 'ok') throw new OperationError(`${file}: damaged, integrity_check says: ${String(integrity)}`);
    if (!hasTable(sqlite, '__drizzle_migrations') || !hasTable(sqlite, 'users')) {
      throw new OperationError(`${file}: a SQLite database, but not a Minga one (no migrations table)`);
    }
    const last = Number((sqlite.prepare('SELECT max(created_at) AS last FROM __drizzle_migrations').get() as { last: number | null }).last ?? 0);
    if (last > latestMigrationMillis()) {
      throw new OperationError(`${file}: made by a newer Minga (its schema is ahead of this code): upgrade first`);
    }
    const count = (table: string) => (hasTable(sqlite, table) ? Number(sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get()) : 0);
    const files = referencedFiles(sqlite);
    return { users: count('users'), posts: count('posts'), files };
  } finally {
    sqlite.close();
  }
}

/** Refuses while a server uses the database: its marker names a live process, or a write lock cannot be had. */
export function ensureStopped(dbFile: string): void {
  const running = runningServer(dbFile);
  if (running) {
    throw new OperationError(
      `a Minga server (pid ${running.pid} on ${running.host}, since ${running.startedAt}) is using ${dbFile}: stop it first ` +
        `(if none is running, delete ${markerFileFor(dbFile)})`,
    );
  }
  if (!existsSync(dbFile)) return;
  const sqlite = openExisting(dbFile);
  try {
    sqlite.pragma('busy_timeout = 0');
    sqlite.exec('BEGIN EXCLUSIVE');
    sqlite.exec('ROLLBACK');
  } catch {
    throw new OperationError(`${dbFile} is being written by another process: stop the server first`);
  } finally {
    sqlite.close();
  }
}

/**
 * Puts a checked backup in place of the database file of a stopped instance. The file it
 * replaces is kept beside it (`<db>.before-restore-<time>`, with its WAL), never deleted.
 */
function restoreSqlite(source: string, target: string, progress: (line: string) => void): { previous: string | null; check: BackupCheck } {
  ensureStopped(target);
  const check = checkSqliteBackup(source);
  progress(`checked ${source}: integrity ok, ${check.users} accounts, ${check.posts} posts, ${check.files.length} files`);

  const incoming = `${target}.restoring`;
  // Restoring onto a new machine: the database's folder may not exist yet.
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(source, incoming);
  rmSync(`${incoming}-wal`, { force: true });
  rmSync(`${incoming}-shm`, { force: true });

  let previous: string | null = null;
  if (existsSync(target)) {
    previous = `${target}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    renameSync(target, previous);
    // The old WAL goes with it (it would otherwise be replayed into the restored file).
    if (existsSync(`${target}-wal`)) renameSync(`${target}-wal`, `${previous}-wal`);
    rmSync(`${target}-shm`, { force: true });
    progress(`the database it replaces is kept as ${previous}`);
  }
  renameSync(incoming, target);
  return { previous, check };
}
