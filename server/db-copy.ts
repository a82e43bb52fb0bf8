// `npm run db:copy -- --to postgres://…`: copies a Minga database to the other engine (and back:
// `--from postgres://… --to sqlite:<file>`), with progress, then verifies counts and checksums.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { copyDatabase, CopyError } from '../db/copy/copy.ts';
import { pgSide, sqliteSide, type Side } from '../db/copy/sides.ts';

const USAGE = `usage: npm run db:copy -- [--from <database>] --to <database>

  <database> is postgres://user:password@host:port/name or sqlite:<file> (a plain path is a file).
  --from defaults to MINGA_DATABASE_URL when set, else the SQLite file MINGA_DB (./data/minga.db).
  The target must be empty (a new file, or a new PostgreSQL database): it gets Minga's schema,
  every row in batches, and is then checked table by table (row counts and checksums).
  Stop Minga (or keep it from writing) while copying: rows written during the copy are not in it.`;

function open(spec: string, base: string, role: 'from' | 'to'): Side {
  if (/^postgres(ql)?:\/\//i.test(spec)) return pgSide(spec);
  const file = resolve(base, spec.replace(/^sqlite:/i, ''));
  return sqliteSide(file, { create: role === 'to' });
}

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const say = (line: string) => process.stdout.write(`db:copy: ${line}\n`);
  const complain = (line: string) => process.stderr.write(`db:copy: ${line}\n`);
  if (argv.includes('--help') || argv.includes('-h')) return (process.stdout.write(`${USAGE}\n`), 0);
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const known = new Set(['--from', '--to']);
  const unknown = argv.filter((a, i) => a.startsWith('--') && !known.has(a) && !known.has(argv[i - 1] ?? ''));
  const to = value('--to');
  if (!to || unknown.length) {
    complain(unknown.length ? `unknown option ${unknown[0]}` : 'say where to copy to (--to)');
    process.stderr.write(`${USAGE}\n`);
    return 1;
  }
  const from = value('--from') ?? env.MINGA_DATABASE_URL ?? `sqlite:${env.MINGA_DB || './data/minga.db'}`;
  const base = env.INIT_CWD || process.cwd();
  let source: Side | null = null;
  let target: Side | null = null;
  try {
    source = open(from, base, 'from');
    target = open(to, base, 'to');
    if (source.label === target.label) return (complain('the source and the target are the same database'), 1);
    say(`${source.label} → ${target.label}`);
    await copyDatabase(source, target, { progress: say });
    return 0;
  } catch (error) {
    complain(error instanceof CopyError ? error.message : `failed: ${(error as Error).message}`);
    return 1;
  } finally {
    await source?.close();
    await target?.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = await main(process.argv.slice(2));
