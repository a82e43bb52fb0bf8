/**
 * PostgreSQL's side of backups and restores: pg_dump in its custom format (compressed, one
 * file, restorable table by table), the checks of a dump (pg_restore --list and the data of its
 * migrations table), and a restore that replaces the database in one transaction (pg_restore's
 * script through psql --single-transaction: a dump that fails half-way changes nothing).
 * Uploaded files are not in the database on PostgreSQL (a shared folder or a bucket): they are
 * backed up with their store's own tools.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pgMigrationsFolder } from '../../../../db/client.ts';
import type { BackupCheck, BackupEngine, EngineBackup } from '../engine.ts';
import { OperationError } from '../errors.ts';
import { connectionFor, findTool, printable, serverMajor, startTool, toolEnv, withServer } from './tools.ts';

/** Appended to the restore's script (inside its transaction). */
const RELEASE_LEASES = "\nDO $$ BEGIN IF to_regclass('public.scheduler_leases') IS NOT NULL THEN UPDATE public.scheduler_leases SET expires_at = 0; END IF; END $$;\n";

/** Schemas Minga's migrations create (public: the tables; drizzle: the migrations journal). */
const MINGA_SCHEMAS = ['public', 'drizzle'];

let latestPgMigration: number | undefined;
/** When the newest PostgreSQL migration this code ships was made (drizzle's `when`). */
function latestMigration(): number {
  latestPgMigration ??= Math.max(
    0,
    ...(JSON.parse(readFileSync(join(pgMigrationsFolder(), 'meta', '_journal.json'), 'utf8')) as { entries: { when: number }[] }).entries.map((e) => e.when),
  );
  return latestPgMigration;
}

export function pgBackupEngine(on: { url: string; env?: NodeJS.ProcessEnv }): BackupEngine {
  const env = on.env ?? process.env;
  return {
    backupTo: (to, options = {}) => dumpTo(on.url, env, to, options),
    check: async (file) => (await checkDump(file, env, null)).check,
    restore: (from, progress = () => {}) => restoreDump(on.url, env, from, progress),
  };
}

/**
 * pg_dump -Fc of the whole database into `to`, consistent as of its start (one repeatable-read
 * snapshot; the server goes on serving). --verbose names each table as its data is dumped: the
 * progress lines count them. Checked afterwards with pg_restore --list.
 */
async function dumpTo(
  url: string,
  env: NodeJS.ProcessEnv,
  to: string,
  options: { progress?: (line: string) => void; shouldStop?: () => boolean },
): Promise<EngineBackup> {
  const say = options.progress ?? (() => {});
  const { dbname, password } = connectionFor(url);
  const { major, tables } = await withServer(url, async (server) => ({
    major: await serverMajor(server),
    tables: Number(
      (await server.query<{ n: string }>("SELECT count(*) AS n FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')")).rows[0]!.n,
    ),
  }));
  const pgDump = await findTool('pg_dump', major, env);
  say(`pg_dump ${pgDump.major} (${pgDump.path}) of ${printable(url)}, PostgreSQL ${major}: ${tables} tables`);
  let done = 0;
  let shown = -1;
  const dump = startTool(pgDump, ['--format=custom', '--verbose', `--file=${to}`, `--dbname=${dbname}`], {
    env: toolEnv(password, env),
    password,
    onLine(line) {
      const m = /dumping contents of table "?([^"]+)"?/.exec(line);
      if (!m) return;
      done += 1;
      const percent = Math.min(99, Math.floor((done / Math.max(1, tables)) * 100));
      if (percent >= shown + 10) {
        shown = percent;
        say(`database: ${percent}% (${done}/${tables} tables, now ${m[1]})`);
      }
    },
  });
  const watch = setInterval(() => {
    if (options.shouldStop?.()) dump.child.kill('SIGTERM');
  }, 200);
  try {
    await dump.done;
    say(`database: 100% (${tables}/${tables} tables)`);
    await listDump(to, env, major);
  } catch (error) {
    rmSync(to, { force: true });
    if (options.shouldStop?.()) throw new OperationError('backup stopped');
    throw error;
  } finally {
    clearInterval(watch);
  }
  return { pages: tables, restarts: 0, files: [] };
}

/** pg_restore --list: the archive's table of contents, or a clear refusal of a file that is not one. */
async function listDump(file: string, env: NodeJS.ProcessEnv, major: number | null): Promise<string[]> {
  if (!existsSync(file)) throw new OperationError(`${file}: no such file`);
  const pgRestore = await findTool('pg_restore', major, env);
  const listing = startTool(pgRestore, ['--list', file], { env: toolEnv(null, env), password: null, stdout: 'pipe' });
  const lines: string[] = [];
  for await (const line of createInterface({ input: listing.child.stdout!, crlfDelay: Infinity })) lines.push(line);
  try {
    await listing.done;
  } catch (error) {
    let head = '';
    try {
      head = readFileSync(file, { encoding: 'latin1' }).slice(0, 16);
    } catch {
      // unreadable: pg_restore's words say why
    }
    const hint = head.startsWith('SQLite format 3')
      ? ' (it is a SQLite backup: restore it with MINGA_DB and no MINGA_DATABASE_URL, then move it with npm run db:copy)'
      : '';
    throw new OperationError(`${file}: not a PostgreSQL dump pg_restore can read${hint}: ${(error as Error).message}`);
  }
  return lines;
}

