/**
 * Limits across processes (issue 20): two apps on one SQLite file and one Redis give a client one
 * budget, not one each — the posting limits (our own windows, relayed between processes) and a
 * `@fastify/rate-limit` route (counted in Redis). With Redis stopped every process still
 * enforces its limits alone (never unlimited, never a 5xx); once Redis is back they are shared
 * again, and the posts made during the outage count on the other process too.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../../server/app.ts';
import { defaultRateLimits } from '../../../server/config.ts';
import { ORIGIN } from '../../helpers/accounts.ts';
import { buildAppPair, eventually, type AppPair } from '../../helpers/cluster.ts';
import { as, buildWorld, startThread, type World } from '../../helpers/forums.ts';
import { setTrust } from '../../helpers/moderation.ts';
import { startRedis, type TestRedis } from '../../helpers/redis.ts';

const SEARCHES = 6;
const POSTS_PER_MINUTE = 4;

let redis: TestRedis;
let pair: AppPair;
let w: World;
let threadId: number;

beforeAll(async () => {
  redis = await startRedis();
  pair = await buildAppPair(redis, { rateLimits: { ...defaultRateLimits(), search: { max: SEARCHES, windowMs: 60_000 } } });
  w = await buildWorld(pair.a.app);
  // An admin's change of the trust settings, made on each process (the settings' own cache is not what is tested here).
  for (const app of [pair.a.app, pair.b.app]) await setTrust(app, w, { postsPerMinute: POSTS_PER_MINUTE, postsPerMinutePerAddress: 1000 });
  threadId = (await startThread(pair.a.app, w.admin, w.forumId)).thread.id;
}, 30_000);
afterAll(async () => {
  await pair?.close();
  await redis?.close();
});

/**
 * Resolves once everything `from` published before has reached `to`: the processes' messages
 * travel on one Redis channel, in order, so a marker that arrived means the hits before it did.
 * A client's next request usually takes longer than that; in-process injection does not.
 */
async function relayed(from: App, to: App): Promise<void> {
  if (from.shared.status() !== 'ok' || to.shared.status() !== 'ok') return;
  const marker = randomUUID();
  let seen = false;
  const stop = to.shared.subscribe('test:marker', (payload) => void (seen ||= payload === marker));
  try {
    await eventually(() => {
      if (!seen) {
        from.shared.publish('test:marker', marker);
        throw new Error('marker not relayed yet');
      }
    });
  } finally {
    stop();
  }
}

let posts = 0;
async function post(app: App, account: World['member']) {
  posts += 1;
  const response = await as(app, account).post(`/api/threads/${threadId}/posts`, { body: `Respuesta número ${posts} sobre la evaluación dual` });
  await relayed(app, app === pair.a.app ? pair.b.app : pair.a.app);
  return response;
}

function search(app: App, address: string) {
  return app.inject({ method: 'GET', url: '/api/search?q=formacion', remoteAddress: address, headers: { origin: ORIGIN } });
}

async function searchAndRelay(app: App, address: string) {
  const response = await search(app, address);
  await relayed(app, app === pair.a.app ? pair.b.app : pair.a.app);
  return response;
}

describe('limits counted across processes', () => {
  it('posts of one account alternating between the processes meet one per-minute limit, refused on both', async () => {
    for (let i = 0; i < POSTS_PER_MINUTE; i += 1) {
      const response = await post(i % 2 ? pair.b.app : pair.a.app, w.member);
      expect(response.statusCode, response.body).toBe(201);
    }
    for (const app of [pair.a.app, pair.b.app]) {
      const refused = await post(app, w.member);
      expect(refused.statusCode, refused.body).toBe(429);
      expect(refused.json().error.code).toBe('POST_RATE_LIMITED');
    }
    // Another account is not affected.
    expect((await post(pair.b.app, w.moderator)).statusCode).toBe(201);
  });

  it('a @fastify/rate-limit route (search) gives an address one budget across both processes', async () => {
    const address = '10.20.0.1';
    for (let i = 0; i < SEARCHES; i += 1) {
      const response = await searchAndRelay(i % 2 ? pair.b.app : pair.a.app, address);
      expect(response.statusCode, response.body).toBe(200);
    }
    for (const app of [pair.a.app, pair.b.app]) {
      const refused = await search(app, address);
      expect(refused.statusCode).toBe(429);
      expect(refused.json().error.code).toBe('RATE_LIMITED');
    }
    expect((await search(pair.b.app, '10.20.0.2')).statusCode).toBe(200);
  });

  it('a Redis that takes connections but does not answer holds no request: counted here instead', async () => {
    const info = await pair.a.app.shared.redis!.info('server');
    const pid = Number(/process_id:(\d+)/.exec(info)![1]);
    process.kill(pid, 'SIGSTOP');
    try {
      const started = Date.now();
      const answered = await Promise.race([
        search(pair.a.app, '10.40.0.1').then((response) => response.statusCode),
        new Promise<string>((resolve) => setTimeout(() => resolve('no answer within 3 s'), 3_000)),
      ]);
      expect(answered).toBe(200);
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      process.kill(pid, 'SIGCONT');
    }
  });

  it('with Redis stopped each process still enforces its limits alone, without a 5xx; once back they are shared again', async () => {
    const health = async (app: App) => (await app.inject({ method: 'GET', url: '/api/health' })).json();
    await redis.stop();
    await eventually(async () => {
      expect(await health(pair.a.app)).toMatchObject({ redis: 'down' });
      expect(await health(pair.b.app)).toMatchObject({ redis: 'down' });
    });

    // A route limit: counted on A alone, still refused after its budget.
    const address = '10.30.0.1';
    for (let i = 0; i < SEARCHES; i += 1) expect((await search(pair.a.app, address)).statusCode).toBe(200);
    expect((await search(pair.a.app, address)).statusCode).toBe(429);

    // The posting limit: on A alone, still refused after its budget.
    const author = w.outsider;
    await as(pair.a.app, author).post(`/api/communities/${w.slug}/join`);
    for (let i = 0; i < POSTS_PER_MINUTE; i += 1) expect((await post(pair.a.app, author)).statusCode).toBe(201);
    const refused = await post(pair.a.app, author);
    expect(refused.statusCode, refused.body).toBe(429);
    expect(refused.json().error.code).toBe('POST_RATE_LIMITED');

    await redis.start();
    await eventually(async () => {
      expect(await health(pair.a.app)).toMatchObject({ redis: 'ok' });
      expect(await health(pair.b.app)).toMatchObject({ redis: 'ok' });
    }, 10_000);

    // The posts A counted during the outage reach B once Redis is back: the author's minute is
    // used up there too. (B's request for the outage's hits reached A, and A's answer reached B.)
    await relayed(pair.b.app, pair.a.app);
    await relayed(pair.a.app, pair.b.app);
    const late = await post(pair.b.app, author);
    expect(late.statusCode, late.body).toBe(429);
    expect(late.json().error.code).toBe('POST_RATE_LIMITED');

    // Shared again: a new address alternating between the processes meets one budget.
    const after = '10.30.0.2';
    for (let i = 0; i < SEARCHES; i += 1) {
      const response = await searchAndRelay(i % 2 ? pair.b.app : pair.a.app, after);
      expect(response.statusCode, response.body).toBe(200);
    }
    for (const app of [pair.a.app, pair.b.app]) expect((await search(app, after)).statusCode).toBe(429);
  }, 30_000);
});
