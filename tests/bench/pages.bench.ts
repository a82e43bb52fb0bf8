/**
 * A first visit to a thread, as a phone makes it: the page `GET /t/:id` (a 50-post thread,
 * the full HTML) under load beside the JSON it is made from, `GET /api/threads/:id`, in the
 * same run, with and without brotli; a signed-in reader's page; and the compressed bytes of
 * the JavaScript and CSS the page makes the browser download.
 * Aims (issue 15): page ≥ 2,000 req/s and ≥ 0.5× the JSON route; signed-in page p99 < 30 ms;
 * first-load JS < 100 KB compressed. Nothing here is a timed assertion. The pages are served by
 * the real server process (dist/server, as `npm start` runs it), on the data made here.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { projectRoot } from '../../server/lib/paths.ts';
import { ensureClientBuilt } from '../e2e/support/client-build.ts';
import { registerUser } from '../helpers/accounts.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { as, buildWorld, replyTo, startThread } from '../helpers/forums.ts';
import { ensureServerBuilt, startServerProcess, type ServerProcess } from '../helpers/process.ts';
import { formatLoad, load, type LoadResult } from './load.ts';
import { FULL } from './measure.ts';

const dir = mkdtempSync(join(tmpdir(), 'minga-bench-'));
let t: TestApp;
let server: ServerProcess;
let url: string;
let threadId: number;
let memberCookie = '';

beforeAll(async () => {
  await ensureClientBuilt();
  t = await buildTestApp({ dbFile: join(dir, 'bench.db'), clientDir: join(projectRoot(), 'dist/client') });
  process.stdout.write('[bench] pages: preparing a thread of 50 posts\n');
  const w = await buildWorld(t.app);
  const others = [w.moderator, w.admin, await registerUser(t.app)];
  await as(t.app, others[2]!).post(`/api/communities/${w.slug}/join`);
  memberCookie = w.member.cookie;
  const { thread } = await startThread(t.app, w.member, w.forumId, { kind: 'question' });
  threadId = thread.id;
  for (let i = 1; i < 50; i += 1) {
    await replyTo(t.app, others[i % others.length]!, threadId, `Respuesta ${i}: en **nuestro centro** usamos rúbricas y portafolios; @${w.member.username} ¿cómo lo hacen ustedes?\n\n- punto uno\n- punto dos`);
  }
  expect((await t.app.inject({ url: `/api/threads/${threadId}` })).json().posts).toHaveLength(50);
  await t.app.close();
  await ensureServerBuilt();
  server = await startServerProcess({ MINGA_DB: join(dir, 'bench.db'), LOG_LEVEL: 'warn' }, 60_000);
  url = server.url;
}, 300_000);

afterAll(async () => {
  server?.child.kill('SIGTERM');
  await server?.exited;
  rmSync(dir, { recursive: true, force: true });
});

/** GET on the running server, as autocannon sends it (bodies decoded only when asked to be). */
async function get(path: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${url}${path}`, { headers });
  return { statusCode: response.status, headers: response.headers, body: await response.text() };
}

/** The bytes as sent (still compressed): what crosses the network. */
function raw(path: string, encoding?: string): Promise<{ statusCode: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    httpGet(`${url}${path}`, { headers: encoding ? { 'accept-encoding': encoding } : {} }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ statusCode: response.statusCode ?? 0, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

/** The thread's page, server-rendered: the whole thread in the HTML. */
async function expectHtmlPage(cookie?: string): Promise<string> {
  const response = await get(`/t/${threadId}`, cookie ? { cookie } : {});
  expect(response.statusCode).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/html/);
  expect(response.body).toContain('Respuesta 49');
  return response.body;
}

it('measures the thread page beside its JSON, anonymous and signed in, with and without brotli', async () => {
  const html = await expectHtmlPage();
  await expectHtmlPage(memberCookie);
  const shape = FULL ? { connections: 50, durationS: 10, warmupS: 3 } : { connections: 5, durationS: 1 };
  const br = { 'accept-encoding': 'br' };
  const page = `${url}/t/${threadId}`;
  const api = `${url}/api/threads/${threadId}`;
  const runs: Array<[string, LoadResult]> = [
    ['GET /t/:id (page)', await load({ url: page, ...shape })],
    ['GET /api/threads/:id (JSON)', await load({ url: api, ...shape })],
    ['GET /t/:id, br', await load({ url: page, headers: br, ...shape })],
    ['GET /api/threads/:id, br', await load({ url: api, headers: br, ...shape })],
    // A reader's own page is rendered for each request: its latency alone, and a steady few at a time.
    ['GET /t/:id signed in, br (1 at a time)', await load({ url: page, headers: { cookie: memberCookie, ...br }, ...shape, connections: 1 })],
    ['GET /t/:id signed in (4 at a time)', await load({ url: page, headers: { cookie: memberCookie }, ...shape, connections: Math.min(4, shape.connections) })],
    ['GET /t/:id signed in, br (4 at a time)', await load({ url: page, headers: { cookie: memberCookie, ...br }, ...shape, connections: Math.min(4, shape.connections) })],
  ];
  const rps = (name: string) => runs.find(([n]) => n === name)![1].requestsPerSecond;
  const brPage = (await raw(`/t/${threadId}`, 'br')).body;
  process.stdout.write(
    `\n[bench] pages (${FULL ? 'full' : 'tiny smoke'}: ${shape.connections} connections, ${shape.durationS} s; ` +
      `page ${html.length} bytes, ${brPage.length} with br)\n` +
      runs.map(([name, r]) => formatLoad(name, r)).join('\n') +
      `\n  ratio page/JSON: ${(rps('GET /t/:id (page)') / rps('GET /api/threads/:id (JSON)')).toFixed(2)}` +
      `   with br: ${(rps('GET /t/:id, br') / rps('GET /api/threads/:id, br')).toFixed(2)}` +
      `   (aim ≥ 2,000 req/s and ≥ 0.5×; signed-in p99 < 30 ms)\n`,
  );
  for (const [name, r] of runs) expect(r.non2xx + r.errors, `${name}: ${r.non2xx} non-2xx, ${r.errors} errors`).toBe(0);
});

it('prints the compressed bytes of the JavaScript and CSS a first thread visit downloads', async () => {
  const html = await expectHtmlPage();
  const assets = firstLoadAssets(html);
  expect(assets.some((a) => a.endsWith('.js'))).toBe(true);
  const sizes = await Promise.all(
    assets.map(async (asset) => {
      const [plain, br, gzip] = await Promise.all(
        [undefined, 'br', 'gzip'].map((encoding) => raw(asset, encoding)),
      );
      for (const response of [plain, br, gzip]) expect(response!.statusCode, asset).toBe(200);
      return { asset, plain: plain!.body.length, br: br!.body.length, gzip: gzip!.body.length };
    }),
  );
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`.padStart(9);
  const sum = (kind: 'js' | 'css', key: 'plain' | 'br' | 'gzip') =>
    sizes.filter((s) => s.asset.endsWith(`.${kind}`)).reduce((total, s) => total + s[key], 0);
  process.stdout.write(
    `\n[bench] first thread visit: the scripts and stylesheets its HTML names (aim: JS < 100 KB compressed)\n` +
      sizes.map((s) => `  ${s.asset.padEnd(40)} ${kb(s.plain)}  br ${kb(s.br)}  gzip ${kb(s.gzip)}`).join('\n') +
      `\n  ${'JS total'.padEnd(40)} ${kb(sum('js', 'plain'))}  br ${kb(sum('js', 'br'))}  gzip ${kb(sum('js', 'gzip'))}` +
      `\n  ${'CSS total'.padEnd(40)} ${kb(sum('css', 'plain'))}  br ${kb(sum('css', 'br'))}  gzip ${kb(sum('css', 'gzip'))}\n`,
  );
});

/** `<script src>` and `<link rel=modulepreload|stylesheet href>` of the page, same-site ones. */
function firstLoadAssets(html: string): string[] {
  const found = new Set<string>();
  for (const [tag] of html.matchAll(/<(?:script|link)\b[^>]*>/gi)) {
    const attribute = (name: string) => new RegExp(`\\s${name}=(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag)?.slice(1).find((v) => v !== undefined);
    const isScript = /^<script/i.test(tag);
    const rel = attribute('rel')?.toLowerCase().split(/\s+/) ?? [];
    const src = isScript ? attribute('src') : rel.includes('modulepreload') || rel.includes('stylesheet') ? attribute('href') : undefined;
    if (src && src.startsWith('/') && !src.startsWith('//')) found.add(src);
  }
  return [...found];
}
