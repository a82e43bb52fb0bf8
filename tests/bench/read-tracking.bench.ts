/**
 * Recording reads must not show in post writing (issue 16, Speed): members scrolling threads
 * report their place (`POST /api/threads/:id/read`, one batch every few seconds each) while
 * others post. Measures POST /api/threads/:id/posts alone, then with the readers' load running
 * in the server's own process (500 members at full size, a batch every 3 s each: ~170 reads/s),
 * on a file database (WAL), and prints both and their ratio.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, onTestFinished } from 'vitest';
import { newAccount, ORIGIN, sessionCookieOf } from '../helpers/accounts.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { buildWorld, replyTo, startThread } from '../helpers/forums.ts';
import { relaxLimits } from '../helpers/moderation.ts';
import { formatLoad, load } from './load.ts';
import { FULL, sizes } from './measure.ts';

const MEMBERS = sizes({ tiny: 10, full: 500 });
const THREADS = sizes({ tiny: 2, full: 20 });
const POSTS_PER_THREAD = sizes({ tiny: 5, full: 30 });
const BATCH_EVERY_MS = 3000;

const dir = mkdtempSync(join(tmpdir(), 'minga-bench-'));
let t: TestApp;
let url: string;
let writeThreadId: number;
let writerCookie: string;
const readThreads: number[] = [];
const readers: { cookie: string; thread: number; at: number }[] = [];

beforeAll(async () => {
  t = await buildTestApp({ dbFile: join(dir, 'bench.db') });
  const w = await buildWorld(t.app);
  await relaxLimits(t.app, w.admin);
  process.stdout.write(`[bench] read-tracking: ${THREADS} threads of ${POSTS_PER_THREAD} posts, ${MEMBERS} members\n`);
  for (let i = 0; i < THREADS; i++) {
    const { thread } = await startThread(t.app, w.moderator, w.forumId, { title: `Tema de lectura número ${i + 1}` });
    for (let n = 1; n < POSTS_PER_THREAD; n++) await replyTo(t.app, i % 2 ? w.moderator : w.admin, thread.id, `Respuesta ${n} al tema ${i + 1}`);
    readThreads.push(thread.id);
  }
  for (let i = 0; i < MEMBERS; i++) {
    const registered = await t.app.inject({
      method: 'POST',
      url: '/api/auth/register',
      headers: { origin: ORIGIN },
      remoteAddress: `10.9.${Math.floor(i / 200)}.${i % 200}`,
      payload: newAccount(),
    });
    expect(registered.statusCode).toBe(201);
    const cookie = sessionCookieOf(registered);
    await t.app.inject({ method: 'POST', url: `/api/communities/${w.slug}/join`, headers: { origin: ORIGIN, cookie } });
    readers.push({ cookie, thread: i % THREADS, at: 0 });
  }
  writeThreadId = (await startThread(t.app, w.member, w.forumId)).thread.id;
  writerCookie = w.member.cookie;
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  url = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
}, 900_000);

afterAll(async () => {
  await t.app.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Every member sends a batch every BATCH_EVERY_MS, spread evenly: their place moves a few posts on. */
function startReaders() {
  let sent = 0;
  let failed = 0;
  let next = 0;
  const tickMs = 20;
  const perMs = MEMBERS / BATCH_EVERY_MS;
  let owed = 0;
  let last = performance.now();
  // Owed by the clock, not by ticks: a busy server delays the timer, not the members.
  const timer = setInterval(() => {
    const now = performance.now();
    owed += (now - last) * perMs;
    last = now;
    for (; owed >= 1; owed -= 1) {
      const reader = readers[next]!;
      next = (next + 1) % readers.length;
      reader.at += 3;
      if (reader.at > POSTS_PER_THREAD) {
        reader.thread = (reader.thread + 1) % THREADS;
        reader.at = 3;
      }
      sent += 1;
      void t.app
        .inject({
          method: 'POST',
          url: `/api/threads/${readThreads[reader.thread]}/read`,
          headers: { origin: ORIGIN, cookie: reader.cookie },
          payload: { postNumber: reader.at },
        })
        .then((response) => {
          if (response.statusCode !== 200) failed += 1;
        });
    }
  }, tickMs);
  const started = performance.now();
  return () => {
    clearInterval(timer);
    return { sent, failed, perSecond: sent / ((performance.now() - started) / 1000) };
  };
}

it('measures post writing with and without members recording their reads', async () => {
  const shape = FULL ? { connections: 10, durationS: 10, warmupS: 2 } : { connections: 2, durationS: 1 };
  const body = JSON.stringify({ body: 'En el **SENA** trabajamos con _rúbricas_ por competencias.\n\n1. Observación\n2. Portafolio' });
  const write = () =>
    load({ url: `${url}/api/threads/${writeThreadId}/posts`, method: 'POST', headers: { 'content-type': 'application/json', cookie: writerCookie, origin: url }, body, ...shape });
  const alone = await write();
  const stop = startReaders();
  // The worker outlives this file (isolate: false): a failed write must not leave the readers' timer ticking.
  onTestFinished(() => void stop());
  const withReads = await write();
  const reads = stop();
  expect(alone.errors + alone.non2xx + withReads.errors + withReads.non2xx).toBe(0);
  expect(reads.failed).toBe(0);
  process.stdout.write(
    `\n[bench] read-tracking (${FULL ? 'full' : 'tiny smoke'}: ${shape.connections} writers, ${shape.durationS} s, ${MEMBERS} members reading, file database)\n` +
      `${formatLoad('POST posts, alone', alone)}\n${formatLoad('POST posts, members recording reads', withReads)}\n` +
      `  reads recorded meanwhile: ${reads.sent} (${reads.perSecond.toFixed(0)}/s)\n` +
      `  ratio with/without reads: ${(withReads.requestsPerSecond / alone.requestsPerSecond).toFixed(2)}\n`,
  );
}, 300_000);
