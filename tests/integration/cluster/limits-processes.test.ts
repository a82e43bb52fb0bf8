/**
 * A login limit counted across two real Minga processes (issue 20): `node dist/server/main.js`
 * twice on one SQLite file and one Redis. Failed sign-ins alternating between A and B meet the
 * limits at the same totals as on one process, and the refusal shows on both: the route's
 * limit per address and account name (`@fastify/rate-limit`, counted in Redis) and the failures
 * per address across account names (password spraying; our own window, relayed between them).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultRateLimits } from '../../../server/config.ts';
import { ensureServerBuilt, startServerProcess, type ServerProcess } from '../../helpers/process.ts';
import { startRedis, type TestRedis } from '../../helpers/redis.ts';

const PER_NAME = defaultRateLimits().login.max;
const PER_ADDRESS = defaultRateLimits().loginFailures!.max;
const PASSWORD = 'tejido-andino-2026';

let redis: TestRedis;
let dir: string;
let a: ServerProcess;
let b: ServerProcess;

beforeAll(async () => {
  await ensureServerBuilt();
  redis = await startRedis();
  dir = mkdtempSync(join(tmpdir(), 'minga-limits-'));
  const env = { MINGA_DB: join(dir, 'minga.db'), MINGA_REDIS_URL: redis.url, MINGA_REDIS_PREFIX: redis.prefix(), LOG_LEVEL: 'warn' };
  // The first creates and migrates the file; the second opens it as it is.
  a = await startServerProcess(env);
  b = await startServerProcess(env);
}, 120_000);
afterAll(async () => {
  for (const server of [a, b]) if (server && server.child.exitCode === null) server.child.kill('SIGKILL');
  await Promise.all([a?.exited, b?.exited]);
  await redis?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function login(server: ServerProcess, username: string, password = 'no-es-la-clave-1') {
  const response = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.url },
    body: JSON.stringify({ username, password }),
  });
  return { status: response.status, body: (await response.json()) as { error?: { code: string } } };
}

describe('a login limit counted across two real processes', () => {
  it('per address and account name, then per address across names: the same totals as one process, refused on both', async () => {
    const register = await fetch(`${a.url}/api/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: a.url },
      body: JSON.stringify({ username: 'quispe', email: 'quispe@example.org', password: PASSWORD, displayName: 'Marta Quispe' }),
    });
    expect(register.status).toBe(201);

    // One name guessed at, alternating between the processes: refused after PER_NAME, on both.
    for (let i = 0; i < PER_NAME; i += 1) expect((await login(i % 2 ? b : a, 'nadie')).status).toBe(401);
    for (const server of [a, b]) {
      const refused = await login(server, 'nadie');
      expect(refused.status).toBe(429);
      expect(refused.body.error?.code).toBe('RATE_LIMITED');
    }

    // A spray over many names from the same address: PER_ADDRESS failures in all, wherever they land…
    for (let i = PER_NAME; i < PER_ADDRESS; i += 1) expect((await login(i % 2 ? b : a, `nadie_${i}`)).status).toBe(401);
    // …and then even the right password waits, on either process. A failure reaches the other
    // process within milliseconds (cluster/shared-windows.ts), not before the next request can:
    // under load the last one may still be on its way, so give it that moment.
    await new Promise((resolve) => setTimeout(resolve, 250));
    for (const server of [a, b]) {
      const refused = await login(server, 'quispe', PASSWORD);
      expect(refused.status).toBe(429);
      expect(refused.body.error?.code).toBe('RATE_LIMITED');
    }
    for (const server of [a, b]) expect(server.output()).not.toMatch(/"level":50/);
  }, 60_000);
});
