import { resolve } from 'node:path';
import { backupFilesDirFor, copyStore, liveFilesDirFor, storedShas } from './backup.ts';
import { createBackupEngine, type BackupCheck } from './engine.ts';

export type { BackupCheck } from './engine.ts';
export { ensureStopped } from './sqlite/backup-engine.ts';

/** Is this a Minga backup one can restore (its engine's checks), and what it holds. */
export function checkBackup(file: string): Promise<BackupCheck> {
  return createBackupEngine({ sqliteFile: file }).check(resolve(file));
}

export interface RestoreReport {
  previous: string | null;
  check: BackupCheck;
  files: { copied: number; missing: string[] };
}

/**
 * Puts a checked backup in place of the database of a stopped instance (its engine's way:
 * the database it replaces is kept, never deleted), then the uploaded files of the backup.
 */
export async function restoreDatabase(backupFile: string, dbFile: string, progress: (line: string) => void = () => {}): Promise<RestoreReport> {
  const source = resolve(backupFile);
  const target = resolve(dbFile);
  const { previous, check } = await createBackupEngine({ sqliteFile: target }).restore(source, progress);

  const backupFiles = backupFilesDirFor(source);
  const wanted = [...new Set([...check.files, ...storedShas(backupFiles)])];
  const files = copyStore(backupFiles, liveFilesDirFor(target), wanted);
  const missing = files.missing.filter((sha) => check.files.includes(sha));
  progress(`files: ${files.copied} in place${missing.length ? `, ${missing.length} referenced but absent from the backup` : ''}`);
  return { previous, check, files: { copied: files.copied, missing } };
}
