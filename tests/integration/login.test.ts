import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { ORIGIN, registerUser, sessionCookieOf } from '../helpers/accounts.ts';

let t: TestApp;
beforeEach(async () => {
  t = await buildTestApp();
});
afterEach(async () => {
  await t.app.close();
});

function login(username: string, password: string, headers: Record<string, string> = {}) {
  return t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    headers: { origin: ORIGIN, ...headers },
    payload: { username, password },
  });
}

describe('login, me and logout', () => {
  it('logs in by username or by email, in any case, and /api/me answers with the user', async () => {
    const account = await registerUser(t.app);
    for (const identifier of [account.username, account.email.toUpperCase()]) {
      const response = await login(identifier, account.password);
      expect(response.statusCode).toBe(200);
      expect(response.json().user.username).toBe(account.username);
      const me = await t.app.inject({ url: '/api/me', headers: { cookie: sessionCookieOf(response) } });
      expect(me.json().user).toMatchObject({ id: account.user.id, email: account.email });
    }
  });

  it('gives the same 401 for a wrong password and for an unknown user', async () => {
    const account = await registerUser(t.app);
    const wrongPassword = await login(account.username, 'not-the-password-1');
    const unknownUser = await login('nobody_here', 'not-the-password-1');
    expect(wrongPassword.statusCode).toBe(401);
    expect(unknownUser.statusCode).toBe(401);
    expect(wrongPassword.json()).toEqual(unknownUser.json());
    expect(wrongPassword.json().error.code).toBe('INVALID_CREDENTIALS');
    expect(wrongPassword.cookies.find((c) => c.name === 'minga_session')).toBeUndefined();
  });

  it('answers 401 on /api/me without a session, with a message', async () => {
    const me = await t.app.inject({ url: '/api/me' });
    expect(me.statusCode).toBe(401);
    expect(me.json().error).toMatchObject({ code: 'UNAUTHENTICATED', message: 'Inicie sesión para continuar.' });
  });

  it('logs out: 204, the cookie is cleared and the old session no longer works', async () => {
    const account = await registerUser(t.app);
    const logout = await t.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { origin: ORIGIN, cookie: account.cookie },
    });
    expect(logout.statusCode).toBe(204);
    const cleared = logout.cookies.find((c) => c.name === 'minga_session')!;
    expect(cleared.value).toBe('');
    const me = await t.app.inject({ url: '/api/me', headers: { cookie: account.cookie } });
    expect(me.statusCode).toBe(401);
  });

  it('reports the session and negotiated language at /api/session', async () => {
    const anonymous = await t.app.inject({ url: '/api/session', headers: { 'accept-language': 'pt-PT' } });
    expect(anonymous.json()).toEqual({ user: null, locale: 'pt' });
    const account = await registerUser(t.app);
    const signedIn = await t.app.inject({ url: '/api/session', headers: { cookie: account.cookie } });
    expect(signedIn.json()).toMatchObject({ user: { username: account.username }, locale: 'es' });
  });

  it('limits login attempts: the 11th in a minute gets 429 with Retry-After, other accounts still log in', async () => {
    const account = await registerUser(t.app);
    const other = await registerUser(t.app);
    for (let i = 0; i < 10; i += 1) {
      expect((await login(account.username, 'wrong-password-xx')).statusCode).toBe(401);
    }
    const limited = await login(account.username, account.password, { 'accept-language': 'en' });
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.json().error.code).toBe('RATE_LIMITED');
    expect(limited.json().error.message).toMatch(/^Too many attempts\. Try again in \d+ seconds\.$/);

    expect((await login(other.username, other.password)).statusCode).toBe(200);
  });

  it('limits registrations per address', async () => {
    await t.app.close();
    t = await buildTestApp({
      rateLimits: { login: { max: 10, windowMs: 60_000 }, register: { max: 2, windowMs: 60_000 } },
    });
    await registerUser(t.app);
    await registerUser(t.app);
    const third = await t.app.inject({
      method: 'POST',
      url: '/api/auth/register',
      headers: { origin: ORIGIN },
      payload: { username: 'tercera', email: 'tercera@example.org', password: 'tejido-andino-2026' },
    });
    expect(third.statusCode).toBe(429);
    expect(third.headers['retry-after']).toBeDefined();
  });
});
