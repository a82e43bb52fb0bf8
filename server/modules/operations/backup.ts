import { copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type Database from 'better-sqlite3';
import { hasTable, openExisting } from '../../../db/client.ts';
import { filesDirBeside } from '../../storage/config.ts';

/** Uploaded files of a backup `x.db` live in `x.db.files/`, laid out as beside the database. */
export const backupFilesDirFor = (backupFile: string) => `${backupFile}.files`;
/** Where a database's uploads live when MINGA_FILES_DIR does not say (server/storage/config.ts). */
export const liveFilesDirFor = filesDirBeside;
const pathInStore = (dir: string, sha256: string) => join(dir, sha256.slice(0, 2), sha256);

export interface BackupReport {
  file: string;
  bytes: number;
  pages: number;
  /** SQLite restarted the copy this many times because another process wrote meanwhile. */
  restarts: number;
  /** `inBucket`: the files are in an S3 bucket, which backs them up itself (versioning, replication); none were copied. */
  files: { copied: number; missing: string[]; inBucket?: boolean };
  ms: number;
}

export class OperationError extends Error {}

/** Pages copied per step: progress ~every 2%, at least 1 MB at a time (4 KB pages). */
const stepFor = (totalPages: number) => Math.max(256, Math.ceil(totalPages / 50));
/** After this many restarts the rest is copied in one step, under one read snapshot. */
const MAX_RESTARTS = 2;

/**
 * A consistent copy of a live database with SQLite's online backup API, then the uploaded
 * files it references. Works from the server's own connection (scheduled backups) and from a
 * separate process on the same file (`npm run backup`): a write by another process restarts
 * SQLite's copy, so after a couple of restarts the remainder is taken in one step, which holds
 * a read snapshot (WAL: writers go on meanwhile).
 *
 * The copy is written under a temporary name, checked, switched to a self-contained journal
 * mode, and only then renamed to `target`: a half-made backup never wears the real name.
 */
export async function backupDatabase(
  source: Database.Database,
  target: string,
  options: { filesDir: string | null; progress?: (line: string) => void; shouldStop?: () => boolean },
): Promise<BackupReport> {
  const say = options.progress ?? (() => {});
  const started = Date.now();
  const file = resolve(target);
  mkdirSync(dirname(file), { recursive: true });
  const partial = `${file}.partial`;
  rmSync(partial, { force: true });

  let restarts = 0;
  let lastRemaining = Number.POSITIVE_INFINITY;
  let lastShown = -1;
  let pages = 0;
  try {
    const result = await source.backup(partial, {
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
    rmSync(partial, { force: true });
    throw error;
  }
  say(`database: 100% (${pages}/${pages} pages)`);

  const copy = openExisting(partial);
  let shas: string[];
  try {
    // One file, no -wal beside it: the backup can be moved, mailed or archived as it is.
    copy.pragma('journal_mode = DELETE');
    const check = copy.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new OperationError(`the copy fails its check: ${String(check)}`);
    shas = referencedFiles(copy);
  } finally {
    copy.close();
  }
  rmSync(`${partial}-wal`, { force: true });
  rmSync(`${partial}-shm`, { force: true });
  renameSync(partial, file);

  if (options.filesDir === null) {
    say(`files: ${shas.length} referenced, kept in the S3 bucket (backed up by its versioning or replication)`);
    return { file, bytes: statSync(file).size, pages, restarts, files: { copied: 0, missing: [], inBucket: true }, ms: Date.now() - started };
  }
  const filesReport = copyStore(options.filesDir, backupFilesDirFor(file), shas);
  if (shas.length > 0) say(`files: ${filesReport.copied}/${shas.length} copied${filesReport.missing.length ? `, ${filesReport.missing.length} missing` : ''}`);
  return { file, bytes: statSync(file).size, pages, restarts, files: filesReport, ms: Date.now() - started };
}

/** The stored files a database names: uploaded files and members' avatars (same store). */
export function referencedFiles(sqlite: Database.Database): string[] {
  const uploads = hasTable(sqlite, 'files') ? (sqlite.prepare('SELECT sha256 FROM files').pluck().all() as string[]) : [];
  const hasAvatars = hasTable(sqlite, 'users') && (sqlite.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('users') as string[]).includes('avatar_sha256');
  const avatars = hasAvatars ? (sqlite.prepare('SELECT DISTINCT avatar_sha256 FROM users WHERE avatar_sha256 IS NOT NULL').pluck().all() as string[]) : [];
  return [...new Set([...uploads, ...avatars])];
}

/**
 * Copies the content-addressed files named by `shas` from one store to another, skipping
 * those already there. A hard link when both are on one file system (uploads never change in
 * place), a copy otherwise.
 */
export function copyStore(fromDir: string, toDir: string, shas: string[]): { copied: number; missing: string[] } {
  let copied = 0;
  const missing: string[] = [];
  for (const sha of shas) {
    const from = pathInStore(fromDir, sha);
    const to = pathInStore(toDir, sha);
    if (existsSync(to)) {
      copied += 1;
      continue;
    }
    if (!existsSync(from)) {
      missing.push(sha);
      continue;
    }
    mkdirSync(dirname(to), { recursive: true });
    try {
      linkSync(from, to);
    } catch {
      copyFileSync(from, to);
    }
    copied += 1;
  }
  return { copied, missing };
}

/** Every file in a store (for restoring a backup's folder whole). */
export function storedShas(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && /^[0-9a-f]{2}$/.test(d.name))
    .flatMap((d) => readdirSync(join(dir, d.name)).filter((name) => /^[0-9a-f]{64}$/.test(name)));
}
