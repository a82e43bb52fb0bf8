// `npm run restore -- <file>`: checks a backup and puts it in place of MINGA_DB, with its
// uploaded files, into an instance that is stopped.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { OperationError } from './modules/operations/backup.ts';
import { restoreDatabase } from './modules/operations/restore.ts';
import { filesDirFromEnv } from './storage/config.ts';

const USAGE = `usage: npm run restore -- <backup.db>

  Checks the backup (opens it, PRAGMA integrity_check, Minga's tables and migrations) and puts
  it in place of MINGA_DB (default ./data/minga.db), with the files of <backup.db>.files/ (into
  MINGA_FILES_DIR, by default beside the database; with MINGA_S3_* the files stay in the bucket).
  Stop the server first. The replaced database is kept beside it as <db>.before-restore-<time>.`;

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
  const dbFile = resolve(env.MINGA_DB || './data/minga.db');
  let filesDir: string | null;
  try {
    filesDir = filesDirFromEnv(env, dbFile);
  } catch (error) {
    return (complain((error as Error).message), 1);
  }
  try {
    await restoreDatabase(backup, dbFile, say, filesDir);
    say(`restored into ${dbFile}: start the server (npm start); it applies any newer migrations`);
    return 0;
  } catch (error) {
    if (error instanceof OperationError) complain(error.message);
    else complain(`failed: ${(error as Error).stack ?? String(error)}`);
    return 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = await main(process.argv.slice(2));
