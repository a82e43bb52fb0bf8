/**
 * A feed built while a write lands is not kept: what it read before the write may be what the
 * write took away (a community turned private while its workshops were being listed), and
 * keeping it would serve that to everyone until the next write anywhere.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { as, buildWorld, type World } from '../helpers/forums.ts';
import { scheduleWorkshop } from '../helpers/workshops.ts';

let t: TestApp;
let w: World;
beforeAll(async () => {
  t = await buildTestApp();
  w = await buildWorld(t.app);
});
afterAll(async () => {
  await t?.app.close();
});

it('does not keep a feed whose content changed while it was built', async () => {
  await scheduleWorkshop(t.app, w.moderator, w.slug, { title: 'Taller que pasará a privado' });
  const original = t.app.inject;
  const inject = original.bind(t.app) as (options: { url: string }) => Promise<unknown>;
  let wrote = false;
  // The community turns private just after the feed has listed the workshops, before it is kept.
  (t.app as { inject: unknown }).inject = async (options: { url: string }) => {
    const answer = await inject(options);
    if (!wrote && options.url.startsWith('/api/workshops')) {
      wrote = true;
      expect((await as(t.app, w.admin).patch(`/api/communities/${w.slug}`, { visibility: 'private' })).statusCode).toBe(200);
    }
    return answer;
  };
  try {
    await t.app.inject({ url: '/workshops.rss' });
  } finally {
    (t.app as { inject: unknown }).inject = original;
  }
  expect(wrote).toBe(true);
  const after = await t.app.inject({ url: '/workshops.rss' });
  expect(after.statusCode).toBe(200);
  expect(after.body).not.toContain('Taller que pasará a privado');
});
