/**
 * The member's home at the demo scale (seeded like the search benchmark: ~2,000 threads with
 * 20,000 posts, 12,000 resources, 6,000 profiles, workshops): `GET /api/home` for a member of six
 * communities who has read part of them, is a specialist (every demo question asks for their expertise) and has a country and an institution,
 * so every list has work to do; one list paged (`/api/home/latest?cursor=`), top by month, and
 * the visitor's public home. Aim: `GET /api/home` p95 < 20 ms.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase, type OpenedDb } from '../../db/client.ts';
import { seedDatabase } from '../../db/seed/index.ts';
import { buildApp, type App } from '../../server/app.ts';
import { defaultRateLimits } from '../../server/config.ts';
import { registerUser } from '../helpers/accounts.ts';
import { FULL, measure, report } from './measure.ts';

const dir = mkdtempSync(join(tmpdir(), 'minga-bench-'));
let database: OpenedDb;
let app: App;
let cookie: string;

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

  // A member of the six busiest communities, joined a year ago, who read every other thread
  // there up to its middle; a specialist (the first record) in SENAI's country.
  const account = await registerUser(app);
  cookie = account.cookie;
  const sqlite = database.sqlite;
  const id = account.user.id;
  const yearAgo = Date.now() - 365 * 24 * 3600_000;
  sqlite.transaction(() => {
    // The demo's activity ends at its fixed "now": brought to today, so "top" has a week to count.
    const shift = Date.now() - ((sqlite.prepare('SELECT max(created_at) AS at FROM posts').get() as { at: number }).at ?? Date.now());
    sqlite.prepare('UPDATE threads SET last_post_at = last_post_at + ?, created_at = created_at + ?').run(shift, shift);
    sqlite.prepare('UPDATE posts SET created_at = created_at + ?').run(shift);
    sqlite.prepare('UPDATE post_reactions SET created_at = created_at + ?').run(shift);
    const busiest = sqlite.prepare(`SELECT community_id AS id FROM threads GROUP BY community_id ORDER BY count(*) DESC LIMIT 6`).all() as { id: number }[];
    const join = sqlite.prepare(`INSERT OR IGNORE INTO community_members (community_id, user_id, role, status, created_at, updated_at) VALUES (?, ?, 'member', 'active', ?, ?)`);
    for (const c of busiest) join.run(c.id, id, yearAgo, yearAgo);
    const senai = sqlite.prepare(`SELECT id, country_code AS country FROM institutions WHERE acronym = 'SENAI'`).get() as { id: number; country: string } | undefined;
    sqlite.prepare(`UPDATE users SET created_at = ?, institution_id = ?, country_code = ? WHERE id = ?`).run(yearAgo, senai?.id ?? null, senai?.country ?? null, id);
    sqlite.prepare(`UPDATE specialists SET user_id = ? WHERE id = (SELECT min(id) FROM specialists WHERE user_id IS NULL)`).run(id);
    // The demo's questions name no expertise: here they all ask for this specialist's.
    sqlite.prepare(`UPDATE threads SET expertise = (SELECT expertise FROM specialists WHERE user_id = ?) WHERE kind = 'question'`).run(id);
    sqlite
      .prepare(
        `INSERT OR IGNORE INTO thread_reads (user_id, thread_id, last_read, updated_at)
         SELECT ?, id, max(1, post_count / 2), ? FROM threads WHERE id % 2 = 0
           AND community_id IN (SELECT community_id FROM community_members WHERE user_id = ? AND status = 'active')`,
      )
      .run(id, Date.now(), id);
  })();
  sqlite.exec('ANALYZE');
}, 600_000);

afterAll(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

it('measures the member home and its lists', async () => {
  const get = (url: string, signedIn = true) => app.inject({ url, headers: signedIn ? { cookie } : {} });
  const first = (await get('/api/home')).json();
  for (const list of ['latest', 'unread', 'new', 'top', 'workshops', 'knowledge'] as const) expect(first[list].items.length, list).toBeGreaterThan(0);
  const counts = Object.fromEntries(['latest', 'unread', 'new', 'top', 'questions', 'workshops', 'knowledge', 'mine'].map((l) => [l, first[l].items.length]));
  process.stdout.write(`  first page per list: ${JSON.stringify(counts)}\n`);
  const cursor = first.latest.nextCursor as string;
  const count = FULL ? 400 : 20;
  const results = [
    await measure('GET /api/home (member of 6 communities)', count, async () => {
      expect((await get('/api/home')).statusCode).toBe(200);
    }),
    await measure('GET /api/home?period=month', count, async () => {
      expect((await get('/api/home?period=month')).statusCode).toBe(200);
    }),
    await measure('GET /api/home/latest?cursor= (page 2)', count, async () => {
      expect((await get(`/api/home/latest?cursor=${cursor}`)).statusCode).toBe(200);
    }),
    await measure('GET /api/home (visitor: the public home)', count, async () => {
      expect((await get('/api/home', false)).statusCode).toBe(200);
    }),
  ];
  report('home', results);
});
