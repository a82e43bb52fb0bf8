/**
 * Lighthouse (mobile preset: a mid-range phone, simulated slow 4G) on home, a thread and a
 * resource of a server with demo-like data, driving the system Chromium. Prints the four
 * category scores and LCP, TBT and CLS per page, and the audits that cost points outside
 * Performance. Aims (issue 15): Performance ≥ 90, Accessibility, Best Practices and SEO 100.
 * Runs only with MINGA_BENCH=full: a Lighthouse run takes tens of seconds of both cores.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.ts';
import { seedDatabase } from '../../db/seed/index.ts';
import { buildApp, type App } from '../../server/app.ts';
import { defaultRateLimits } from '../../server/config.ts';
import { projectRoot } from '../../server/lib/paths.ts';
import { ensureClientBuilt } from '../e2e/support/client-build.ts';
import { launchBrowser } from '../e2e/support/browser.ts';
import { FULL } from './measure.ts';

/** Enough of the demo data for full pages (communities, long threads, resources) in seconds. */
const SCALE = Number(process.env.MINGA_LIGHTHOUSE_SCALE ?? 0.1);
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;

const dir = mkdtempSync(join(tmpdir(), 'minga-bench-'));
let app: App | undefined;
let browser: Browser | undefined;
let url = '';
let debuggingPort = 0;

beforeAll(async () => {
  if (!FULL) return;
  await ensureClientBuilt();
  const database = openDatabase(join(dir, 'lighthouse.db'));
  process.stdout.write(`[bench] lighthouse: seeding the demo data at scale ${SCALE}\n`);
  await seedDatabase(database.db, { reference: true, demoAccounts: true, demoPassword: 'contraseña-de-bench', scale: SCALE, hashPassword: async () => 'not-a-real-hash' });
  app = await buildApp({ config: { clientDir: join(projectRoot(), 'dist/client'), rateLimits: defaultRateLimits() }, database, closeDatabase: true });
  await app.listen({ port: 0, host: '127.0.0.1' });
  url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  // Lighthouse drives Chromium over the DevTools protocol; Playwright launches it with the
  // flags the e2e tests use and opens that port beside its own pipe.
  debuggingPort = await freePort();
  browser = await launchBrowser([`--remote-debugging-port=${debuggingPort}`]);
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

it.runIf(!FULL)('runs Lighthouse only with MINGA_BENCH=full', () => {
  process.stdout.write('\n[bench] lighthouse: skipped in tiny mode (run `MINGA_BENCH=full npx vitest run tests/bench/lighthouse.bench.ts`)\n');
});

it.runIf(FULL)('scores home, a thread and a resource on a phone', async () => {
  const { default: lighthouse } = await import('lighthouse');
  const pages = await pagesToScore(app!);
  const rows: string[] = [];
  const lost: string[] = [];
  let version = '';
  for (const [name, path] of pages) {
    process.stdout.write(`  lighthouse: ${name} ${path}\n`);
    const result = await lighthouse(`${url}${path}`, { port: debuggingPort, output: 'json', logLevel: 'error', onlyCategories: [...CATEGORIES] });
    expect(result?.lhr.runtimeError, name).toBeUndefined();
    const lhr = result!.lhr;
    version = lhr.lighthouseVersion;
    const score = (category: (typeof CATEGORIES)[number]) => String(Math.round((lhr.categories[category]?.score ?? 0) * 100)).padStart(5);
    const metric = (audit: string) => lhr.audits[audit]?.numericValue ?? Number.NaN;
    rows.push(
      `  ${name.padEnd(10)} ${score('performance')} ${score('accessibility')} ${score('best-practices')} ${score('seo')}` +
        `   LCP ${(metric('largest-contentful-paint') / 1000).toFixed(1)} s  TBT ${metric('total-blocking-time').toFixed(0)} ms  CLS ${metric('cumulative-layout-shift').toFixed(3)}` +
        `  FCP ${(metric('first-contentful-paint') / 1000).toFixed(1)} s`,
    );
    // Where a phone's time goes on this page (Lighthouse's own diagnostics).
    const diagnostics = ['mainthread-work-breakdown', 'bootup-time', 'dom-size', 'render-blocking-resources', 'total-byte-weight'];
    const shown = diagnostics.map((id) => lhr.audits[id]).filter((audit) => audit?.displayValue).map((audit) => `${audit!.id} ${audit!.displayValue}`);
    const breakdown = (lhr.audits['mainthread-work-breakdown']?.details as { items?: { groupLabel: string; duration: number }[] } | undefined)?.items ?? [];
    rows.push(`    ${shown.join(' · ')}`);
    if (breakdown.length) rows.push(`    main thread: ${breakdown.map((item) => `${item.groupLabel} ${item.duration.toFixed(0)} ms`).join(', ')}`);
    for (const category of CATEGORIES.slice(1)) {
      for (const ref of lhr.categories[category]?.auditRefs ?? []) {
        const audit = lhr.audits[ref.id];
        if (ref.weight > 0 && audit && audit.score !== null && audit.score < 1) lost.push(`  ${name}: ${category}: ${audit.id} (${audit.title})`);
      }
    }
  }
  process.stdout.write(
    `\n[bench] lighthouse ${version} (mobile preset, simulated throttling; demo data at scale ${SCALE})\n` +
      `  ${'page'.padEnd(10)}  perf  a11y   b.p.   seo\n${rows.join('\n')}\n` +
      (lost.length ? `  audits that cost points outside Performance:\n${lost.join('\n')}\n` : ''),
  );
});

/** Home, the longest thread an anonymous visitor can read, and a resource, found through the API. */
async function pagesToScore(app: App): Promise<Array<[string, string]>> {
  const get = async (path: string) => {
    const response = await app.inject({ url: path });
    expect(response.statusCode, path).toBe(200);
    return response.json();
  };
  let thread: { id: number; postCount: number } | undefined;
  for (const community of (await get('/api/communities')).items.slice(0, 3)) {
    for (const forum of (await get(`/api/communities/${community.slug}`)).forums) {
      for (const candidate of (await get(`/api/forums/${forum.id}/threads?limit=50`)).items) {
        if (!thread || candidate.postCount > thread.postCount) thread = candidate;
      }
    }
  }
  const resource = (await get('/api/resources?limit=1')).items[0];
  expect(thread).toBeDefined();
  expect(resource).toBeDefined();
  return [
    ['home', '/'],
    ['thread', `/t/${thread!.id}`],
    ['resource', `/knowledge/resources/${resource.id}`],
  ];
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}