/**
 * Is this a dump of a Minga database this code can restore: pg_restore reads its table of
 * contents, it holds Minga's tables and migrations journal, and its newest migration is not
 * newer than this code's (older ones are migrated at start). Counts accounts and posts from
 * the data (streamed, never held).
 */
async function checkDump(file: string, env: NodeJS.ProcessEnv, major: number | null): Promise<{ check: BackupCheck; tables: number }> {
  const toc = await listDump(file, env, major);
  const hasTable = (schema: string, name: string) => toc.some((line) => new RegExp(`^\\d+; \\d+ \\d+ TABLE ${schema} ${name} `).test(line));
  if (!hasTable('drizzle', '__drizzle_migrations') || !hasTable('public', 'users')) {
    throw new OperationError(`${file}: a PostgreSQL dump, but not of a Minga database (no users table or migrations journal)`);
  }
  const pgRestore = await findTool('pg_restore', major, env);
  const data = startTool(
    pgRestore,
    ['--data-only', '--file=-', '--schema=drizzle', '--schema=public', '--table=__drizzle_migrations', '--table=users', '--table=posts', file],
    { env: toolEnv(null, env), password: null, stdout: 'pipe' },
  );
  const rows = new Map<string, number>();
  let table: string | null = null;
  let createdAt = -1;
  let lastMigration = 0;
  for await (const line of createInterface({ input: data.child.stdout!, crlfDelay: Infinity })) {
    if (table === null) {
      const copy = /^COPY (\w+)\.(\w+) \(([^)]*)\) FROM stdin;$/.exec(line);
      if (copy) {
        table = copy[2]!;
        rows.set(table, 0);
        createdAt = copy[3]!.split(', ').indexOf('created_at');
      }
    } else if (line === '\\.') table = null;
    else {
      rows.set(table, rows.get(table)! + 1);
      if (table === '__drizzle_migrations' && createdAt >= 0) lastMigration = Math.max(lastMigration, Number(line.split('\t')[createdAt]) || 0);
    }
  }
  try {
    await data.done;
  } catch (error) {
    throw new OperationError(`${file}: damaged, its data cannot be read: ${(error as Error).message}`);
  }
  if (lastMigration > latestMigration()) throw new OperationError(`${file}: made by a newer Minga (its schema is ahead of this code): upgrade first`);
  const tables = toc.filter((line) => /^\d+; \d+ \d+ TABLE DATA /.test(line)).length;
  return { check: { users: rows.get('users') ?? 0, posts: rows.get('posts') ?? 0, files: [] }, tables };
}

/**
 * The database must be free (no other session: a Minga server still running would write into
 * the restored data, or hold locks the restore waits on) and Minga's or empty (never replace
 * someone else's tables).
 */
async function ensureReplaceable(url: string): Promise<{ minga: boolean }> {
  return withServer(url, async (server) => {
    const sessions = () =>
      server.query<{ pid: number; application_name: string; client_addr: string | null }>(
        "SELECT pid, application_name, client_addr::text FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'",
      );
    let others = await sessions();
    // A session closed an instant ago may still be leaving: look again before refusing.
    for (let look = 0; look < 4 && others.rows.length > 0; look++) {
      await new Promise((r) => setTimeout(r, 250));
      others = await sessions();
    }
    if (others.rows.length > 0) {
      const who = others.rows.slice(0, 5).map((r) => `pid ${r.pid}${r.application_name ? ` ${r.application_name}` : ''}${r.client_addr ? ` from ${r.client_addr}` : ''}`);
      throw new OperationError(
        `${others.rows.length} other session(s) use database ${connectionFor(url).database} (${who.join(', ')}): stop every Minga server on it (and other clients) first`,
      );
    }
    // A server idle for a moment may have no connection open, but it keeps the scheduler
    // lease (released at a clean stop; a killed one's runs out within its lifetime, 30 s by default).
    const lease = await server.query<{ holder: string; left_ms: string }>(
      "SELECT holder, expires_at - floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint AS left_ms FROM scheduler_leases WHERE expires_at > floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint",
    ).catch(() => ({ rows: [] as { holder: string; left_ms: string }[] })); // no such table: not a Minga database (refused below) or an empty one
    if (lease.rows.length > 0) {
      const { holder, left_ms } = lease.rows[0]!;
      throw new OperationError(
        `a Minga server (${holder}) holds the scheduler lease of database ${connectionFor(url).database} for ${Math.ceil(Number(left_ms) / 1000)} s more: ` +
          'stop every Minga server on it first (one that was killed lets the lease go when it runs out)',
      );
    }
    const tables = await server.query<{ schemaname: string; tablename: string }>(
      "SELECT schemaname, tablename FROM pg_tables WHERE schemaname = ANY($1::text[])",
      [MINGA_SCHEMAS],
    );
    const minga = tables.rows.some((t) => t.schemaname === 'public' && t.tablename === 'users');
    if (tables.rows.length > 0 && !minga) {
      throw new OperationError(`database ${connectionFor(url).database} holds tables that are not Minga's: restore into Minga's database or an empty one`);
    }
    return { minga };
  });
}

