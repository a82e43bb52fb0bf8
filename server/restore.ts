// `npm run restore -- <file>`: checks a backup and puts it in place of the database of an
// instance that is stopped: SQLite (MINGA_DB, with its uploaded files) or PostgreSQL
// (MINGA_DATABASE_URL, a pg_dump custom-format file, through pg_restore).
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { OperationError } from './modules/operations/backup.ts';
import { printable } from './modules/operations/pg/tools.ts';
import { restoreDatabase } from './modules/operations/restore.ts';
import { filesDirFromEnv } from './storage/config.ts';

const USAGE = `usage: npm run restore -- <backup>

  SQLite: checks the backup (opens it, PRAGMA integrity_check, Minga's tables and migrations) and
  puts it in place of MINGA_DB (default ./data/minga.db), with the files of <backup>.files/ (into
  MINGA_FILES_DIR, by default beside the database; with MINGA_S3_* the files stay in the bucket).
  The replaced database is kept beside it as <db>.before-restore-<time>.
  PostgreSQL (MINGA_DATABASE_URL set): checks the dump (pg_restore --list, Minga's tables and
  migrations) and replaces that database's contents with it in one transaction (pg_restore
  --clean --if-exists --no-owner through psql): an error leaves the database as it was.
  Stop the server first.`;

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const say = (line: string) => process.stdout.write(`restore: ${line}\n`);
  const complain = (line: string) => process.stderr.write(`restore: ${line}\n`);
  if (argv.includes('--help') || argv.includes('-h')) return (process.stdout.write(`${USAGE}\n`), 0);
  if (argv.length !== 1 || argv[0]!.startsWith('--')) {
    complain('give one backup file');
    process.stderr.write(`${USAGE}\n`);
    return 1;
  }
  const backup = resolve(env.INIT_CWD || process.cwd(), argv[0]!);
  const url = env.MINGA_DATABASE_URL?.trim();
  if (url && !/^postgres(ql)?:\/\//i.test(url)) return (complain('MINGA_DATABASE_URL must be a postgres:// URL'), 1);
  const dbFile = resolve(env.MINGA_DB || './data/minga.db');
  let filesDir: string | null;
  try {
    filesDir = url ? null : filesDirFromEnv(env, dbFile);
  } catch (error) {
    return (complain((error as Error).message), 1);
  }
  try {
    const started = Date.now();
    await restoreDatabase(backup, url ? { postgresUrl: url } : { sqliteFile: dbFile }, say, filesDir);
    say(`restored into ${url ? printable(url) : dbFile} in ${((Date.now() - started) / 1000).toFixed(1)} s: start the server (npm start); it applies any newer migrations`);
    return 0;
  } catch (error) {
    if (error instanceof OperationError) complain(error.message);
    else complain(`failed: ${(error as Error).stack ?? String(error)}`);
    return 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = await main(process.argv.slice(2));
