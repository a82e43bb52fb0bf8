/**
 * PostgreSQL for the tests: a real server (Debian's `postgresql`), never a mock.
 *
 * `npm run test:pg` (and `npm test` when MINGA_TEST_PG_URL is set, as `.ci/run` does) runs the
 * integration and realtime suites again with this process on PostgreSQL (MINGA_DB_ENGINE=pg).
 * Every test app gets a database of its own, copied from a template that holds the migrated
 * schema and, for apps with reference data, the countries and institutions (tests/setup-pg.ts
 * makes the templates once per run). MINGA_TEST_PG_URL names a server and a role that may create
 * databases (postgres://user@host:port/postgres); without it, the setup starts a throwaway
 * cluster of its own (initdb as the `postgres` user when running as root: PostgreSQL refuses root).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { accessSync, chmodSync, constants, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statfsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './process.ts';
import { lease, noteFresh, recycle, takeRecycled, TEST_POOL_NAME } from './pg-recycle.ts';

export const TEMPLATE_WITH_REFERENCE = 'minga_template_reference';
export const TEMPLATE_BARE = 'minga_template_bare';

/**
 * A client that does not end the test process when its server goes away (a cluster stopped at
 * the end of a file while the connection is idle): pg emits 'error', which must have a listener.
 */
export function pgClient(config: string | pg.ClientConfig): pg.Client {
  const client = new pg.Client(config);
  client.on('error', () => undefined);
  return client;
}

