/**
 * SQLite against PostgreSQL (issue 21), in the same run on the same data: the demo database is
 * seeded once on SQLite and copied to a real PostgreSQL (npm run db:copy's code), then the real
 * server (node dist/server/main.js) runs once on each, one process, measured the same way:
 * a long thread read anonymously (autocannon in its own process), posts written, searches and
 * knowledge browsing (sequential requests, p50/p95). Prints each figure and the ratio PG/SQLite.
 * Aims: thread read on PostgreSQL ≥ 0.5× SQLite, post write ≥ 500 posts/s, search p95 < 20 ms.
 *
 * Requests name a distinct client (X-Forwarded-For, with MINGA_TRUST_PROXY=1) so that the
 * per-client search limit measures the engines rather than the limit.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.ts';
import { copyDatabase } from '../../db/copy/copy.ts';
import { pgSide, sqliteSide } from '../../db/copy/sides.ts';
import { seedDatabase } from '../../db/seed/index.ts';
import { hashPassword } from '../../server/modules/auth/passwords.ts';
import { ensureServerBuilt, startServerProcess, type ServerProcess } from '../helpers/process.ts';
import { databaseUrl, startPostgresCluster, type TestPostgresCluster, pgClient } from '../helpers/postgres.ts';
import { formatLoad, load, type LoadResult } from './load.ts';
import { FULL, measure, type Measured } from './measure.ts';

const size = FULL
  ? { scale: 1, connections: 50, durationS: 10, warmupS: 3, writers: 10, searches: 300, browses: 300 }
  : { scale: 0.05, connections: 4, durationS: 1, warmupS: 0, writers: 2, searches: 12, browses: 12 };
const PASSWORD = 'demo-password-engines-1';
const dir = mkdtempSync(join(tmpdir(), 'minga-bench-engines-'));
const dbFile = join(dir, 'demo.db');
let cluster: TestPostgresCluster;
let pgUrl = '';
let threadId = 0;

/** Thread reads over PostgreSQL's Unix socket (the app and the database on one machine). */
let overSocket: LoadResult | undefined;

interface Figures {
  read: LoadResult;
  write: LoadResult;
  search: Measured[];
  browse: Measured[];
}
const figures: Partial<Record<'sqlite' | 'pg', Figures>> = {};

beforeAll(async () => {
  await ensureServerBuilt();
  cluster = await startPostgresCluster();
  process.stdout.write(`[bench] engines: seeding the demo (scale ${size.scale}) on SQLite\n`);
  const database = openDatabase(dbFile);
  await seedDatabase(database.db, { reference: true, demoAccounts: true, demoPassword: PASSWORD, scale: size.scale, hashPassword });
  await database.close();
  // The longest thread anyone may read.
  const sqlite = new Database(dbFile, { readonly: true });
  threadId = sqlite
    .prepare(
      `SELECT t.id FROM threads t JOIN communities c ON c.id = t.community_id
        WHERE c.visibility = 'public' AND t.hidden = 0 ORDER BY t.post_count DESC, t.id LIMIT 1`,
    )
    .pluck()
    .get() as number;
  sqlite.close();
  const admin = pgClient(cluster.url);
  await admin.connect();
  await admin.query('CREATE DATABASE minga_engines');
  await admin.end();
  pgUrl = databaseUrl(cluster.url, 'minga_engines');
  process.stdout.write('[bench] engines: copying it to PostgreSQL\n');
  const from = sqliteSide(dbFile, { create: false });
  const to = pgSide(pgUrl);
  try {
    await copyDatabase(from, to, { progress: FULL ? (l) => process.stdout.write(`  ${l}\n`) : undefined });
  } finally {
    await from.close();
    await to.close();
  }
}, 900_000);

