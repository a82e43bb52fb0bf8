/**
 * A knowledge feed with words is a full-text search, counted against the reader who asks for the
 * feed, not against the server itself: one client asking for many such feeds is refused (429,
 * not cached) and nobody else's feed is touched, rather than every feed with words turning into
 * a cached 404 for everyone.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ rateLimits: { login: { max: 100, windowMs: 60_000 }, register: { max: 100, windowMs: 60_000 }, search: { max: 2, windowMs: 60_000 } } });
});
afterAll(async () => {
  await t?.app.close();
});

const feed = (q: string, remoteAddress: string) => t.app.inject({ url: `/knowledge/resources.rss?q=${q}`, remoteAddress });

it('counts a feed’s search against its reader, and does not keep a refusal', async () => {
  // The reader spends their searches on the API itself; the feed's search is theirs too.
  for (const q of ['soldadura', 'tutorias']) expect((await t.app.inject({ url: `/api/resources?q=${q}`, remoteAddress: '203.0.113.7' })).statusCode).toBe(200);
  const refused = await feed('evaluacion', '203.0.113.7');
  expect(refused.statusCode).toBe(429);
  // Another reader's feed, the same address as the refused one: theirs, and fresh.
  expect((await feed('evaluacion', '198.51.100.4')).statusCode).toBe(200);
  expect((await feed('mecatronica', '198.51.100.4')).statusCode).toBe(200);
});
