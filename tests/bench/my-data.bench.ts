/**
 * A member's data export (issue 19, "My data") of ~2,000 full-size posts: how long it takes and
 * the process's peak memory while it runs (the ZIP is streamed to disk, never held whole), and
 * how a concurrent reader's thread reads fare meanwhile (the job yields between pages).
 * `npm run bench` runs it at full size; `npm test` runs it tiny, as a smoke check.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, expect, it, onTestFinished } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { as, buildWorld, startThread, type World } from '../helpers/forums.ts';
import { discussionsRepositories } from '../../server/modules/discussions/index.ts';
import { FULL, sizes } from './measure.ts';

const size = sizes({ tiny: { posts: 30 }, full: { posts: 2_000 } });
const dir = mkdtempSync(join(tmpdir(), 'minga-bench-export-'));
let t: TestApp;
let w: World;
let readThreadId: number;
let url: string;

/** About 3 KB of Markdown, the length of a considered answer in a forum of practice. */
const paragraph = 'En nuestro centro de formación profesional evaluamos las **competencias transversales** con rúbricas analíticas, portafolios y observación en el puesto de trabajo; los tutores de empresa participan en la evaluación final. ';
const body = (i: number) => `Aporte ${i}.\n\n${paragraph.repeat(7)}\n\n- comunicación\n- trabajo en equipo\n- resolución de problemas\n\n${paragraph.repeat(6)}`;
const html = (i: number) => `<p>Aporte ${i}.</p><p>${paragraph.repeat(7).replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')}</p><ul><li>comunicación</li><li>trabajo en equipo</li><li>resolución de problemas</li></ul><p>${paragraph.repeat(6).replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')}</p>`;

beforeAll(async () => {
  t = await buildTestApp({ dbFile: join(dir, 'bench.db') });
  w = await buildWorld(t.app);
  process.stdout.write(`[bench] my-data: preparing ${size.posts} posts by one member\n`);
  const { posts, threads } = discussionsRepositories(t.database);
  const { thread } = await startThread(t.app, w.member, w.forumId, { title: 'Evaluación de competencias transversales' });
  const row = (await threads.findById(thread.id))!;
  for (let i = 1; i < size.posts; i += 1) {
    await posts.create({ thread: row, authorId: w.member.user.id, replyToPostId: null, body: body(i), bodyHtml: html(i), at: new Date(), afterInsert: () => {} });
  }
  readThreadId = (await startThread(t.app, w.moderator, w.forumId, { title: 'Hilo que otra persona lee' })).thread.id;
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  url = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
}, 600_000);

afterAll(async () => {
  await t.app.close();
  rmSync(dir, { recursive: true, force: true });
});

it('exports ~2,000 posts while a reader keeps reading', async () => {
  const before = process.memoryUsage();
  let peakRss = before.rss;
  let peakHeap = before.heapUsed;
  const sampler = setInterval(() => {
    const now = process.memoryUsage();
    peakRss = Math.max(peakRss, now.rss);
    peakHeap = Math.max(peakHeap, now.heapUsed);
  }, 20);
  // The worker outlives this file (isolate: false): a failure before the clearInterval below must not leave it ticking.
  onTestFinished(() => clearInterval(sampler));

  const started = performance.now();
  const asked = await as(t.app, w.member).post('/api/me/export');
  expect(asked.statusCode).toBe(202);
  const finished = t.app.dataExports.idle().then(() => performance.now() - started);

  // The reader, over real HTTP (app.inject would never leave the microtask queue and starve the
  // job): thread pages one after another for as long as the export runs.
  const latencies: number[] = [];
  let done = false;
  void finished.then(() => (done = true));
  while (!done) {
    const t0 = performance.now();
    const read = await fetch(`${url}/api/threads/${readThreadId}`, { headers: { cookie: w.outsider.cookie } });
    await read.arrayBuffer();
    latencies.push(performance.now() - t0);
    expect(read.status).toBe(200);
  }
  const elapsedMs = await finished;
  clearInterval(sampler);

  const status = (await as(t.app, w.member).get(`/api/me/export/${asked.json().id}`)).json();
  expect(status).toMatchObject({ status: 'ready', progress: 1 });
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  const mb = (bytes: number) => (bytes / 1_048_576).toFixed(1);
  process.stdout.write(
    `\n[bench] my-data export (${FULL ? 'full' : 'tiny smoke'} size)\n` +
      `  ${size.posts} posts → ZIP of ${mb(status.size)} MB in ${(elapsedMs / 1000).toFixed(2)} s\n` +
      `  peak RSS ${mb(peakRss)} MB (+${mb(peakRss - before.rss)} MB), peak heap ${mb(peakHeap)} MB (+${mb(peakHeap - before.heapUsed)} MB)\n` +
      `  concurrent reader: ${latencies.length} thread reads, p50 ${at(0.5).toFixed(2)} ms, p95 ${at(0.95).toFixed(2)} ms, max ${at(1).toFixed(2)} ms\n`,
  );
}, 600_000);
