import { generateSync } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../server/app.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { ORIGIN, registerUser } from '../helpers/accounts.ts';
import { as } from '../helpers/forums.ts';

type Account = Awaited<ReturnType<typeof registerUser>>;

const codeFor = (secret: string, offsetSteps = 0) => generateSync({ secret, epoch: Math.floor(Date.now() / 1000) + offsetSteps * 30 });

/** A six-digit code that is none of the ones the authenticator could show now. */
function wrongCode(secret: string): string {
  const near = new Set([-2, -1, 0, 1, 2].map((offset) => codeFor(secret, offset)));
  for (let n = 0; ; n++) {
    const code = String(n).padStart(6, '0');
    if (!near.has(code)) return code;
  }
}

/** Issue 19's new ways in, attacked through the API. */
describe('attacks on the sign-in and its second step', () => {
  let t: TestApp;
  let app: App;

  beforeAll(async () => {
    t = await buildTestApp();
    app = t.app;
  });
  afterAll(() => app.close());

  const login = (account: Account, remoteAddress: string) =>
    app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress, headers: { origin: ORIGIN }, payload: { username: account.username, password: account.password } });
  const second = (challenge: string, code: string, remoteAddress: string) =>
    app.inject({ method: 'POST', url: '/api/auth/login/second-factor', remoteAddress, headers: { origin: ORIGIN, cookie: challenge }, payload: { code } });
  const challengeOf = (response: Awaited<ReturnType<typeof login>>) => `minga_login=${response.cookies.find((c) => c.name === 'minga_login')!.value}`;

  async function withTotp(): Promise<{ account: Account; secret: string }> {
    const account = await registerUser(app);
    const { secret } = (await as(app, account).post('/api/me/2fa/totp')).json();
    expect((await as(app, account).post('/api/me/2fa/totp/confirm', { code: codeFor(secret) })).statusCode).toBe(200);
    return { account, secret };
  }

  it('a stolen password guessing the code from many addresses and sign-ins is stopped per account, not only per address', async () => {
    const { account, secret } = await withTotp();
    // Each address stays far under its own budget; together they guess at one account.
    for (let n = 0; n < 5; n++) {
      const address = `203.0.113.${10 + n}`;
      const first = await login(account, address);
      expect(first.statusCode).toBe(401);
      const challenge = challengeOf(first);
      for (let guess = 0; guess < 2; guess++) {
        const answer = await second(challenge, wrongCode(secret), address);
        expect(answer.json().error.code).toBe('INVALID_SECOND_FACTOR');
      }
    }
    // Ten wrong codes later, the account's second step waits, from any address (a right code too).
    const fresh = await login(account, '198.51.100.7');
    const waited = await second(challengeOf(fresh), codeFor(secret, 1), '198.51.100.7');
    expect(waited.statusCode).toBe(429);
    expect(waited.json().error.code).toBe('RATE_LIMITED');
    expect(waited.cookies.find((c) => c.name === 'minga_session' && c.value)).toBeUndefined();
  });

  it('a taken session guessing the code to turn the factor off is stopped per account, from any address', async () => {
    const { account, secret } = await withTotp();
    const off = (code: string, remoteAddress: string) =>
      app.inject({ method: 'DELETE', url: '/api/me/2fa/totp', remoteAddress, headers: { origin: ORIGIN, cookie: account.cookie }, payload: { code } });
    for (let n = 0; n < 5; n++) {
      for (let guess = 0; guess < 2; guess++) {
        const answer = await off(wrongCode(secret), `192.0.2.${20 + n}`);
        expect(answer.json().error.code).toBe('INVALID_SECOND_FACTOR');
      }
    }
    const waited = await off(codeFor(secret, 1), '192.0.2.99');
    expect(waited.statusCode).toBe(429);
    expect((await as(app, account).get('/api/me/2fa')).json()).toMatchObject({ totp: true });
  });

  it('a passkey (which signs in by itself) is added to an account with a second factor only after a fresh factor, not the password alone', async () => {
    const { account, secret } = await withTotp();
    const withPassword = await as(app, account).post('/api/me/passkeys/options', { password: account.password });
    expect(withPassword.statusCode).toBe(400);
    expect(withPassword.json().error.code).toBe('PASSKEY_ADD_FACTOR_REQUIRED');
    const withCode = await as(app, account).post('/api/me/passkeys/options', { code: codeFor(secret, 1) });
    expect(withCode.statusCode).toBe(200);
    // Without a second factor the password is enough, as for any sensitive change.
    const plain = await registerUser(app);
    expect((await as(app, plain).post('/api/me/passkeys/options', { password: plain.password })).statusCode).toBe(200);
  });

  it('an API token, whatever its scope, makes none of the sensitive changes nor reads the export link (held; a guard)', async () => {
    const { account, secret } = await withTotp();
    const made = await as(app, account).post('/api/me/tokens', { name: 'script', scope: 'read+write' });
    expect(made.statusCode).toBe(201);
    const bearer = { authorization: `Bearer ${made.json().token}` };
    const code = codeFor(secret, 1);
    const attempts: [string, string, object | undefined][] = [
      ['DELETE', '/api/me', { password: account.password, posts: 'keep' }],
      ['DELETE', '/api/me/2fa/totp', { code }],
      ['POST', '/api/me/2fa/recovery-codes', { password: account.password }],
      ['POST', '/api/me/passkeys/options', { code }],
      ['POST', '/api/me/email', { email: 'otra@example.org', currentPassword: account.password }],
      ['POST', '/api/me/password', { currentPassword: account.password, newPassword: 'otra-clave-larga-2026' }],
      ['POST', '/api/me/tokens', { name: 'otro' }],
      ['POST', '/api/me/sessions/revoke-others', {}],
      ['POST', '/api/me/export', undefined],
      ['GET', '/api/me/exports', undefined],
    ];
    for (const [method, url, payload] of attempts) {
      const answer = await app.inject({ method: method as 'GET', url, headers: bearer, ...(payload ? { payload } : {}) });
      expect([401, 403], `${method} ${url}: ${answer.body}`).toContain(answer.statusCode);
    }
    // Nothing changed: the factor is on, the account and its password are as they were.
    expect((await as(app, account).get('/api/me/2fa')).json()).toMatchObject({ totp: true, recoveryCodesLeft: 10 });
    expect((await login(account, '198.51.100.50')).statusCode).toBe(401);
  });
});
