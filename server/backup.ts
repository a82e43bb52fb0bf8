// `npm run backup -- <file>`: a consistent copy of MINGA_DB (and its uploaded files) while the
// server keeps serving, with SQLite's online backup API.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openExisting } from '../db/client.ts';
import { backupDatabase, backupFilesDirFor } from './modules/operations/backup.ts';
import { filesDirFromEnv } from './storage/config.ts';

const USAGE = `usage: npm run backup -- <file.db> [--force]

  Copies the database MINGA_DB (default ./data/minga.db) into <file.db> while the server runs,
  and the uploaded files it references (from MINGA_FILES_DIR, by default beside the database) into
  <file.db>.files/; files kept in an S3 bucket (MINGA_S3_*) stay to the bucket's own versioning.
  --force replaces an existing file.`;

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
  const dbFile = resolve(env.MINGA_DB || './data/minga.db');
  if (!existsSync(dbFile)) return (complain(`no database at ${dbFile}: set MINGA_DB`), 1);
  if (target === dbFile) return (complain('the backup cannot be the database itself'), 1);
  if (existsSync(target) && !force) return (complain(`${target} exists: choose another name or add --force`), 1);

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
      `done in ${(report.ms / 1000).toFixed(1)} s: ${(report.bytes / 1024 / 1024).toFixed(1)} MB, ` +
        (report.files.inBucket ? 'files left in the S3 bucket' : `${report.files.copied} files in ${backupFilesDirFor(report.file)}`),
    );
    if (report.files.missing.length > 0) complain(`${report.files.missing.length} referenced files were missing from ${filesDir}`);
    return 0;
  } catch (error) {
    complain(`failed: ${(error as Error).message}`);
    return 1;
  } finally {
    source.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = await main(process.argv.slice(2));