/**
 * Replaces the configured database by the dump, in one transaction: Minga's schemas are dropped
 * and pg_restore's script (--clean --if-exists --no-owner --no-privileges: the dump may come
 * from another server whose roles do not exist here) is applied by psql with ON_ERROR_STOP.
 * Any error rolls the whole of it back, leaving the database as it was.
 */
async function restoreDump(url: string, env: NodeJS.ProcessEnv, from: string, progress: (line: string) => void): Promise<{ previous: string | null; check: BackupCheck }> {
  const major = await withServer(url, serverMajor);
  const [pgRestore, psql] = [await findTool('pg_restore', major, env), await findTool('psql', major, env)];
  const { check, tables } = await checkDump(from, env, major);
  progress(`checked ${from}: a Minga dump, ${check.users} accounts, ${check.posts} posts`);
  const { minga } = await ensureReplaceable(url);
  const { dbname, password, database } = connectionFor(url);
  progress(`restoring into ${printable(url)} (PostgreSQL ${major}) in one transaction with pg_restore ${pgRestore.major} and psql ${psql.major}`);

  let done = 0;
  let shown = -1;
  const apply = startTool(psql, ['--no-psqlrc', '--quiet', '--set=ON_ERROR_STOP=1', '--single-transaction', '--file=-', `--dbname=${dbname}`], {
    env: toolEnv(password, env),
    password,
    stdout: 'ignore',
  });
  const script = startTool(pgRestore, ['--clean', '--if-exists', '--no-owner', '--no-privileges', '--verbose', '--file=-', from], {
    env: toolEnv(null, env),
    password: null,
    stdout: 'pipe',
    onLine(line) {
      const m = /processing data for table "?([^"]+)"?/.exec(line);
      if (!m) return;
      done += 1;
      const percent = Math.min(99, Math.floor((done / Math.max(1, tables)) * 100));
      if (percent >= shown + 10) {
        shown = percent;
        progress(`database: ${percent}% (${done}/${tables} tables, now ${m[1]})`);
      }
    },
  });
  apply.child.stdin!.on('error', () => undefined);
  apply.child.stdin!.write(
    ['SET client_min_messages = warning;', ...MINGA_SCHEMAS.map((s) => `DROP SCHEMA IF EXISTS ${s} CASCADE;`), 'CREATE SCHEMA public;', ''].join('\n'),
  );
  // psql commits when its input ends: it ends only once pg_restore has written all of the
  // script; a pg_restore that fails half-way kills psql instead, and the server rolls back.
  script.child.stdout!.pipe(apply.child.stdin!, { end: false });
  // psql stopped at an error: the rest of the script goes nowhere, and pg_restore is stopped.
  void apply.done.catch(() => {
    script.child.stdout!.unpipe();
    script.child.stdout!.resume();
    script.child.kill('SIGTERM');
  });
  const scripted = script.done.then(
    // The dump's leases name the processes of the moment it was taken, gone now: a server
    // starting on the restored database takes the scheduled work at once.
    () => void apply.child.stdin!.end(RELEASE_LEASES),
    (error: unknown) => {
      apply.child.kill('SIGKILL');
      throw error;
    },
  );
  const [made, applied] = await Promise.allSettled([scripted, apply.done]);
  // psql's words say what the database refused (pg_restore then only saw a broken pipe);
  // pg_restore's, what it could not read (psql was then cut off by us).
  const cutOff = apply.child.signalCode === 'SIGKILL';
  const failed = applied.status === 'rejected' && !cutOff ? applied : made.status === 'rejected' ? made : null;
  if (failed) {
    throw new OperationError(`the restore failed and was rolled back (database ${database} is as it was): ${(failed.reason as Error).message}`);
  }
  progress(`database: 100% (${tables}/${tables} tables), committed`);
  // pg_restore leaves the planner without statistics until autovacuum comes by.
  await withServer(url, (server) => server.query('ANALYZE'));
  progress(minga ? `the previous contents of ${database} were replaced` : `${database} was empty`);
  return { previous: null, check };
}
