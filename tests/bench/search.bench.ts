/**
 * One search across everything at the demo scale (20,000 posts, 12,000 resources, 6,000
 * profiles…): one- to three-word queries with and without filters, facets included.
 * Aim: p95 < 15 ms, type-ahead suggestions p95 < 5 ms. Hostile queries (one-letter prefixes,
 * many prefixes, the most common words) are measured too: their cost must stay bounded.
 * Prints the size of the full-text indexes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedDatabase } from '../../db/seed/index.ts';
import { openDatabase, type OpenedDb } from '../../db/client.ts';
import { buildApp, type App } from '../../server/app.ts';
import { defaultRateLimits } from '../../server/config.ts';
import { FULL, measure, report } from './measure.ts';

const dir = mkdtempSync(join(tmpdir(), 'minga-bench-'));
let database: OpenedDb;
let app: App;

beforeAll(async () => {
  database = openDatabase(join(dir, 'bench.db'));
  await seedDatabase(database.db, {
    reference: true,
    demoAccounts: true,
    demoPassword: 'contraseña-de-bench',
    scale: FULL ? 1 : 0.02,
    hashPassword: async () => 'not-a-real-hash',
    progress: (line) => FULL && process.stdout.write(`  ${line}\n`),
  });
  // One client sends every query: the per-client search limit is lifted to measure the cost.
  const rateLimits = { ...defaultRateLimits(), search: { max: 1_000_000, windowMs: 60_000 } };
  app = await buildApp({ config: { clientDir: undefined, rateLimits }, database, closeDatabase: true });
  await app.ready();
}, 300_000);

afterAll(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

it('measures searches across discussions and knowledge', async () => {
  const queries = ['formacion', 'formacion dual', 'evaluacion por competencias', 'seguridad', 'soldadura mig', 'educacao profissional'];
  const count = FULL ? 300 : 12;
  // What the header box sends while someone types, keystroke by keystroke.
  const typed = ['fo', 'for', 'form', 'forma', 'formac', 'ev', 'eva', 'evalu', 'seg', 'segur', 'sol', 'solda', 'edu', 'educa', 'educacao p', 'senai', 'mec', 'mecatr'];
  const hostile = [
    'a* e* o* i* u* s* t* r* n* l* c* d* m* p*',
    'a* e* o* i* u* s*',
    'e*',
    'de* la* en* co* pa*',
    'de* la* en*',
    'de la en el',
    'de',
    'co*',
  ];
  const broad = ['de* la* en*', 'de la en el', 'de', 'co*', 'formacion de* la*'];
  const results = [
    await measure('GET /api/search?q=<1–3 words> (+ facets)', count, async (i) => {
      const r = await app.inject({ url: `/api/search?q=${encodeURIComponent(queries[i % queries.length]!)}` });
      expect(r.statusCode).toBe(200);
    }),
    await measure('GET /api/search?q=…&type=thread&language=es', count, async (i) => {
      const r = await app.inject({ url: `/api/search?q=${encodeURIComponent(queries[i % queries.length]!)}&type=thread&language=es` });
      expect(r.statusCode).toBe(200);
    }),
    await measure('GET /api/search?q=…&type=resource&country=BR', count, async (i) => {
      const r = await app.inject({ url: `/api/search?q=${encodeURIComponent(queries[i % queries.length]!)}&type=resource&country=BR` });
      expect(r.statusCode).toBe(200);
    }),
    await measure('GET /api/search/suggest?q=<keystrokes>', count * 2, async (i) => {
      const word = typed[i % typed.length]!;
      const r = await app.inject({ url: `/api/search/suggest?q=${encodeURIComponent(word)}` });
      expect(r.statusCode).toBe(200);
    }),
    // Hostile and broad queries: whatever the answer (a 400 for what is refused, a 200 within
    // the work budget for the broadest allowed), its cost must stay bounded.
    await measure('GET /api/search?q=<hostile: a* e* o* …, de* la* en*, common words>', hostile.length * (FULL ? 10 : 1), async (i) => {
      const r = await app.inject({ url: `/api/search?q=${encodeURIComponent(hostile[i % hostile.length]!)}` });
      expect([200, 400]).toContain(r.statusCode);
    }),
    await measure('GET /api/search?q=<broadest allowed: de* la* en*, de la en el>', broad.length * (FULL ? 25 : 1), async (i) => {
      const r = await app.inject({ url: `/api/search?q=${encodeURIComponent(broad[i % broad.length]!)}` });
      expect(r.statusCode).toBe(200);
    }),
    // Twenty at once, with another reader's request among them: how long that reader waits.
    await measure('20 hostile searches at once + /api/health, until all answered', FULL ? 10 : 1, async () => {
      const burst = Array.from({ length: 20 }, (_, i) => app.inject({ url: `/api/search?q=${encodeURIComponent(hostile[i % hostile.length]!)}` }));
      const health = await app.inject({ url: '/api/health' });
      expect(health.statusCode).toBe(200);
      await Promise.all(burst);
    }),
  ];
  const size = (table: string) =>
    (database.sqlite.prepare(`SELECT sum(pgsize) AS bytes FROM dbstat WHERE name LIKE '${table}%'`).get() as { bytes: number | null }).bytes ?? 0;
  let sizes = '';
  try {
    sizes = `  index size: discussion_fts ${(size('discussion_fts') / 1048576).toFixed(1)} MB, knowledge_fts ${(size('knowledge_fts') / 1048576).toFixed(1)} MB, title_fts ${(size('title_fts') / 1048576).toFixed(1)} MB\n`;
  } catch {
    sizes = '  index size: (dbstat not available in this SQLite build)\n';
  }
  report('search', results);
  process.stdout.write(sizes);
});
