/**
 * Account basics over the API: the password change and its rules, the list of sessions (device,
 * address, last seen, which is this one) with revoke, and scoped API tokens.
 */
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { onPostgres } from '../../db/engine.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { ORIGIN, registerUser, sessionCookieOf } from '../helpers/accounts.ts';

let t: TestApp;
beforeEach(async () => {
  t = await buildTestApp();
});
afterEach(async () => {
  await t.app.close();
});

const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
const ANDROID = 'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36';

async function login(account: { username: string; password: string }, userAgent: string, address = '127.0.0.1') {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    headers: { origin: ORIGIN, 'user-agent': userAgent },
    remoteAddress: address,
    payload: { username: account.username, password: account.password },
  });
  expect(response.statusCode).toBe(200);
  return sessionCookieOf(response);
}

async function token(cookie: string, scope?: 'read' | 'read+write') {
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/me/tokens',
    headers: { origin: ORIGIN, cookie },
    payload: { name: 'script', ...(scope ? { scope } : {}) },
  });
  expect(created.statusCode).toBe(201);
  return created.json() as { token: string; item: { id: number; scope: string } };
}

describe('changing the password', () => {
  it('asks for the current password and applies the registration rules to the new one', async () => {
    const account = await registerUser(t.app);
    const change = (payload: object) =>
      t.app.inject({ method: 'POST', url: '/api/me/password', headers: { origin: ORIGIN, cookie: account.cookie }, payload });
    const wrong = await change({ currentPassword: 'no-es-la-clave-1', newPassword: 'una-clave-nueva-larga-1' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error).toMatchObject({ code: 'WRONG_PASSWORD', field: 'currentPassword' });
    expect((await change({ currentPassword: account.password, newPassword: 'corta' })).json().error).toMatchObject({ code: 'PASSWORD_TOO_SHORT', field: 'newPassword' });
    expect((await change({ currentPassword: account.password, newPassword: 'password123' })).json().error.code).toBe('PASSWORD_TOO_COMMON');
    expect((await change({ currentPassword: account.password, newPassword: account.password })).json().error.code).toBe('PASSWORD_UNCHANGED');
    expect((await change({ currentPassword: account.password, newPassword: 'una-clave-nueva-larga-1' })).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'POST', url: '/api/me/password', headers: { origin: ORIGIN }, payload: { currentPassword: 'x', newPassword: 'y' } })).statusCode).toBe(401);
  });

  it('cannot be done with an API token, whatever its scope', async () => {
    const account = await registerUser(t.app);
    for (const scope of ['read', 'read+write'] as const) {
      const { token: secret } = await token(account.cookie, scope);
      const changed = await t.app.inject({
        method: 'POST',
        url: '/api/me/password',
        headers: { authorization: `Bearer ${secret}` },
        payload: { currentPassword: account.password, newPassword: 'una-clave-nueva-larga-2' },
      });
      expect(changed.statusCode).toBe(403);
      expect(['TOKEN_SCOPE', 'SESSION_REQUIRED']).toContain(changed.json().error.code);
    }
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { origin: ORIGIN }, payload: { username: account.username, password: account.password } });
    expect(login.statusCode).toBe(200);
  });
});

