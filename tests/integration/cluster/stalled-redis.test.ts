/**
 * A Redis that stays connected but stops answering (a stalled server, a network path that drops
 * packets without closing): the processes' invalidations cannot arrive, so no process may keep
 * answering from its in-memory caches as if they could. A post hidden through B must not stay
 * readable on A's cached thread page for as long as the stall lasts.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAppPair, eventually, type AppPair } from '../../helpers/cluster.ts';
import { as, buildWorld, replyTo, startThread, type World } from '../../helpers/forums.ts';
import { relaxLimits } from '../../helpers/moderation.ts';
import { startRedis, type TestRedis } from '../../helpers/redis.ts';

let redis: TestRedis;
let pair: AppPair;
let w: World;

beforeAll(async () => {
  redis = await startRedis();
  pair = await buildAppPair(redis);
  w = await buildWorld(pair.a.app);
  await relaxLimits(pair.a.app, w.admin);
});
afterAll(async () => {
  await pair?.close();
  await redis?.close();
});

const A = () => pair.a.app;
const B = () => pair.b.app;

describe('a stalled Redis', () => {
  it('stops A answering a thread page from memory while invalidations cannot arrive, and resumes after', async () => {
    const { thread } = await startThread(A(), w.member, w.forumId, { title: 'Un hilo con Redis detenido' });
    const secret = await replyTo(A(), w.member, thread.id, 'Un dato que hay que ocultar');
    const read = async () => {
      const page = await as(A(), null).get(`/api/threads/${thread.id}`);
      expect(page.statusCode).toBe(200);
      return page.body;
    };
    // Read twice on A: the page is now kept in A's memory.
    expect(await read()).toContain('Un dato que hay que ocultar');
    expect(await read()).toContain('Un dato que hay que ocultar');

    const admin = new Redis(redis.url);
    try {
      // Redis keeps every connection but answers nothing for 6 s.
      await admin.call('CLIENT', 'PAUSE', '6000', 'ALL');
      const hidden = await as(B(), w.moderator).post(`/api/posts/${secret.id}/moderation`, { hidden: true, reason: 'Datos personales' });
      expect(hidden.statusCode, hidden.body).toBe(200);
      // Within a few seconds A notices Redis does not answer and reads the database again.
      await eventually(async () => expect(await read()).not.toContain('Un dato que hay que ocultar'), 4_000);
      expect(A().shared.status()).toBe('down');
    } finally {
      await admin.call('CLIENT', 'UNPAUSE').catch(() => {});
      admin.disconnect();
    }
    await eventually(() => expect([A().shared.status(), B().shared.status()]).toEqual(['ok', 'ok']), 10_000);
    expect(await read()).not.toContain('Un dato que hay que ocultar');
  });
});
