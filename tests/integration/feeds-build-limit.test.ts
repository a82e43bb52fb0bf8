/**
 * Building a knowledge feed costs a list and a request per item; a kept one costs nothing. A
 * client may make the server build as many of them, per window, as it may run searches (the
 * search limit, per address or account); feeds already built stay free for everyone.
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

const feed = (filters: string, remoteAddress: string) => t.app.inject({ url: `/knowledge/resources.rss?${filters}`, remoteAddress });

it('limits the knowledge feeds a client makes the server build, not the ones it reads', async () => {
  expect((await feed('country=BR', '203.0.113.7')).statusCode).toBe(200);
  expect((await feed('country=AR', '203.0.113.7')).statusCode).toBe(200);
  expect((await feed('country=CL', '203.0.113.7')).statusCode).toBe(429);
  // Built already: free, for this client and any other.
  for (let i = 0; i < 5; i++) expect((await feed('country=BR', '203.0.113.7')).statusCode).toBe(200);
  expect((await feed('country=CL', '198.51.100.4')).statusCode).toBe(200);
  expect((await feed('country=CL', '203.0.113.7')).statusCode).toBe(200);
});