afterAll(async () => {
  await cluster?.stop();
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

let clientNumber = 0;
const aClient = () => {
  clientNumber += 1;
  return `10.${(clientNumber >> 16) & 255}.${(clientNumber >> 8) & 255}.${clientNumber & 255}`;
};

async function signIn(url: string, username: string): Promise<string> {
  const response = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url, 'x-forwarded-for': aClient() },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (!response.ok) throw new Error(`sign-in ${username}: ${response.status} ${await response.text()}`);
  return response.headers.getSetCookie().find((c) => c.startsWith('minga_session='))!.split(';')[0]!;
}

async function measureEngine(label: 'sqlite' | 'pg', server: ServerProcess): Promise<void> {
  const { url } = server;
  const cookie = await signIn(url, 'admin');
  // The admin writes as fast as the server lets it: the spam limits are not what is measured.
  const relax = await fetch(`${url}/api/moderation/settings`, { headers: { cookie, origin: url } });
  const settings = await relax.json();
  const put = await fetch(`${url}/api/moderation/settings`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', cookie, origin: url },
    body: JSON.stringify({ ...settings, postsPerMinute: 100_000, postsPerMinutePerAddress: 1_000_000, duplicateLimit: 1000 }),
  });
  if (!put.ok) throw new Error(`relax limits on ${label}: ${put.status} ${await put.text()}`);

  const read = await load({ url: `${url}/api/threads/${threadId}`, connections: size.connections, durationS: size.durationS, warmupS: size.warmupS });
  const write = await load({
    url: `${url}/api/threads/${threadId}/posts`,
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, origin: url },
    body: JSON.stringify({ body: 'En el **SENA** trabajamos con _rúbricas_ por competencias [<id>].\n\n> ¿Cómo lo hacen en [INA](https://www.ina.ac.cr)?' }),
    idReplacement: true,
    connections: size.writers,
    durationS: size.durationS,
    warmupS: size.warmupS,
  });
  const get = async (path: string) => {
    const response = await fetch(`${url}${path}`, { headers: { 'x-forwarded-for': aClient() } });
    if (!response.ok) throw new Error(`${label} ${path}: ${response.status} ${await response.text()}`);
    await response.arrayBuffer();
  };
  const queries = ['formacion', 'formacion dual', 'evaluacion por competencias', 'seguridad', 'soldadura mig', 'educacao profissional'];
  const typed = ['fo', 'for', 'form', 'forma', 'ev', 'eva', 'evalu', 'seg', 'segur', 'sol', 'solda', 'educa'];
  const search = [
    await measure(`search ?q=<1–3 words> (+ facets)`, size.searches, (i) => get(`/api/search?q=${encodeURIComponent(queries[i % queries.length]!)}`)),
    await measure(`search ?q=…&type=resource&country=BR`, size.searches, (i) =>
      get(`/api/search?q=${encodeURIComponent(queries[i % queries.length]!)}&type=resource&country=BR`),
    ),
    await measure(`search/suggest ?q=<keystrokes>`, size.searches, (i) => get(`/api/search/suggest?q=${encodeURIComponent(typed[i % typed.length]!)}`)),
  ];
  const browse = [
    await measure('resources ?country&language (+ facets)', size.browses, (i) => get(`/api/resources?country=${['BR', 'CO', 'PE', 'UY'][i % 4]}&language=es`)),
    await measure('resources ?q=formación', size.browses, () => get('/api/resources?q=formaci%C3%B3n')),
    await measure('profiles ?sector', size.browses, () => get('/api/profiles?limit=20')),
  ];
  figures[label] = { read, write, search, browse };
  expect(read.non2xx).toBe(0);
  expect(write.non2xx).toBe(0);
}

it('measures the same work on SQLite and on PostgreSQL', async () => {
  const common = { MINGA_SEED: 'none', MINGA_TRUST_PROXY: '1', LOG_LEVEL: 'warn' };
  const onSqlite = await startServerProcess({ ...common, MINGA_DB: dbFile }, 60_000);
  try {
    await measureEngine('sqlite', onSqlite);
  } finally {
    onSqlite.child.kill('SIGTERM');
    await onSqlite.exited;
  }
  // On PostgreSQL the server wants a place for uploaded files (MINGA_FILES_DIR or a bucket).
  const onPg = await startServerProcess({ ...common, MINGA_DATABASE_URL: pgUrl, MINGA_FILES_DIR: join(dir, 'files') }, 60_000);
  try {
    await measureEngine('pg', onPg);
  } finally {
    onPg.child.kill('SIGTERM');
    await onPg.exited;
  }
  // The same reads with the database reached through its Unix socket instead of loopback TCP:
  // the connection a site with PostgreSQL on the app's own machine can choose (README).
  const socketUrl = `postgres://postgres@localhost:${cluster.port}/minga_engines?host=${encodeURIComponent(cluster.socketDir)}`;
  const onSocket = await startServerProcess({ ...common, MINGA_DATABASE_URL: socketUrl, MINGA_FILES_DIR: join(dir, 'files') }, 60_000);
  try {
    overSocket = await load({ url: `${onSocket.url}/api/threads/${threadId}`, connections: size.connections, durationS: size.durationS, warmupS: size.warmupS });
    expect(overSocket.non2xx).toBe(0);
  } finally {
    onSocket.child.kill('SIGTERM');
    await onSocket.exited;
  }
  const a = figures.sqlite!;
  const b = figures.pg!;
  const ratio = (x: number, y: number) => (y > 0 ? (x / y).toFixed(2) : '–');
  const lines = [
    `\n[bench] engines (${FULL ? 'full' : 'tiny smoke'}: demo scale ${size.scale}, one process each, same data)`,
    formatLoad('SQLite      GET /api/threads/:id (anonymous)', a.read),
    formatLoad('PostgreSQL  GET /api/threads/:id (anonymous)', b.read),
    `  thread read PG/SQLite: ${ratio(b.read.requestsPerSecond, a.read.requestsPerSecond)}× (aim ≥ 0.5)`,
    formatLoad('PostgreSQL  GET /api/threads/:id, Unix socket', overSocket),
    `  thread read PG over its Unix socket/SQLite: ${ratio(overSocket.requestsPerSecond, a.read.requestsPerSecond)}×`,
    formatLoad('SQLite      POST /api/threads/:id/posts', a.write),
    formatLoad('PostgreSQL  POST /api/threads/:id/posts', b.write),
    `  post write PG/SQLite: ${ratio(b.write.requestsPerSecond, a.write.requestsPerSecond)}× (aim ≥ 500 posts/s on PostgreSQL)`,
  ];
  for (const [name, list] of [
    ['search', 'search'],
    ['knowledge browse', 'browse'],
  ] as const) {
    lines.push(`  ${name}:`);
    a[list].forEach((m, i) => {
      const n = b[list][i]!;
      lines.push(
        `    ${m.name.padEnd(42)} SQLite p50 ${m.p50Ms.toFixed(2)} p95 ${m.p95Ms.toFixed(2)} ms | PostgreSQL p50 ${n.p50Ms.toFixed(2)} p95 ${n.p95Ms.toFixed(2)} ms | p95 PG/SQLite ${ratio(n.p95Ms, m.p95Ms)}×`,
      );
    });
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}, 900_000);
