// `npm run backup -- <file>`: a consistent copy of the database while the server keeps serving:
// SQLite (MINGA_DB) with its online backup API and the uploaded files it references;
// PostgreSQL (MINGA_DATABASE_URL) with pg_dump in its custom format.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openExisting } from '../db/client.ts';
import { backupDatabase, backupFilesDirFor, OperationError, type BackupReport } from './modules/operations/backup.ts';
import { printable } from './modules/operations/pg/tools.ts';
import { filesDirFromEnv } from './storage/config.ts';

const USAGE = `usage: npm run backup -- <file> [--force]

  SQLite: copies the database MINGA_DB (default ./data/minga.db) into <file> while the server
  runs, and the uploaded files it references (from MINGA_FILES_DIR, by default beside the
  database) into <file>.files/; files kept in an S3 bucket (MINGA_S3_*) stay to the bucket's
  own versioning.
  PostgreSQL (MINGA_DATABASE_URL set): pg_dump of that database in its custom format into
  <file> (restore it with npm run restore); uploaded files are backed up with their store's tools.
  --force replaces an existing file.`;

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const say = (line: string) => process.stdout.write(`backup: ${line}\n`);
  const complain = (line: string) => process.stderr.write(`backup: ${line}\n`);
  const force = argv.includes('--force');
  const positional = argv.filter((a) => !a.startsWith('--'));
  if (argv.includes('--help') || argv.includes('-h')) return (process.stdout.write(`${USAGE}\n`), 0);
  if (positional.length !== 1 || argv.some((a) => a.startsWith('--') && a !== '--force')) {
    complain('give one backup file name');
    process.stderr.write(`${USAGE}\n`);
    return 1;
  }
  // npm runs scripts from the project folder; paths are meant from where it was typed.
  const target = resolve(env.INIT_CWD || process.cwd(), positional[0]!);
  if (existsSync(target) && !force) return (complain(`${target} exists: choose another name or add --force`), 1);
  const url = env.MINGA_DATABASE_URL?.trim();
  if (url && !/^postgres(ql)?:\/\//i.test(url)) return (complain('MINGA_DATABASE_URL must be a postgres:// URL'), 1);

  try {
    if (url) {
      say(`${printable(url)} → ${target}`);
      const report = await backupDatabase({ postgresUrl: url }, target, { filesDir: null, progress: say });
      say(`done in ${seconds(report)}: ${megabytes(report.bytes)} (pg_dump custom format, ${report.pages} tables)`);
      say('uploaded files are not in the database on PostgreSQL: back up MINGA_FILES_DIR (or the bucket) with its own tools');
      return 0;
    }
    return await backupSqlite(target, resolve(env.MINGA_DB || './data/minga.db'), env, say, complain);
  } catch (error) {
    complain(error instanceof OperationError ? error.message : `failed: ${(error as Error).message}`);
    return 1;
  }
}

const seconds = (report: BackupReport) => `${(report.ms / 1000).toFixed(1)} s`;

async function backupSqlite(
  target: string,
  dbFile: string,
  env: NodeJS.ProcessEnv,
  say: (line: string) => void,
  complain: (line: string) => void,
): Promise<number> {
  if (!existsSync(dbFile)) return (complain(`no database at ${dbFile}: set MINGA_DB (or MINGA_DATABASE_URL for PostgreSQL)`), 1);
  if (target === dbFile) return (complain('the backup cannot be the database itself'), 1);
  let filesDir: string | null;
  try {
    filesDir = filesDirFromEnv(env, dbFile);
  } catch (error) {
    return (complain((error as Error).message), 1);
  }
  const source = openExisting(dbFile);
  try {
    say(`${dbFile} → ${target}`);
    const report = await backupDatabase(source, target, { filesDir, progress: say });
    say(
      `done in ${seconds(report)}: ${megabytes(report.bytes)}, ` +
        (report.files.inBucket ? 'files left in the S3 bucket' : `${report.files.copied} files in ${backupFilesDirFor(report.file)}`),
    );
    if (report.files.missing.length > 0) complain(`${report.files.missing.length} referenced files were missing from ${filesDir}`);
    return 0;
  } finally {
    source.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = await main(process.argv.slice(2));
