/**
 * The core of issue 20: two apps on one SQLite file share state through a real Redis. Domain
 * events reach the other process's `everywhere` subscribers (and only those), /api/health tells
 * whether Redis answers, and Redis going away and coming back is survived.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAppPair, eventually, type AppPair } from '../../helpers/cluster.ts';
import { registerUser } from '../../helpers/accounts.ts';
import { startRedis, type TestRedis } from '../../helpers/redis.ts';

let redis: TestRedis;
let pair: AppPair;

beforeAll(async () => {
  redis = await startRedis();
  pair = await buildAppPair(redis);
});
afterAll(async () => {
  await pair?.close();
  await redis?.close();
});

describe('shared state through Redis', () => {
  it('relays a domain event to the other process, to its everywhere subscribers only', async () => {
    const everywhere: number[] = [];
    const localOnly: number[] = [];
    pair.b.app.bus.subscribe('forum.updated', ({ forumId }) => void everywhere.push(forumId), { everywhere: true });
    pair.b.app.bus.subscribe('forum.updated', ({ forumId }) => void localOnly.push(forumId));
    pair.a.app.bus.subscribe('forum.updated', () => {}, { everywhere: true });
    pair.a.app.bus.publish('forum.updated', { forumId: 41 });
    await eventually(() => expect(everywhere).toEqual([41]));
    expect(localOnly).toEqual([]);
    // Published on B itself: both of B's subscribers run, once each, and nothing comes back twice.
    pair.b.app.bus.publish('forum.updated', { forumId: 42 });
    await new Promise((r) => setTimeout(r, 100));
    expect(everywhere).toEqual([41, 42]);
    expect(localOnly).toEqual([42]);
  });

  it('reports redis ok in /api/health, down while Redis is away, and recovers by itself', async () => {
    const health = async () => (await pair.a.app.inject({ method: 'GET', url: '/api/health' })).json();
    expect(await health()).toMatchObject({ status: 'ok', redis: 'ok' });
    let resynced = 0;
    pair.a.app.shared.onResync(() => void (resynced += 1));
    await redis.stop();
    await eventually(async () => expect(await health()).toMatchObject({ status: 'ok', redis: 'down' }));
    expect(pair.a.app.shared.coherent()).toBe(false);
    // Still serving reads and writes meanwhile.
    const member = await registerUser(pair.a.app, { username: 'sin_redis' });
    expect(member.user.username).toBe('sin_redis');
    await redis.start();
    await eventually(async () => expect(await health()).toMatchObject({ redis: 'ok' }), 8_000);
    expect(resynced).toBe(1);
    expect(pair.a.app.shared.coherent()).toBe(true);
  });
});