/** Where Debian keeps the server's programs (initdb, pg_ctl, pg_dump…), newest version first. */
export function postgresBinDir(): string | undefined {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base)
    .filter((v) => existsSync(join(base, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(base, versions[0], 'bin') : undefined;
}

export interface TestPostgresCluster {
  /** Admin URL (database `postgres`). */
  url: string;
  port: number;
  /** The folder of its Unix socket (a client on the same machine may connect through it). */
  socketDir: string;
  stop(): Promise<void>;
}

/**
 * Where a throwaway cluster lives: in memory (/dev/shm) where there is one. On this kind of
 * machine's disk (ext4 mounted with discard) creating and unlinking a database's ~840 files made
 * each CREATE DATABASE cost 240 ms against 20 ms in memory; the data is thrown away anyway.
 */
function clusterParent(): string {
  try {
    accessSync('/dev/shm', constants.W_OK);
    // Room for the cluster and a few demo-sized databases (a container's /dev/shm may be 64 MB).
    const { bavail, bsize } = statfsSync('/dev/shm');
    return statSync('/dev/shm').isDirectory() && bavail * bsize >= 2 * 1024 ** 3 ? '/dev/shm' : tmpdir();
  } catch {
    return tmpdir();
  }
}

/** Starts a throwaway PostgreSQL cluster on a free loopback port (no fsync: test data only). */
export async function startPostgresCluster(options: { host?: string } = {}): Promise<TestPostgresCluster> {
  const bin = postgresBinDir();
  if (!bin) throw new Error('PostgreSQL is not installed (apt-get install postgresql; .ci/run does it)');
  const host = options.host ?? '127.0.0.1';
  const port = await freePort();
  const dir = mkdtempSync(join(clusterParent(), 'minga-pg-'));
  chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  const run = (command: string, args: string[]) =>
    asRoot
      ? execFileSync('runuser', ['-u', 'postgres', '--', join(bin, command), ...args], { stdio: 'pipe' })
      : execFileSync(join(bin, command), args, { stdio: 'pipe' });
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale', 'C.UTF-8']);
  const serverArgs = [
    '-D', data,
    '-p', String(port),
    '-k', dir,
    '-c', `listen_addresses=${host}`,
    '-c', 'fsync=off',
    '-c', 'synchronous_commit=off',
    '-c', 'full_page_writes=off',
    '-c', 'max_connections=300',
    '-c', 'shared_buffers=128MB',
  ];
  const child: ChildProcess = asRoot
    ? spawn('runuser', ['-u', 'postgres', '--', join(bin, 'postgres'), ...serverArgs], { stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(join(bin, 'postgres'), serverArgs, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk) => (output = (output + chunk).slice(-8192)));
  child.stderr!.on('data', (chunk) => (output = (output + chunk).slice(-8192)));
  const url = `postgres://postgres@${host}:${port}/postgres`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    const client = pgClient(url);
    try {
      await client.connect();
      await client.end();
      break;
    } catch {
      await client.end().catch(() => undefined);
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`PostgreSQL did not start on ${port}:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    url,
    port,
    socketDir: dir,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        // SIGINT to the server itself (PostgreSQL's fast shutdown), not to runuser in front of it:
        // runuser ignores SIGINT, so after 10 s it was killed and the server lived on, orphaned,
        // until it noticed its folder gone (up to a minute), its output pipes holding vitest open.
        const server = postmasterPid(data) ?? child.pid;
        signal(server, 'SIGINT');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
        if (child.exitCode === null) {
          signal(server, 'SIGQUIT');
          child.kill('SIGKILL');
        }
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The pid of the server running on `data` (the first line of its postmaster.pid). */
function postmasterPid(data: string): number | undefined {
  try {
    return Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]) || undefined;
  } catch {
    return undefined;
  }
}

function signal(pid: number | undefined, name: NodeJS.Signals): void {
  try {
    if (pid) process.kill(pid, name);
  } catch {
    // already gone
  }
}

/** The URL of database `name` on the same server as `adminUrl`. */
export function databaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

function adminUrl(): string {
  const url = process.env.MINGA_TEST_PG_URL;
  if (!url) throw new Error('MINGA_TEST_PG_URL is not set (npm run test:pg sets it up)');
  return url;
}

const quote = pg.escapeIdentifier;

let admin: pg.Pool | null = null;
function adminPool(): pg.Pool {
  admin ??= new pg.Pool({ connectionString: adminUrl(), max: 2 }).on('error', () => undefined);
  return admin;
}

let made = 0;

/**
 * A new database copied from a template (default: with reference data). `name` names it (two
 * apps sharing one database: the second passes the same name and `reuse`).
 */
export async function createTestDatabase(options: { reference?: boolean; name?: string; reuse?: boolean } = {}): Promise<{
  url: string;
  name: string;
  drop(): Promise<void>;
}> {
  const template = options.reference === false ? TEMPLATE_BARE : TEMPLATE_WITH_REFERENCE;
  const name = options.name ?? `minga_t${process.pid}_${++made}_${Date.now().toString(36)}`;
  const pool = adminPool();
  const exists = (await pool.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount! > 0;
  if (!exists || !options.reuse) {
    if (exists) await pool.query(`DROP DATABASE ${quote(name)} WITH (FORCE)`);
    // A template may be busy for an instant (another worker copying it): try again.
    for (let attempt = 0; ; attempt++) {
      try {
        await pool.query(`CREATE DATABASE ${quote(name)} TEMPLATE ${quote(template)} STRATEGY FILE_COPY`);
        break;
      } catch (error) {
        if (attempt > 50 || !/being accessed by other users/.test((error as Error).message)) throw error;
        await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
      }
    }
  }
  return { url: databaseUrl(adminUrl(), name), name, drop: () => dropDatabase(name) };
}

async function dropDatabase(name: string): Promise<void> {
  await adminPool().query(`DROP DATABASE IF EXISTS ${quote(name)} WITH (FORCE)`).catch(() => undefined);
}

/** Drops and recreates database `name` (empty) on the admin URL's server. */
export async function recreateDatabase(url: string, name: string, template = 'template0'): Promise<void> {
  const client = pgClient(url);
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${quote(name)} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${quote(name)} TEMPLATE ${quote(template)}`);
  } finally {
    await client.end();
  }
}

/** Marks a database as a template (and closes it to new connections except copies). */
export async function markTemplate(url: string, name: string): Promise<void> {
  const client = pgClient(url);
  await client.connect();
  try {
    await client.query(`ALTER DATABASE ${quote(name)} WITH IS_TEMPLATE true`);
  } finally {
    await client.end();
  }
}

/** On PostgreSQL, the database that stands for the SQLite file `dbFile` (apps naming it share it). */
const sharedDatabaseName = (dbFile: string) => `minga_tf_${createHash('sha256').update(dbFile).digest('hex').slice(0, 16)}`;

/**
 * The environment that names the database of a test app opened on `dbFile` to a command run on
 * it (`npm run mail:digests`…) or a server process: MINGA_DB on SQLite; on PostgreSQL, the URL of
 * the database standing for that file as MINGA_DATABASE_URL, and the files' folder the test app
 * used (beside the file) as MINGA_FILES_DIR, which PostgreSQL needs.
 */
export async function databaseEnv(dbFile: string): Promise<Record<string, string>> {
  const { ENGINE } = await import('../../db/engine.ts');
  if (ENGINE !== 'pg') return { MINGA_DB: dbFile };
  const { filesDirBeside } = await import('../../server/storage/config.ts');
  return { MINGA_DATABASE_URL: databaseUrl(adminUrl(), sharedDatabaseName(dbFile)), MINGA_FILES_DIR: filesDirBeside(dbFile) };
}

const madeFor = new WeakMap<object, { drop(): Promise<void> }>();

/**
 * Takes a test app's database away under it, as a server gone or a file closed would: SQLite
 * closes the connection; PostgreSQL drops the database (its connections are cut).
 */
export async function loseDatabase(database: import('../../db/client.ts').OpenedDb): Promise<void> {
  const made = madeFor.get(database);
  if (made) await made.drop();
  else database.sqlite.close();
}

const sqliteTemplates = new Map<boolean, Promise<Buffer>>();

/** SQLite: a migrated database, seeded with the reference data or not, serialized once. */
function sqliteTemplate(reference: boolean): Promise<Buffer> {
  let made = sqliteTemplates.get(reference);
  if (!made) {
    made = (async () => {
      const { openDatabase } = await import('../../db/client.ts');
      const { seedDatabase } = await import('../../db/seed/index.ts');
      const { hashPassword } = await import('../../server/modules/auth/passwords.ts');
      const database = openDatabase(':memory:');
      await seedDatabase(database.db, { reference, demoAccounts: false, hashPassword });
      const image = database.sqlite.serialize();
      await database.close();
      return image;
    })();
    sqliteTemplates.set(reference, made);
  }
  return made;
}

/**
 * The database a test app runs on, on this run's engine. SQLite: the file, seeded by the caller,
 * or (no file) an in-memory copy of a template made once per process, already seeded. PostgreSQL: a fresh database copied from a template (with the reference
 * data unless `reference: false`, so `seeded` says the caller must not seed it again); a `dbFile`
 * names a database two apps share, or one app and its restart (made once, kept). Its `sqlite` is the
 * synchronous stand-in of tests/helpers/pg-sync.ts; closing drops the database when this app made it.
 * `url` is the PostgreSQL database's, for a command run on it as MINGA_DATABASE_URL (none on SQLite).
 */
export async function openTestDatabase(options: { dbFile?: string; reference?: boolean; skipSeed?: boolean }): Promise<{
  database: import('../../db/client.ts').OpenedDb;
  seeded: boolean;
  url?: string;
}> {
  const { ENGINE } = await import('../../db/engine.ts');
  const client = await import('../../db/client.ts');
  if (ENGINE !== 'pg') {
    if (options.dbFile || options.skipSeed) return { database: client.openDatabase(options.dbFile ?? ':memory:'), seeded: false };
    // In memory: a copy of a template made once per process (migrated and seeded as buildTestApp
    // would), as PostgreSQL's runs copy a template database.
    return { database: client.openDatabase(await sqliteTemplate(options.reference !== false)), seeded: true };
  }
  const { syncPostgres } = await import('./pg-sync.ts');
  // A named file keeps its data from one app to the next (a restart), as the SQLite file would.
  const shared = options.dbFile ? sharedDatabaseName(options.dbFile) : undefined;
  const template = options.reference === false ? TEMPLATE_BARE : TEMPLATE_WITH_REFERENCE;
  // An unnamed database: one put back by an earlier test of this process if any (tests/helpers/pg-recycle.ts).
  const again = shared ? undefined : takeRecycled(template);
  const made = again
    ? { ...again, drop: () => dropDatabase(again.name) }
    : await createTestDatabase({ reference: options.reference !== false, name: shared, reuse: shared !== undefined });
  if (!shared && !again) await noteFresh(template, made.url);
  const pool = again?.pool ?? client.postgresPool(made.url, 4, { application_name: TEST_POOL_NAME });
  const leased = lease(pool);
  // A database used again is migrated already (its template was).
  const database = await client.openPostgres(made.url, { pool: leased.pool, migrate: !again });
  const stand_in = syncPostgres(made.url);
  Object.defineProperty(database, 'sqlite', { value: stand_in, configurable: true });
  let lost = false;
  madeFor.set(database, {
    drop: () => {
      lost = true;
      return made.drop();
    },
  });
  let closed = false;
  database.close = async () => {
    if (closed) return;
    closed = true;
    stand_in.close();
    leased.revoke();
    // A database shared by two apps is dropped at the end of the run (tests/setup-pg.ts); one of
    // this app's own goes back, with its connections, to the next test, or is dropped when it cannot.
    if (!shared && !lost && (await recycle(template, { name: made.name, url: made.url, pool }))) return;
    await pool.end().catch(() => undefined);
    if (!shared) await made.drop();
  };
  return { database, seeded: true, url: made.url };
}
