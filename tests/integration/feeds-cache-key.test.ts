/**
 * A feed is kept once per feed, language and (for knowledge lists) set of filters, not once per
 * address as typed: `?lang=` spellings, parameters in another order or ones the feed ignores
 * must not rebuild it, or any client could make the server redo a knowledge feed (a list and
 * one request per item) with every request.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { buildWorld, startThread } from '../helpers/forums.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t?.app.close();
});

/** The requests a feed makes of the API while it is served (its builds' cost). */
async function innerRequests(urls: string[]): Promise<number> {
  const inject = t.app.inject.bind(t.app);
  let count = 0;
  (t.app as { inject: unknown }).inject = (...args: Parameters<typeof inject>) => {
    count += 1;
    return inject(...args);
  };
  try {
    for (const url of urls) expect((await t.app.inject({ url })).statusCode, url).toBe(200);
  } finally {
    (t.app as { inject: unknown }).inject = inject;
  }
  return count - urls.length;
}

it('builds a knowledge feed once whatever the spelling of its address', async () => {
  const first = await innerRequests(['/knowledge/resources.rss?country=BR&year=2020']);
  expect(first).toBeGreaterThan(0);
  const variants = ['/knowledge/resources.rss?year=2020&country=BR', '/knowledge/resources.rss?country=BR&year=2020&sort=title', '/knowledge/resources.rss?country=BR&year=2020&limit=5'];
  for (let i = 0; i < 5; i++) variants.push(`/knowledge/resources.rss?country=BR&year=2020&lang=x${i}`);
  expect(await innerRequests(variants)).toBe(0);
});

it('builds the site’s and a thread’s feed once per language, whatever `lang` says or the id’s zeros', async () => {
  const w = await buildWorld(t.app);
  const { thread } = await startThread(t.app, w.member, w.forumId);
  const latest = await t.app.inject({ url: '/latest.rss' });
  const threadFeed = await t.app.inject({ url: `/t/${thread.id}.rss` });
  // A rebuild a second later would say so in its Last-Modified (when it was built).
  await new Promise((resolve) => setTimeout(resolve, 1100));
  for (let i = 0; i < 5; i++) {
    const variant = await t.app.inject({ url: `/latest.rss?lang=zz${i}` });
    expect(variant.statusCode).toBe(200);
    expect(variant.headers['last-modified']).toBe(latest.headers['last-modified']);
    const zeros = await t.app.inject({ url: `/t/${'0'.repeat(i + 1)}${thread.id}.rss` });
    expect(zeros.statusCode).toBe(200);
    expect(zeros.headers['last-modified']).toBe(threadFeed.headers['last-modified']);
  }
});
