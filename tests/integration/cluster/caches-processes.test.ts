/**
 * Issue 20's headline for caches, with two real Minga processes on one SQLite file and a real
 * Redis: the thread page process A has cached shows the post written through process B, a trust
 * setting changed on A applies on B at once, and a session signed out through B is refused on A.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { eventually } from '../../helpers/cluster.ts';
import { EVERYONE_TRUSTED } from '../../helpers/moderation.ts';
import { ensureServerBuilt, setUpThread, startServerProcess, type ServerProcess } from '../../helpers/process.ts';
import { startRedis, type TestRedis } from '../../helpers/redis.ts';

let redis: TestRedis;
let dir: string;
let a: ServerProcess;
let b: ServerProcess;

beforeAll(async () => {
  await ensureServerBuilt();
  redis = await startRedis();
  dir = mkdtempSync(join(tmpdir(), 'minga-caches-'));
  const env = { MINGA_DB: join(dir, 'minga.db'), MINGA_REDIS_URL: redis.url, MINGA_REDIS_PREFIX: redis.prefix() };
  a = await startServerProcess(env);
  b = await startServerProcess(env);
}, 180_000);
afterAll(async () => {
  for (const server of [a, b]) {
    if (!server) continue;
    server.child.kill('SIGKILL');
    await server.exited;
  }
  await redis?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const json = (body: unknown) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

async function register(url: string, username: string): Promise<string> {
  const response = await fetch(`${url}/api/auth/register`, {
    ...json({ username, email: `${username}@example.org`, password: 'tejido-andino-2026', displayName: username }),
    headers: { 'content-type': 'application/json', origin: url },
  });
  expect(response.status).toBe(201);
  return response.headers.getSetCookie().find((c) => c.startsWith('minga_session='))!.split(';')[0]!;
}

it("serves B's writes from A's caches: thread page, trust settings, sessions", async () => {
  const { cookie: adminCookie, bearer, threadId } = await setUpThread(a.url, 'caches_proc');
  const page = async () => JSON.stringify(await (await fetch(`${a.url}/api/threads/${threadId}`)).json());
  expect(await page()).toContain('Primer mensaje');
  expect(await page()).not.toContain('Escrito en B');

  // The thread page A keeps shows a post written through B.
  const posted = await fetch(`${b.url}/api/threads/${threadId}/posts`, { ...json({ body: 'Escrito en B, leído en A' }), headers: bearer });
  expect(posted.status).toBe(201);
  await eventually(async () => expect(await page()).toContain('Escrito en B, leído en A'));

  // A trust setting changed on A applies to a member posting on B.
  const settings = (url: string, value: object) =>
    fetch(`${url}/api/moderation/settings`, { method: 'PUT', headers: { 'content-type': 'application/json', origin: url, cookie: adminCookie }, body: JSON.stringify(value) });
  expect((await settings(b.url, EVERYONE_TRUSTED)).status).toBe(200);
  const member = await register(b.url, 'miembro_b');
  const asMember = { 'content-type': 'application/json', origin: b.url, cookie: member };
  expect((await fetch(`${b.url}/api/communities/caches-proc/join`, { method: 'POST', headers: asMember, body: '{}' })).status).toBeLessThan(300);
  const twoLinks = 'Dos [enlaces](https://example.org/1) [aquí](https://example.org/2)';
  const reply = (body: string) => fetch(`${b.url}/api/threads/${threadId}/posts`, { method: 'POST', headers: asMember, body: JSON.stringify({ body }) });
  expect((await reply(twoLinks)).status).toBe(201);
  expect((await settings(a.url, { ...EVERYONE_TRUSTED, newAccountHours: 24, newAccountMinPosts: 50, newUser: { ...EVERYONE_TRUSTED.newUser, linksPerPost: 1 } })).status).toBe(200);
  await eventually(async () => {
    const refused = await reply(`${twoLinks} otra vez`);
    expect(refused.status).toBe(400);
    expect((await refused.json()).error.code).toBe('TOO_MANY_LINKS');
  });

  // A session signed out through B is refused on A.
  const me = () => fetch(`${a.url}/api/me`, { headers: { cookie: member } });
  expect((await me()).status).toBe(200);
  expect((await fetch(`${b.url}/api/auth/logout`, { method: 'POST', headers: { origin: b.url, cookie: member } })).status).toBe(204);
  await eventually(async () => expect((await me()).status).toBe(401), 1_000);
}, 60_000);
