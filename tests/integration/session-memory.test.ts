/**
 * Validated sessions are remembered for a moment (a reader's burst of requests looks the
 * session up once): ending a session or changing the account must still act at once. Each case
 * first makes a request with the session (so it is remembered), then changes it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { ORIGIN, registerUser, sessionCookieOf } from '../helpers/accounts.ts';

let t: TestApp;
let admin: Awaited<ReturnType<typeof registerUser>>;
beforeAll(async () => {
  t = await buildTestApp();
  admin = await registerUser(t.app); // the first account is the admin
});
afterAll(async () => {
  await t.app.close();
});

const me = (cookie: string) => t.app.inject({ url: '/api/me', headers: { cookie } });
const post = (cookie: string, url: string, payload: object = {}) => t.app.inject({ method: 'POST', url, headers: { origin: ORIGIN, cookie }, payload });

async function login(account: { username: string; password: string }) {
  const response = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { origin: ORIGIN }, payload: { username: account.username, password: account.password } });
  expect(response.statusCode).toBe(200);
  return sessionCookieOf(response);
}

describe('a remembered session', () => {
  it('signing out ends it at once', async () => {
    const account = await registerUser(t.app);
    expect((await me(account.cookie)).statusCode).toBe(200);
    expect((await post(account.cookie, '/api/auth/logout')).statusCode).toBeLessThan(300);
    expect((await me(account.cookie)).statusCode).toBe(401);
  });

  it('"sign out everywhere else" ends the other sessions at once', async () => {
    const account = await registerUser(t.app);
    const phone = await login(account);
    expect((await me(phone)).statusCode).toBe(200);
    expect((await post(account.cookie, '/api/me/sessions/revoke-others')).json()).toMatchObject({ revoked: 1 });
    expect((await me(phone)).statusCode).toBe(401);
    expect((await me(account.cookie)).statusCode).toBe(200);
  });

  it('a new role, name or language shows on the next request', async () => {
    const account = await registerUser(t.app);
    expect((await me(account.cookie)).json().user.role).toBe('member');
    const changed = await t.app.inject({ method: 'PATCH', url: `/api/users/${account.user.id}/role`, headers: { origin: ORIGIN, cookie: admin.cookie }, payload: { role: 'editor' } });
    expect(changed.statusCode, changed.body).toBe(200);
    expect((await me(account.cookie)).json().user.role).toBe('editor');

    const patched = await t.app.inject({ method: 'PATCH', url: '/api/me', headers: { origin: ORIGIN, cookie: account.cookie }, payload: { displayName: 'Nombre Nuevo', locale: 'pt' } });
    expect(patched.statusCode, patched.body).toBe(200);
    const after = await me(account.cookie);
    expect(after.json().user.displayName).toBe('Nombre Nuevo');
    // The language of the account's messages follows at once too.
    const missing = await t.app.inject({ url: '/api/threads/999999', headers: { cookie: account.cookie } });
    expect(missing.json().error.message).toMatch(/não|Não/);
  });
});