describe('the list of sessions', () => {
  it('shows each browser (device, address, last seen), marks this one, and never the secret', async () => {
    const account = await registerUser(t.app);
    const laptop = await login(account, FIREFOX, '10.1.2.3');
    const phone = await login(account, ANDROID, '10.9.8.7');
    const list = await t.app.inject({ url: '/api/me/sessions', headers: { cookie: laptop } });
    expect(list.statusCode).toBe(200);
    const items = list.json().items as { id: string; device: string; address: string; lastSeenAt: string; current: boolean }[];
    expect(items).toHaveLength(3);
    const current = items.filter((s) => s.current);
    expect(current).toHaveLength(1);
    expect(current[0]).toMatchObject({ device: 'Firefox · Linux', address: '10.1.2.3' });
    expect(items.find((s) => s.address === '10.9.8.7')).toMatchObject({ device: 'Chrome · Android', current: false });
    expect(items.every((s) => typeof s.lastSeenAt === 'string')).toBe(true);
    for (const cookie of [account.cookie, laptop, phone]) expect(list.body).not.toContain(cookie.split('=')[1]);
  });

  it('revokes one session by its id; another account cannot revoke it', async () => {
    const account = await registerUser(t.app);
    const other = await registerUser(t.app);
    const phone = await login(account, ANDROID);
    const items = (await t.app.inject({ url: '/api/me/sessions', headers: { cookie: account.cookie } })).json().items as { id: string; current: boolean }[];
    const phoneId = items.find((s) => !s.current)!.id;

    const foreign = await t.app.inject({ method: 'DELETE', url: `/api/me/sessions/${phoneId}`, headers: { origin: ORIGIN, cookie: other.cookie } });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().error.code).toBe('SESSION_NOT_FOUND');
    expect((await t.app.inject({ url: '/api/me', headers: { cookie: phone } })).statusCode).toBe(200);

    const revoked = await t.app.inject({ method: 'DELETE', url: `/api/me/sessions/${phoneId}`, headers: { origin: ORIGIN, cookie: account.cookie } });
    expect(revoked.statusCode).toBe(204);
    expect((await t.app.inject({ url: '/api/me', headers: { cookie: phone } })).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/api/me', headers: { cookie: account.cookie } })).statusCode).toBe(200);
  });

  it('writes last-seen at most every few minutes, not on every request', async () => {
    const account = await registerUser(t.app);
    const writes = onPostgres ? rowVersions : () => (t.database.sqlite.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
    await t.app.inject({ url: '/api/me', headers: { cookie: account.cookie } });
    const before = writes();
    for (let i = 0; i < 5; i++) await t.app.inject({ url: '/api/me', headers: { cookie: account.cookie } });
    expect(writes()).toBe(before);
  });
});

/**
 * PostgreSQL's counterpart of SQLite's total_changes(): every row a write touches gets a new
 * version stamped with the writing transaction (xmin), so each table's row count and newest
 * stamp change with any insert, update or delete in this test's database.
 */
function rowVersions(): string {
  const perTable = t.database.sqlite
    .prepare(`SELECT format('SELECT %L AS t, count(*) AS n, max(xmin::text::bigint) AS x FROM %I', tablename, tablename) FROM pg_tables WHERE schemaname = 'public'`)
    .pluck()
    .all() as string[];
  return JSON.stringify(t.database.sqlite.prepare(`SELECT * FROM (${perTable.join(' UNION ALL ')}) s ORDER BY t`).all());
}

describe('scoped API tokens', () => {
  it('makes read tokens by default: they read, and every write is a 403 TOKEN_SCOPE', async () => {
    const account = await registerUser(t.app);
    const { token: secret, item } = await token(account.cookie);
    expect(item.scope).toBe('read');
    const bearer = { authorization: `Bearer ${secret}` };
    expect((await t.app.inject({ url: '/api/me', headers: bearer })).statusCode).toBe(200);
    for (const [method, url, payload] of [
      ['PATCH', '/api/me', { bio: 'escrito con una clave de lectura' }],
      ['POST', '/api/communities', { slug: 'lectura', name: 'Lectura', description: '', visibility: 'public', joinPolicy: 'open' }],
      ['DELETE', `/api/me/tokens/${item.id}`, undefined],
      ['POST', '/api/auth/logout', undefined],
    ] as const) {
      const refused = await t.app.inject({ method, url, headers: bearer, ...(payload ? { payload } : {}) });
      expect(refused.statusCode, `${method} ${url}`).toBe(403);
      expect(refused.json().error.code).toBe('TOKEN_SCOPE');
    }
    const me = (await t.app.inject({ url: '/api/me', headers: bearer })).json().user;
    expect(me.bio).toBe('');
  });

  it('lets read+write tokens write, but no token can create tokens', async () => {
    const account = await registerUser(t.app);
    const { token: secret, item } = await token(account.cookie, 'read+write');
    expect(item.scope).toBe('read+write');
    const bearer = { authorization: `Bearer ${secret}` };
    expect((await t.app.inject({ method: 'PATCH', url: '/api/me', headers: bearer, payload: { bio: 'Desde un script' } })).statusCode).toBe(200);
    const minted = await t.app.inject({ method: 'POST', url: '/api/me/tokens', headers: bearer, payload: { name: 'otra', scope: 'read+write' } });
    expect(minted.statusCode).toBe(403);
    expect(minted.json().error.code).toBe('SESSION_REQUIRED');
    const list = (await t.app.inject({ url: '/api/me/tokens', headers: { cookie: account.cookie } })).json().items;
    expect(list).toHaveLength(1);
  });

  it('keeps tokens made before scopes existed working as read+write', async () => {
    const account = await registerUser(t.app);
    // A row as it was before the scope column: the migration's default gives it its scope.
    const secret = 'minga_pat_' + 'a'.repeat(43);
    t.database.sqlite
      .prepare('INSERT INTO api_tokens (user_id, name, token_hash, prefix, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(account.user.id, 'antigua', createHash('sha256').update(secret).digest('hex'), secret.slice(0, 16), Date.now());
    const wrote = await t.app.inject({ method: 'PATCH', url: '/api/me', headers: { authorization: `Bearer ${secret}` }, payload: { bio: 'Sigue escribiendo' } });
    expect(wrote.statusCode).toBe(200);
    const list = (await t.app.inject({ url: '/api/me/tokens', headers: { cookie: account.cookie } })).json().items;
    expect(list[0]).toMatchObject({ name: 'antigua', scope: 'read+write' });
  });
});

describe('a suspended account', () => {
  it('can still be taken back by its owner: a new password and the other sessions ended, while writing stays refused', async () => {
    const admin = await registerUser(t.app);
    expect(admin.user.role).toBe('admin');
    const member = await registerUser(t.app);
    const until = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const suspended = await t.app.inject({
      method: 'POST',
      url: `/api/users/${member.user.id}/suspension`,
      headers: { origin: ORIGIN, cookie: admin.cookie },
      payload: { until, reason: 'Cuenta tomada por un tercero' },
    });
    expect(suspended.statusCode).toBe(200);
    const write = (url: string, payload?: object) =>
      t.app.inject({ method: 'POST', url, headers: { origin: ORIGIN, cookie: member.cookie }, ...(payload ? { payload } : {}) });

    expect((await write('/api/me/password', { currentPassword: member.password, newPassword: 'recuperada-por-su-duena-7' })).statusCode).toBe(204);
    const elsewhere = await login({ ...member, password: 'recuperada-por-su-duena-7' }, ANDROID, '10.0.0.9');
    expect((await write('/api/me/sessions/revoke-others')).json()).toMatchObject({ revoked: 1 });
    expect((await t.app.inject({ url: '/api/me', headers: { cookie: elsewhere } })).statusCode).toBe(401);
    const other = await t.app.inject({ method: 'PATCH', url: '/api/me', headers: { origin: ORIGIN, cookie: member.cookie }, payload: { displayName: 'Otro' } });
    expect(other.json().error.code).toBe('ACCOUNT_SUSPENDED');
  });
});
