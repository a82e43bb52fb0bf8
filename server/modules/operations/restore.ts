import { resolve } from 'node:path';
import { backupFilesDirFor, copyStore, liveFilesDirFor, storedShas } from './backup.ts';
import { createBackupEngine, type BackupCheck } from './engine.ts';

export type { BackupCheck } from './engine.ts';
export { ensureStopped } from './sqlite/backup-engine.ts';

/** Where a restore goes: a SQLite file, or the PostgreSQL database at a URL. */
export type RestoreTarget = { sqliteFile: string } | { postgresUrl: string };

/** Is this a Minga backup one can restore into `target`'s engine (its checks), and what it holds. */
export function checkBackup(file: string, target: RestoreTarget = { sqliteFile: file }): Promise<BackupCheck> {
  return createBackupEngine(target).check(resolve(file));
}

export interface RestoreReport {
  previous: string | null;
  check: BackupCheck;
  files: { copied: number; missing: string[] };
}

/**
 * Puts a checked backup in place of the database of a stopped instance (its engine's way: on
 * SQLite the file it replaces is kept; on PostgreSQL it is replaced in one transaction), then,
 * on SQLite, the uploaded files of the backup (on PostgreSQL they live in their own store).
 */
export async function restoreDatabase(
  backupFile: string,
  target: string | RestoreTarget,
  progress: (line: string) => void = () => {},
  /** SQLite: where the files go back (MINGA_FILES_DIR, by default beside the database); null: they are in an S3 bucket and stay there. */
  filesDir?: string | null,
): Promise<RestoreReport> {
  const source = resolve(backupFile);
  const into: RestoreTarget = typeof target === 'string' ? { sqliteFile: resolve(target) } : target;
  const { previous, check } = await createBackupEngine(into).restore(source, progress);
  if (!('sqliteFile' in into)) return { previous, check, files: { copied: 0, missing: [] } };
  if (filesDir === undefined) filesDir = liveFilesDirFor(into.sqliteFile);
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
