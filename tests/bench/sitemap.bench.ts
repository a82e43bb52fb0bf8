/**
 * Sitemaps at the demo's scale (~20,000 threads, ~19,000 knowledge records: 12,000 resources,
 * 6,000 profiles, 1,000 experiences): how long the index and the biggest child (all threads in
 * one file) take to build and send. Rows are written straight into the tables, the fastest way
 * to get there; the sitemaps read them as they would the seeded ones.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { defaultMailConfig } from '../../server/config.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { buildWorld, startThread } from '../helpers/forums.ts';
import { measure, report, sizes } from './measure.ts';

const THREADS = sizes({ tiny: 2_000, full: 20_000 });
const RESOURCES = sizes({ tiny: 1_200, full: 12_000 });
const PROFILES = sizes({ tiny: 600, full: 6_000 });
const EXPERIENCES = sizes({ tiny: 100, full: 1_000 });

let t: TestApp;

beforeAll(async () => {
  t = await buildTestApp({ mail: { ...defaultMailConfig(), publicUrl: 'https://minga.example.org' } });
  const w = await buildWorld(t.app);
  const { thread } = await startThread(t.app, w.member, w.forumId);
  const sqlite = t.database.sqlite;
  const now = Date.now();
  sqlite.transaction(() => {
    const addThread = sqlite.prepare(
      `INSERT INTO threads (forum_id, community_id, author_id, title, kind, post_count, last_post_at, created_at)
       SELECT forum_id, community_id, author_id, title || ' ' || ?, kind, 1, ?, ? FROM threads WHERE id = ?`,
    );
    for (let i = 1; i < THREADS; i += 1) addThread.run(i, now - i * 60_000, now - i * 60_000, thread.id);
    const addResource = sqlite.prepare(
      `INSERT INTO resources (title, type, languages, authors, topics, audiences, created_at, updated_at) VALUES (?, 'guide', '["es"]', '[]', '[]', '[]', ?, ?)`,
    );
    for (let i = 0; i < RESOURCES; i += 1) addResource.run(`Guía ${i}`, now - i * 1000, now - i * 1000);
    const addProfile = sqlite.prepare(
      `INSERT INTO profiles (national_code, title, units, curriculum, language, created_at, updated_at) VALUES (?, ?, '[]', '[]', 'es', ?, ?)`,
    );
    for (let i = 0; i < PROFILES; i += 1) addProfile.run(`P-${i}`, `Perfil ${i}`, now - i * 1000, now - i * 1000);
    const addExperience = sqlite.prepare(`INSERT INTO experiences (title, theme, partners, languages, created_at, updated_at) VALUES (?, 'productivity', '[]', '["es"]', ?, ?)`);
    for (let i = 0; i < EXPERIENCES; i += 1) addExperience.run(`Experiencia ${i}`, now - i * 1000, now - i * 1000);
  })();
});

afterAll(async () => {
  await t.app.close();
});

it(`builds the sitemap index and the biggest child (${THREADS} threads in one file)`, async () => {
  const get = (url: string) => async () => {
    const response = await t.app.inject({ method: 'GET', url });
    expect(response.statusCode).toBe(200);
  };
  const threads = await t.app.inject({ method: 'GET', url: '/sitemaps/threads-1.xml' });
  expect(threads.body.match(/<url>/g)).toHaveLength(THREADS);
  process.stdout.write(`[bench] sitemap: threads-1.xml is ${(threads.body.length / 1024 / 1024).toFixed(1)} MB for ${THREADS} URLs\n`);
  report('sitemaps', [
    await measure('GET /sitemap.xml (index: every kind read once)', 5, get('/sitemap.xml')),
    await measure(`GET /sitemaps/threads-1.xml (${THREADS} URLs)`, 5, get('/sitemaps/threads-1.xml')),
    await measure(`GET /sitemaps/resources-1.xml (${RESOURCES} URLs)`, 5, get('/sitemaps/resources-1.xml')),
  ]);
});
