import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { hasTable, latestMigrationMillis, openExisting } from '../../../db/client.ts';
import { backupFilesDirFor, copyStore, liveFilesDirFor, OperationError, referencedFiles, storedShas } from './backup.ts';
import { markerFileFor, runningServer } from './running-marker.ts';

export interface BackupCheck {
  users: number;
  posts: number;
  files: string[];
}

/**
 * Is this a Minga backup one can restore: a SQLite database that passes integrity_check, with
 * Minga's tables and migrations no newer than this code's (older ones are migrated at start).
 */
export function checkBackup(file: string): BackupCheck {
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

export interface RestoreReport {
  previous: string | null;
  check: BackupCheck;
  files: { copied: number; missing: string[] };
}

/**
 * Puts a checked backup in place of the database of a stopped instance. The database it
 * replaces is kept beside it (`<db>.before-restore-<time>`, with its WAL), never deleted.
 */
export function restoreDatabase(
  backupFile: string,
  dbFile: string,
  progress: (line: string) => void = () => {},
  /** Where the files go back (MINGA_FILES_DIR, by default beside the database); null: they are in an S3 bucket and stay there. */
  filesDir: string | null = liveFilesDirFor(dbFile),
): RestoreReport {
  const source = resolve(backupFile);
  const target = resolve(dbFile);
  ensureStopped(target);
  const check = checkBackup(source);
  progress(`checked ${backupFile}: integrity ok, ${check.users} accounts, ${check.posts} posts, ${check.files.length} files`);

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

  if (filesDir === null) {
    progress(`files: ${check.files.length} referenced, in the S3 bucket (restore its objects there if they were lost)`);
    return { previous, check, files: { copied: 0, missing: [] } };
  }
  const backupFiles = backupFilesDirFor(source);
  const wanted = [...new Set([...check.files, ...storedShas(backupFiles)])];
  const files = copyStore(backupFiles, filesDir, wanted);
  const missing = files.missing.filter((sha) => check.files.includes(sha));
  progress(`files: ${files.copied} in place${missing.length ? `, ${missing.length} referenced but absent from the backup` : ''}`);
  return { previous, check, files: { copied: files.copied, missing } };
}
