/**
 * Browsing the knowledge bases at the network's scale (12,000 resources): a query with two
 * facets and a text filter, with the total and every facet's counts. Aim: p95 < 20 ms.
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

it('measures faceted browsing with a text filter', async () => {
  const total = (await t.app.inject({ url: '/api/resources?limit=1' })).json().total;
  expect(total).toBeGreaterThan(0);
  const words = ['formacion', 'guia', 'competencias', 'seguridad', 'manual', 'curso'];
  const countries = ['BR', 'CO', 'PE', 'MX', 'AR', 'CL'];
  const count = FULL ? 400 : 20;
  const results = [
    await measure('GET /api/resources?country&language&q (+ facets)', count, async (i) => {
      const r = await t.app.inject({ url: `/api/resources?country=${countries[i % 6]}&language=es&q=${words[i % 6]}` });
      expect(r.statusCode).toBe(200);
    }),
    await measure('GET /api/resources?sector&kind (+ facets)', count, async (i) => {
      const r = await t.app.inject({ url: `/api/resources?sector=${'CDFGIP'[i % 6]}&kind=guide` });
      expect(r.statusCode).toBe(200);
    }),
    await measure('GET /api/profiles?country&sector&q (+ facets)', count, async (i) => {
      const r = await t.app.inject({ url: `/api/profiles?country=${countries[i % 6]}&sector=C&q=${words[i % 6]}` });
      expect(r.statusCode).toBe(200);
    }),
  ];
  process.stdout.write(`  (${total} resources in the database)\n`);
  report('knowledge-browse', results);
});
