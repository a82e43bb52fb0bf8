import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildTestApp, type TestApp, type TestAppOptions } from './app.ts';
import type { TestRedis } from './redis.ts';

/**
 * Two whole apps, as two processes would be (issue 20): one SQLite file, one Redis, each with
 * its own database connection, caches, bus and Socket.IO server. In-process, so a test can
 * inject into either; tests/integration/workers-*.test.ts also start real processes.
 */
export interface AppPair {
  a: TestApp;
  b: TestApp;
  dbFile: string;
  prefix: string;
  close(): Promise<void>;
}

/** `sides`: options for one app only (a slow process beside a fast one). */
export async function buildAppPair(redis: TestRedis, options: TestAppOptions = {}, sides: { a?: TestAppOptions; b?: TestAppOptions } = {}): Promise<AppPair> {
  const dir = mkdtempSync(join(tmpdir(), 'minga-pair-'));
  const dbFile = join(dir, 'minga.db');
  const prefix = redis.prefix();
  const cluster = { workers: 2, redisUrl: redis.url, redisPrefix: prefix };
  const a = await buildTestApp({ ...options, ...sides.a, dbFile, cluster });
  const b = await buildTestApp({ ...options, ...sides.b, dbFile, cluster, skipSeed: true });
  await Promise.all([untilShared(a), untilShared(b)]);
  return {
    a,
    b,
    dbFile,
    prefix,
    async close() {
      await Promise.allSettled([a.app.close(), b.app.close()]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Both apps listening on loopback ports of their own; their base URLs. */
export async function listenPair(pair: AppPair): Promise<{ a: string; b: string }> {
  const urls = { a: '', b: '' };
  for (const side of ['a', 'b'] as const) {
    await pair[side].app.listen({ port: 0, host: '127.0.0.1' });
    const address = pair[side].app.server.address();
    if (!address || typeof address === 'string') throw new Error('no port');
    urls[side] = `http://127.0.0.1:${address.port}`;
  }
  return urls;
}

/** Resolves once the app's Redis connections are both up. */
export async function untilShared({ app }: TestApp, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (app.shared.status() !== 'ok') {
    if (Date.now() > deadline) throw new Error(`redis not connected: ${app.shared.status()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Polls `check` until it holds (messages between processes take a moment), or fails with its last error. */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 3_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}
