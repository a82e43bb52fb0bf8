/**
 * What crosses Redis between processes (issue 20) holds no secret and no personal data it need
 * not: a subscriber to every channel of the site's prefix, as anyone reading Redis could be,
 * watches two real apps sign in, sign out, change a password and erase an account; the sockets'
 * stream, where changes of access cross too, is read as well.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORIGIN, registerUser, sessionCookieOf } from '../../helpers/accounts.ts';
import { buildAppPair, eventually, type AppPair } from '../../helpers/cluster.ts';
import { as } from '../../helpers/forums.ts';
import { startRedis, type TestRedis } from '../../helpers/redis.ts';

let redis: TestRedis;
let pair: AppPair;
let watcher: Redis;
const seen: string[] = [];

beforeAll(async () => {
  redis = await startRedis();
  pair = await buildAppPair(redis);
  watcher = new Redis(redis.url);
  watcher.on('pmessageBuffer', (_pattern: Buffer, _channel: Buffer, message: Buffer) => seen.push(message.toString('latin1')));
  await watcher.psubscribe(`${pair.prefix}*`);
  // The site admin first (the first account), so the next ones are plain members.
  await registerUser(pair.a.app);
});
afterAll(async () => {
  watcher?.disconnect();
  await pair?.close();
  await redis?.close();
});

const A = () => pair.a.app;
const B = () => pair.b.app;

describe('messages between processes', () => {
  it('carry neither session ids nor passwords through sign-in, password change and sign-out', async () => {
    const member = await registerUser(A());
    const login = await B().inject({ method: 'POST', url: '/api/auth/login', headers: { origin: ORIGIN }, payload: { username: member.username, password: member.password } });
    expect(login.statusCode).toBe(200);
    const second = { ...member, cookie: sessionCookieOf(login) };
    const before = seen.length;
    const changed = await as(A(), member).post('/api/me/password', { currentPassword: member.password, newPassword: 'otra-clave-larga-2026' });
    expect(changed.statusCode, changed.body).toBeLessThan(300);
    await as(B(), member).post('/api/auth/logout');
    // The ended sessions did cross, so the check below is about their content. A change of
    // access crosses on the sockets' stream, ahead of the broadcasts after it (access-order.ts).
    const crossed = await eventually(async () => {
      const all = [...seen.slice(before), ...(await streamed())];
      expect(all.filter((m) => m.includes('"session.ended"')).length).toBeGreaterThanOrEqual(2);
      return all;
    });
    const secrets = [member.cookie, second.cookie].map((c) => c.split('=')[1]!).concat([member.password, 'otra-clave-larga-2026']);
    for (const message of [...seen, ...crossed]) for (const secret of secrets) expect(message).not.toContain(secret);
  });

  it('do not carry the address of an account being erased', async () => {
    const leaving = await registerUser(A());
    const before = seen.length;
    const erased = await A().inject({
      method: 'DELETE',
      url: '/api/me',
      headers: { origin: ORIGIN, cookie: leaving.cookie },
      payload: { password: leaving.password, posts: 'keep' },
    });
    expect(erased.statusCode, erased.body).toBe(204);
    // The erasure's last relayed event (the account changed) has crossed: everything before it too.
    await eventually(() => expect(seen.slice(before).some((m) => m.includes('"user.updated"') && m.includes(`"userId":${leaving.user.id}`))).toBe(true));
    for (const message of [...seen.slice(before), ...(await streamed())]) expect(message).not.toContain(leaving.email);
  });

  it('leave no address or email in the names of the limits kept in Redis', async () => {
    const email = `olvido_${Date.now()}@example.org`;
    const asked = await A().inject({ method: 'POST', url: '/api/auth/password-reset', headers: { origin: ORIGIN }, payload: { email } });
    expect(asked.statusCode, asked.body).toBe(202);
    const keys = await watcherKeys();
    // The limits were counted in Redis (so the check is about their names).
    expect(keys.some((key) => key.startsWith(`${pair.prefix}rate-limit:`))).toBe(true);
    for (const key of keys) {
      expect(key).not.toContain(email);
      expect(key).not.toContain('127.0.0.1');
    }
  });
});

async function watcherKeys(): Promise<string[]> {
  const reader = new Redis(redis.url);
  try {
    return await reader.keys(`${pair.prefix}*`);
  } finally {
    reader.disconnect();
  }
}

/** The entries of the sockets' stream (broadcasts, and the changes of access told ahead of them), as text. */
async function streamed(): Promise<string[]> {
  const reader = new Redis(redis.url);
  try {
    const entries = (await reader.xrange(`${pair.prefix}socket.io`, '-', '+')) as [string, string[]][];
    return entries.map(([, fields]) => fields.join(' '));
  } finally {
    reader.disconnect();
  }
}
