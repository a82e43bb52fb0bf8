/**
 * Browsing the knowledge bases at the network's scale (12,000 resources): a query with two
 * facets and a text filter, with the total and every facet's counts. Aim: p95 < 20 ms.
 * Broad words (`formación` matches some 5,000 resources) are measured beside the narrow mix:
 * there every facet is counted over thousands of matches.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedKnowledge } from '../../db/seed/knowledge/index.ts';
import { defaultRateLimits } from '../../server/config.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { FULL, measure, report } from './measure.ts';

const dir = mkdtempSync(join(tmpdir(), 'minga-bench-'));
let t: TestApp;

beforeAll(async () => {
  // One client sends every query: the per-client search limit is lifted to measure the cost.
  t = await buildTestApp({ dbFile: join(dir, 'bench.db'), rateLimits: { ...defaultRateLimits(), search: { max: 1_000_000, windowMs: 60_000 } } });
  await seedKnowledge(t.database.db, { scale: FULL ? 1 : 0.02, progress: (line) => FULL && process.stdout.write(`  ${line}\n`) });
}, 300_000);

afterAll(async () => {
  await t.app.close();
  rmSync(dir, { recursive: true, force: true });
});

const get = async (url: string) => {
  const r = await t.app.inject({ url });
  expect(r.statusCode).toBe(200);
  return r.json() as { total: number };
};

it('measures faceted browsing with a text filter', async () => {
  const total = (await get('/api/resources?limit=1')).total;
  expect(total).toBeGreaterThan(0);
  const words = ['formacion', 'guia', 'competencias', 'seguridad', 'manual', 'curso'];
  const countries = ['BR', 'CO', 'PE', 'MX', 'AR', 'CL'];
  const count = FULL ? 400 : 20;
  const results = [
    await measure('GET /api/resources?country&language&q (+ facets)', count, async (i) => {
      await get(`/api/resources?country=${countries[i % 6]}&language=es&q=${words[i % 6]}`);
    }),
    await measure('GET /api/resources?sector&kind (+ facets)', count, async (i) => {
      await get(`/api/resources?sector=${'CDFGIP'[i % 6]}&kind=guide`);
    }),
    await measure('GET /api/profiles?country&sector&q (+ facets)', count, async (i) => {
      await get(`/api/profiles?country=${countries[i % 6]}&sector=C&q=${words[i % 6]}`);
    }),
  ];

  // Broad words: thousands of matches, every facet counted over them.
  const broad = [
    ['GET /api/resources?q=formación', '/api/resources?q=formaci%C3%B3n'],
    ['GET /api/resources?q=formacion&country=BR', '/api/resources?q=formacion&country=BR'],
    ['GET /api/resources?q=competencias', '/api/resources?q=competencias'],
    ['GET /api/resources?q=formación&sort=recent', '/api/resources?q=formaci%C3%B3n&sort=recent'],
    ['GET /api/experiences?q=formación', '/api/experiences?q=formaci%C3%B3n'],
    ['GET /api/profiles?q=formación', '/api/profiles?q=formaci%C3%B3n'],
    ['GET /api/profiles?q=competencias&country=BR', '/api/profiles?q=competencias&country=BR'],
  ] as const;
  const matched: string[] = [];
  for (const [name, url] of broad) {
    matched.push(`${name}: ${(await get(url)).total}`);
    results.push(await measure(name, count, () => get(url).then(() => undefined)));
  }
  // Broad words never asked before on every request (a broad word and a common one, either
  // way round): what the first reader of a query waits for, with nothing kept from before.
  const broadWords = ['formación', 'competencias', 'trabajo', 'guía', 'evaluación', 'manual', 'curso', 'empresa', 'seguridad', 'profesional'];
  const common = ['de', 'la', 'el', 'en', 'para', 'y', 'los', 'del', 'con', 'por', 'las', 'una'];
  const fresh = broadWords.flatMap((w) => common.flatMap((c) => [`${w} ${c}`, `${c} ${w}`]));
  let freshTotal = 0;
  results.push(
    await measure('GET /api/resources?q=<broad words, each new>', FULL ? fresh.length : 20, async (i) => {
      freshTotal += (await get(`/api/resources?q=${encodeURIComponent(fresh[i]!)}`)).total;
    }),
  );
  matched.push(`each new: ${Math.round(freshTotal / (FULL ? fresh.length : 20))} on average`);
  process.stdout.write(`  (${total} resources in the database; matches: ${matched.join(', ')})\n`);
  report('knowledge-browse', results);
});
