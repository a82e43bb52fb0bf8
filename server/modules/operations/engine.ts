import type Database from 'better-sqlite3';
import type { OpenedDb } from '../../../db/client.ts';
import { OperationError } from './errors.ts';
import { sqliteBackupEngine } from './sqlite/backup-engine.ts';

/** What a backup holds, as its check reads it. */
export interface BackupCheck {
  users: number;
  posts: number;
  /** The stored files (uploads, avatars) it names, by sha256. */
  files: string[];
}

export interface EngineBackup {
  pages: number;
  /** The copy was restarted this many times because another process wrote meanwhile. */
  restarts: number;
  /** The stored files the copy names. */
  files: string[];
}

/**
 * Backups and restores, engine by engine, behind one shape: the file work around them (the
 * temporary name, the uploaded files, pruning, the schedule) is common and lives beside this
 * file. SQLite's engine (`sqlite/`) uses the online backup API on its one connection; the
 * PostgreSQL engine (pg_dump / pg_restore) comes with PostgreSQL's operations.
 */
export interface BackupEngine {
  /** A consistent, checked, self-contained copy of the live database written to `to`. */
  backupTo(to: string, options?: { progress?: (line: string) => void; shouldStop?: () => boolean }): Promise<EngineBackup>;
  /** Whether `file` is a backup of Minga this code can restore, and what it holds. */
  check(file: string): Promise<BackupCheck>;
  /** Puts the checked backup `from` in place of this (stopped) instance's database; answers where the replaced one is kept. */
  restore(from: string, progress?: (line: string) => void): Promise<{ previous: string | null; check: BackupCheck }>;
}

/**
 * The engine of a database: the app's open database, a raw SQLite connection (the backup
 * tool's, tests'), or a stopped instance's SQLite file (restores).
 */
export function createBackupEngine(database: OpenedDb | Database.Database | { sqliteFile: string }): BackupEngine {
  if ('sqliteFile' in database) return sqliteBackupEngine({ file: database.sqliteFile });
  if ('engine' in database) {
    if (database.engine === 'pg') throw new OperationError('backups of a PostgreSQL database are made with pg_dump (not yet built into Minga)');
    return sqliteBackupEngine({ connection: database.sqlite });
  }
  return sqliteBackupEngine({ connection: database });
}

/** The file the live database is kept in, when it is one (SQLite): its uploads live beside it. */
export function databaseFileOf(database: OpenedDb | Database.Database): string | null {
  if ('engine' in database) return database.engine === 'sqlite' ? database.sqlite.name : null;
  return database.name;
}
