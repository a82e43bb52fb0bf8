/**
 * The network activity dashboard's queries at the demo scale (MINGA_BENCH=full: the full demo
 * seed; otherwise a 2% seed in `npm test`): the series for everyone and for admins, by week,
 * month and day, filtered by community and by country, and the knowledge-use lists. Also the
 * rollups' rebuild at start. Aim: p95 < 50 ms for every activity query.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase, type OpenedDb } from '../../db/client.ts';
import { seedDatabase } from '../../db/seed/index.ts';
import { buildApp, type App } from '../../server/app.ts';
import { defaultRateLimits } from '../../server/config.ts';
import { activityRepositories } from '../../server/modules/activity/index.ts';
import { registerUser } from '../helpers/accounts.ts';
import { as } from '../helpers/forums.ts';
import { FULL, measure, report } from './measure.ts';

const dir = mkdtempSync(join(tmpdir(), 'minga-bench-'));
let database: OpenedDb;
let app: App;
let admin: Awaited<ReturnType<typeof registerUser>>;

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
  app = await buildApp({ config: { clientDir: undefined, rateLimits: { ...defaultRateLimits() } }, database, closeDatabase: true });
  await app.ready();
  admin = await registerUser(app);
  database.sqlite.prepare(`UPDATE users SET role = 'admin' WHERE id = ?`).run(admin.user.id);
  // Views spread over the demo's resources, written the way the counter writes them.
  const resources = database.sqlite.prepare(`SELECT id FROM resources ORDER BY id LIMIT 2000`).all() as { id: number }[];
  for (let i = 0; i < resources.length * 5; i++) app.knowledgeUse.view('resource', resources[(i * 7919) % resources.length]!.id, `10.0.${i >> 8}.${i & 255}`);
  await app.knowledgeUse.flush();
  database.sqlite.exec('ANALYZE');
}, 900_000);

afterAll(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

it('measures the activity series and knowledge use', async () => {
  const sqlite = database.sqlite;
  const counts = sqlite.prepare(`SELECT (SELECT count(*) FROM threads) AS threads, (SELECT count(*) FROM posts) AS posts, (SELECT count(*) FROM activity_daily) AS rollupRows, (SELECT count(*) FROM activity_answers) AS answered`).get();
  process.stdout.write(`  ${JSON.stringify(counts)}\n`);
  const started = performance.now();
  await activityRepositories(database).rollup.rebuild();
  process.stdout.write(`  rollup rebuild (at start): ${(performance.now() - started).toFixed(0)} ms\n`);

  const community = (sqlite.prepare(`SELECT c.slug FROM threads t JOIN communities c ON c.id = t.community_id WHERE c.visibility = 'public' GROUP BY c.id ORDER BY count(*) DESC LIMIT 1`).get() as { slug: string }).slug;
  const country = (sqlite.prepare(`SELECT country_code AS code FROM users WHERE country_code IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`).get() as { code: string }).code;
  const range = 'from=2025-05-01&to=2026-11-30';
  const check = async (account: typeof admin | null, url: string) => {
    const response = await as(app, account).get(url);
    expect(response.statusCode, response.body).toBe(200);
    return response;
  };
  const posts = (await check(admin, `/api/network/activity?${range}&interval=month`)).json().series[0].points.reduce((s: number, p: { value: number }) => s + p.value, 0);
  expect(posts).toBeGreaterThan(0);

  const count = FULL ? 300 : 20;
  const results = [];
  const cases: [string, typeof admin | null, string][] = [
    ['activity, everyone, default (a year by week)', null, '/api/network/activity'],
    ['activity, admin, 19 months by week', admin, `/api/network/activity?${range}`],
    ['activity, admin, 19 months by day', admin, `/api/network/activity?${range}&interval=day`],
    ['activity, everyone, 19 months by month', null, `/api/network/activity?${range}&interval=month`],
    ['activity, everyone, one community by day', null, `/api/network/activity?${range}&interval=day&community=${community}`],
    ['activity, admin, one country by week', admin, `/api/network/activity?${range}&country=${country}`],
    ['knowledge use, everyone', null, `/api/network/knowledge-use?${range}`],
  ];
  // CPU time a request, besides the wall-clock figures: the machine running this may be shared.
  const cpu: string[] = [];
  for (const [name, account, url] of [['reference: /api/health', null, '/api/health'] as const, ...cases]) {
    const before = process.cpuUsage();
    results.push(await measure(`GET ${name}`, count, async () => void (await check(account, url))));
    const used = process.cpuUsage(before);
    cpu.push(`  ${name}: ${((used.user + used.system) / 1000 / count).toFixed(2)} ms CPU a request`);
  }
  report('network activity', results);
  process.stdout.write(`${cpu.join('\n')}\n`);
});
