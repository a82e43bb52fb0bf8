/**
 * PostgreSQL's client tools (pg_dump, pg_restore, psql) as backups and restores drive them: found
 * in PATH and in Debian's versioned folders, chosen for the server's version, run with the
 * password in their environment only (never on a command line another user could read in `ps`).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, existsSync, readdirSync, realpathSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { OperationError } from '../errors.ts';

export type PgTool = 'pg_dump' | 'pg_restore' | 'psql';

/** Where Debian (and Ubuntu) install each major version's programs: <root>/<major>/bin. */
const DEFAULT_VERSIONS_ROOT = '/usr/lib/postgresql';

export const MISSING_TOOLS =
  'the PostgreSQL client tools (pg_dump, pg_restore, psql) are needed for backups and restores of a PostgreSQL database: ' +
  'install them (Debian/Ubuntu: apt-get install postgresql-client; the major version must be at least the server’s)';

export interface FoundTool {
  path: string;
  major: number;
}

/** Every `name` in PATH, then in <root>/<version>/bin (newest first), once per real file. */
function candidates(name: PgTool, env: NodeJS.ProcessEnv): string[] {
  const root = env.MINGA_PG_BIN_ROOT || DEFAULT_VERSIONS_ROOT;
  const fromPath = (env.PATH ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, name));
  const versioned = existsSync(root)
    ? readdirSync(root)
        .filter((v) => /^\d+(\.\d+)?$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
        .map((v) => join(root, v, 'bin', name))
    : [];
  const seen = new Set<string>();
  return [...fromPath, ...versioned].filter((file) => {
    try {
      accessSync(file, constants.X_OK);
      const real = realpathSync(file);
      if (seen.has(real)) return false;
      seen.add(real);
      return true;
    } catch {
      return false;
    }
  });
}

const run = promisify(execFile);

async function majorOf(file: string, env: NodeJS.ProcessEnv): Promise<number | null> {
  try {
    const { stdout } = await run(file, ['--version'], { env, timeout: 10_000 });
    const m = /\(PostgreSQL\)\s+(\d+)/.exec(stdout);
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/**
 * The tool to use against a server of major version `serverMajor`: the closest version that is
 * not older (an older pg_dump refuses a newer server; a much newer one writes SQL that an older
 * server may not know). Without a server (checking a dump on its own), the newest one.
 */
export async function findTool(name: PgTool, serverMajor: number | null, env: NodeJS.ProcessEnv = process.env): Promise<FoundTool> {
  const found: FoundTool[] = [];
  for (const path of candidates(name, env)) {
    const major = await majorOf(path, env);
    if (major !== null) found.push({ path, major });
  }
  if (found.length === 0) throw new OperationError(`${name} not found (looked in PATH and ${env.MINGA_PG_BIN_ROOT || DEFAULT_VERSIONS_ROOT}/*/bin): ${MISSING_TOOLS}`);
  if (serverMajor === null) return found.reduce((a, b) => (b.major > a.major ? b : a));
  const fitting = found.filter((t) => t.major >= serverMajor);
  if (fitting.length === 0) {
    const list = found.map((t) => `${t.path} (${t.major})`).join(', ');
    throw new OperationError(
      `the server runs PostgreSQL ${serverMajor} but the only ${name} found ${found.length > 1 ? 'are' : 'is'} older: ${list}; ` +
        `install postgresql-client-${serverMajor} (or newer) — an older ${name} cannot work with a newer server`,
    );
  }
  return fitting.reduce((a, b) => (b.major < a.major ? b : a));
}

/**
 * How the tools reach the database: the URL without its password (libpq reads URLs as
 * --dbname), the password in PGPASSWORD. node-postgres's own `ssl=true` becomes libpq's
 * sslmode=require.
 */
export function connectionFor(url: string): { dbname: string; password: string | null; database: string } {
  const parsed = new URL(url);
  const password = parsed.password ? decodeURIComponent(parsed.password) : null;
  parsed.password = '';
  const ssl = parsed.searchParams.get('ssl');
  if (ssl !== null) {
    parsed.searchParams.delete('ssl');
    if (/^(true|1|require)$/i.test(ssl) && !parsed.searchParams.has('sslmode')) parsed.searchParams.set('sslmode', 'require');
  }
  return { dbname: parsed.toString(), password, database: decodeURIComponent(parsed.pathname.slice(1)) || 'postgres' };
}

/** The URL as it may be printed (no password). */
export const printable = (url: string) => connectionFor(url).dbname;

/** The environment of a tool's child: ours without Minga's URL (it holds the password), plus PGPASSWORD. */
export function toolEnv(password: string | null, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const { MINGA_DATABASE_URL: _url, PGPASSWORD: _pw, ...rest } = env;
  return { ...rest, ...(password ? { PGPASSWORD: password } : {}), PGCONNECT_TIMEOUT: rest.PGCONNECT_TIMEOUT ?? '10' };
}

/** Runs a query on its own short-lived connection (the tools' process has no pool). */
export async function withServer<T>(url: string, work: (server: pg.Client) => Promise<T>): Promise<T> {
  const server = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  // A connection the server drops fails the running query; without a listener it would end the process.
  server.on('error', () => undefined);
  try {
    await server.connect();
  } catch (error) {
    throw new OperationError(`cannot connect to ${printable(url)}: ${(error as Error).message}`);
  }
  try {
    return await work(server);
  } finally {
    await server.end().catch(() => undefined);
  }
}

export async function serverMajor(server: pg.Client): Promise<number> {
  const { rows } = await server.query<{ v: string }>("SELECT current_setting('server_version_num') AS v");
  return Math.floor(Number(rows[0]!.v) / 10_000);
}

export interface ToolRun {
  child: ChildProcess;
  /** Resolves when the tool ends well; rejects with its last words (password removed) otherwise. */
  done: Promise<void>;
}

/**
 * Starts a tool; `onLine` sees each line it writes to stderr (--verbose progress). Whatever it
 * prints passes through `redact`, so a password can never reach the terminal or the log.
 */
export function startTool(
  tool: FoundTool,
  args: string[],
  options: { env: NodeJS.ProcessEnv; password: string | null; onLine?: (line: string) => void; stdout?: 'pipe' | 'ignore' },
): ToolRun {
  const redact = (text: string) => (options.password ? text.split(options.password).join('***') : text);
  const child = spawn(tool.path, args, { env: options.env, stdio: ['pipe', options.stdout ?? 'ignore', 'pipe'] });
  const last: string[] = [];
  let pending = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop()!;
    for (const raw of lines) {
      const line = redact(raw);
      options.onLine?.(line);
      // What went wrong, not --verbose's account of the work.
      if (/error|fatal|warning|detail|hint|could not|no such|invalid|denied|failed/i.test(line)) {
        last.push(line);
        if (last.length > 20) last.shift();
      }
    }
  });
  const done = new Promise<void>((resolve, reject) => {
    child.once('error', (error) => reject(new OperationError(`${tool.path} could not be started: ${error.message}`)));
    child.once('close', (code, signal) => {
      if (pending) last.push(redact(pending));
      if (code === 0) resolve();
      else {
        const said = last.filter((l) => l.trim()).slice(-6).join('\n  ');
        reject(new OperationError(`${tool.path.split('/').pop()} failed (${signal ?? `exit ${code}`})${said ? `:\n  ${said}` : ''}`));
      }
    });
  });
  return { child, done };
}
