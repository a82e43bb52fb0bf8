import { copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type Database from 'better-sqlite3';
import type { OpenedDb } from '../../../db/client.ts';
import { createBackupEngine } from './engine.ts';

export { OperationError } from './errors.ts';

/** Uploaded files of a backup `x.db` live in `x.db.files/`, laid out as beside the database. */
export const backupFilesDirFor = (backupFile: string) => `${backupFile}.files`;
/** Where a database's uploads live (as in the knowledge files module). */
export const liveFilesDirFor = (dbFile: string) => join(dirname(resolve(dbFile)), 'files');
const pathInStore = (dir: string, sha256: string) => join(dir, sha256.slice(0, 2), sha256);

export interface BackupReport {
  file: string;
  bytes: number;
  pages: number;
  /** SQLite restarted the copy this many times because another process wrote meanwhile. */
  restarts: number;
  files: { copied: number; missing: string[] };
  ms: number;
}

/**
 * A consistent copy of the live database (its engine's way: engine.ts), then the uploaded
 * files it references. The copy is written under a temporary name, checked by the engine, and
 * only then renamed to `target`: a half-made backup never wears the real name.
 */
export async function backupDatabase(
  source: OpenedDb | Database.Database,
  target: string,
  options: { filesDir: string; progress?: (line: string) => void; shouldStop?: () => boolean },
): Promise<BackupReport> {
  const say = options.progress ?? (() => {});
  const started = Date.now();
  const file = resolve(target);
  mkdirSync(dirname(file), { recursive: true });
  const partial = `${file}.partial`;
  rmSync(partial, { force: true });

  const made = await createBackupEngine(source).backupTo(partial, { progress: say, shouldStop: options.shouldStop });
  renameSync(partial, file);

  const filesReport = copyStore(options.filesDir, backupFilesDirFor(file), made.files);
  if (made.files.length > 0) say(`files: ${filesReport.copied}/${made.files.length} copied${filesReport.missing.length ? `, ${filesReport.missing.length} missing` : ''}`);
  return { file, bytes: statSync(file).size, pages: made.pages, restarts: made.restarts, files: filesReport, ms: Date.now() - started };
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
