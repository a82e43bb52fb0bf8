/**
 * One process against two (issue 20): the real server (node dist/server/main.js) on the same
 * database, first as today's single process (MINGA_WORKERS=1, no Redis), then as two workers
 * sharing a real Redis (MINGA_WORKERS=2), measured by the same load generator (autocannon in its
 * own process, on the same two cores): a 50-post thread read anonymously and signed in, posts
 * written, and a post's fan-out to sockets spread over the workers. Prints each figure and the
 * ratio two/one. Aims on this 2-core machine: reads ≥ 1.3×, fan-out p99 ≤ 1.2× the single figure.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp } from '../helpers/app.ts';
import { buildWorld, replyTo, startThread } from '../helpers/forums.ts';
import { relaxLimits } from '../helpers/moderation.ts';
import { ensureServerBuilt, startServerProcess, type ServerProcess } from '../helpers/process.ts';
import { startRedis, type TestRedis } from '../helpers/redis.ts';
import { formatLoad, load, type LoadResult } from './load.ts';
import { FULL } from './measure.ts';

const size = FULL
  ? { connections: 50, durationS: 10, warmupS: 3, readers: 2000, posts: 30 }
  : { connections: 4, durationS: 1, warmupS: 0, readers: 20, posts: 3 };
const dir = mkdtempSync(join(tmpdir(), 'minga-bench-workers-'));
const dbFile = join(dir, 'bench.db');
let redis: TestRedis;
let threadId = 0;
let memberCookie = '';
let readerCookie = '';

interface Figures {
  anonymous: LoadResult;
  signedIn: LoadResult;
  write: LoadResult;
  fanout: { p50: number; p99: number; max: number };
}
const figures: Partial<Record<'one' | 'two', Figures>> = {};

beforeAll(async () => {
  await ensureServerBuilt();
  redis = await startRedis();
  process.stdout.write('[bench] workers: preparing a thread of 50 posts\n');
  const t = await buildTestApp({ dbFile });
  const w = await buildWorld(t.app);
  await relaxLimits(t.app, w.admin);
  const { thread } = await startThread(t.app, w.member, w.forumId, { kind: 'question' });
  threadId = thread.id;
  const others = [w.moderator, w.admin];
  for (let i = 1; i < 50; i += 1) {
    await replyTo(t.app, others[i % others.length]!, threadId, `Respuesta ${i}: en **nuestro centro** usamos rúbricas y portafolios; @${w.member.username} ¿cómo lo hacen ustedes?\n\n- punto uno\n- punto dos`);
  }
  memberCookie = w.member.cookie;
  readerCookie = w.moderator.cookie;
  await t.app.close();
}, 300_000);

afterAll(async () => {
  await redis?.close();
  rmSync(dir, { recursive: true, force: true });
});

function fanout(url: string): Promise<number[]> {
  const child = spawn(
    process.execPath,
    [join(import.meta.dirname, 'fanout-clients.mjs'), JSON.stringify({ url, mode: 'fanout', threadId, readers: size.readers, posts: size.posts, posterCookie: memberCookie, readerCookie })],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  let out = '';
  child.stdout!.on('data', (chunk) => (out += chunk));
  return new Promise((resolve, reject) => {
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n')[0]!).latencies as number[]) : reject(new Error(`clients exited ${code}`))));
  });
}

const percentile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

async function measureServer(label: 'one' | 'two', server: ServerProcess): Promise<void> {
  const { url } = server;
  const common = { connections: size.connections, durationS: size.durationS, warmupS: size.warmupS };
  const anonymous = await load({ ...common, url: `${url}/api/threads/${threadId}` });
  const signedIn = await load({ ...common, url: `${url}/api/threads/${threadId}`, headers: { cookie: memberCookie } });
  const write = await load({
    ...common,
    url: `${url}/api/threads/${threadId}/posts`,
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: memberCookie, origin: url },
    // autocannon puts a fresh id in place of [<id>]: no two posts alike.
    body: JSON.stringify({ body: 'Otra experiencia de evaluación por competencias, número [<id>]' }),
    idReplacement: true,
  });
  const latencies = (await fanout(url)).sort((a, b) => a - b);
  expect(anonymous.non2xx + anonymous.errors).toBe(0);
  expect(signedIn.non2xx + signedIn.errors).toBe(0);
  expect(write.non2xx + write.errors).toBe(0);
  figures[label] = { anonymous, signedIn, write, fanout: { p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), max: latencies.at(-1)! } };
  const f = figures[label]!;
  process.stdout.write(
    `\n[bench] workers: ${label === 'one' ? 'one process (MINGA_WORKERS=1, no Redis)' : 'two workers (MINGA_WORKERS=2, Redis)'} (${FULL ? 'full' : 'tiny smoke'}: ${size.connections} connections, ${size.durationS} s each; ${size.readers} sockets)\n` +
      `${formatLoad('thread read, anonymous', anonymous)}\n${formatLoad('thread read, signed in', signedIn)}\n${formatLoad('post write', write)}\n` +
      `  fan-out: request → every socket has post:created   p50 ${f.fanout.p50.toFixed(1)} ms  p99 ${f.fanout.p99.toFixed(1)} ms  max ${f.fanout.max.toFixed(1)} ms\n`,
  );
}

async function stop(server: ServerProcess): Promise<void> {
  server.child.kill('SIGTERM');
  const code = await server.exited;
  expect(code).toBe(0);
}

it('one process', async () => {
  const server = await startServerProcess({ MINGA_DB: dbFile, MINGA_WORKERS: '1', LOG_LEVEL: 'warn' });
  try {
    await measureServer('one', server);
  } finally {
    await stop(server);
  }
});

it('two workers sharing Redis, and the ratios', async () => {
  const server = await startServerProcess({ MINGA_DB: dbFile, MINGA_WORKERS: '2', MINGA_REDIS_URL: redis.url, MINGA_REDIS_PREFIX: redis.prefix(), LOG_LEVEL: 'warn' }, 40_000);
  try {
    await measureServer('two', server);
  } finally {
    await stop(server);
  }
  const one = figures.one!;
  const two = figures.two!;
  const ratio = (a: number, b: number) => (b === 0 ? 'n/a' : (a / b).toFixed(2));
  process.stdout.write(
    `\n[bench] workers: two workers / one process (aims: reads ≥ 1.3×, fan-out p99 ≤ 1.2×)\n` +
      `  thread read, anonymous   ${ratio(two.anonymous.requestsPerSecond, one.anonymous.requestsPerSecond)}× requests/s\n` +
      `  thread read, signed in   ${ratio(two.signedIn.requestsPerSecond, one.signedIn.requestsPerSecond)}× requests/s\n` +
      `  post write               ${ratio(two.write.requestsPerSecond, one.write.requestsPerSecond)}× requests/s\n` +
      `  fan-out p99              ${ratio(two.fanout.p99, one.fanout.p99)}× the single process's (p50 ${ratio(two.fanout.p50, one.fanout.p50)}×)\n`,
  );
});
