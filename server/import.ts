// `npm run import -- <kind> <file> [--report <file>] [--dry-run]`: loads records into the
// knowledge bases from CSV or JSON, with the same rules as the editing forms.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openDatabase, openPostgres, type OpenedDb } from '../db/client.ts';
import { ENGINE } from '../db/engine.ts';
import { isLocale, type Locale } from '../shared/i18n/index.ts';
import {
  describeInvalid,
  formatOf,
  IMPORT_KINDS,
  ImportFileError,
  importRecords,
  parseImportFile,
  type ImportKind,
} from './modules/knowledge/import.ts';

const USAGE = `usage: npm run import -- <${IMPORT_KINDS.join('|')}> <file.csv|file.json> [--report <report.json>] [--dry-run]

  CSV: a header row with the field names (as an export writes them); lists separated by "; ".
  JSON: an array of objects with the same names.
  The database is MINGA_DATABASE_URL (PostgreSQL) or MINGA_DB (default ./data/minga.db).`;

interface Args {
  kind: ImportKind;
  file: string;
  report: string | null;
  dryRun: boolean;
}

function parseArgs(argv: string[]): Args | string {
  const positional: string[] = [];
  let report: string | null = null;
  let dryRun = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--report') {
      report = argv[++i] ?? null;
      if (!report) return '--report needs a file name';
    } else if (arg.startsWith('--report=')) report = arg.slice('--report='.length);
    else if (arg === '--dry-run') dryRun = true;
    else if (arg === '--help' || arg === '-h') return '';
    else if (arg.startsWith('--')) return `unknown option ${arg}`;
    else positional.push(arg);
  }
  const [kind, file, ...rest] = positional;
  if (!kind || !file || rest.length > 0) return 'give a kind and one file';
  if (!(IMPORT_KINDS as readonly string[]).includes(kind)) return `unknown kind "${kind}"`;
  return { kind: kind as ImportKind, file, report, dryRun };
}

/** The language of the reasons: MINGA_LOCALE, else the terminal's, else Spanish. */
function localeOf(env: NodeJS.ProcessEnv): Locale {
  const wanted = (env.MINGA_LOCALE || env.LC_ALL || env.LC_MESSAGES || env.LANG || '').slice(0, 2).toLowerCase();
  return isLocale(wanted) ? wanted : 'es';
}

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const complain = (line: string) => process.stderr.write(`import: ${line}\n`);

  const args = parseArgs(argv);
  if (typeof args === 'string') {
    if (args) complain(args);
    process.stderr.write(`${USAGE}\n`);
    return args ? 1 : 0;
  }
  // npm runs scripts from the project folder; paths are meant from where it was typed.
  const here = env.INIT_CWD || process.cwd();
  const file = resolve(here, args.file);
  const format = formatOf(file);
  if (!format) return (complain(`${args.file}: the file name must end in .csv or .json`), 1);
  if (!existsSync(file)) return (complain(`${args.file}: no such file`), 1);
  const url = env.MINGA_DATABASE_URL;
  const dbFile = env.MINGA_DB || './data/minga.db';
  if (ENGINE === 'pg' && !url) return (complain('MINGA_DATABASE_URL is not set (postgres://…)'), 1);
  if (ENGINE !== 'pg' && !existsSync(dbFile)) return (complain(`no database at ${dbFile}: start the server once (npm start) or set MINGA_DB`), 1);

  let rows;
  try {
    rows = parseImportFile(readFileSync(file), format);
  } catch (error) {
    if (error instanceof ImportFileError) return (complain(`${args.file}: ${error.message}`), 1);
    throw error;
  }

  const database: OpenedDb = ENGINE === 'pg' ? await openPostgres(url!, { poolSize: 2 }) : openDatabase(dbFile);
  try {
    say(`import: ${rows.length} ${args.kind} from ${args.file}${args.dryRun ? ' (dry run: nothing is stored)' : ''}`);
    const result = await importRecords(database.db, args.kind, rows, {
      locale: localeOf(env),
      dryRun: args.dryRun,
      onProgress: (done, total) => say(`import: ${done}/${total}`),
    });
    if (result.ignoredColumns.length > 0) say(`import: ignored columns (not fields of ${args.kind}): ${result.ignoredColumns.join(', ')}`);
    for (const line of describeInvalid(result.invalid)) say(`  ${line}`);
    say(`import: ${result.imported} stored, ${result.invalid.length} refused, of ${result.total}`);
    if (args.report) {
      const report = resolve(here, args.report);
      writeFileSync(report, `${JSON.stringify({ kind: args.kind, file, ...result }, null, 2)}\n`);
      say(`import: report written to ${report}`);
    }
    return 0;
  } finally {
    await database.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  void main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`import: failed: ${(error as Error)?.stack ?? String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
