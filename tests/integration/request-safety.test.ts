import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { ORIGIN, registerUser } from '../helpers/accounts.ts';
import { loseDatabase } from '../helpers/postgres.ts';

let t: TestApp;
beforeEach(async () => {
  t = await buildTestApp();
});
afterEach(async () => {
  await t.app.close();
});

async function tokenFor(cookie: string): Promise<string> {
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/me/tokens',
    headers: { origin: ORIGIN, cookie },
    payload: { name: 'script', scope: 'read+write' },
  });
  return created.json().token;
}

describe('origin check on cookie-authenticated writes', () => {
  it('refuses a write that rides on the cookie without an Origin header: 403, nothing changes', async () => {
    const account = await registerUser(t.app);
    const response = await t.app.inject({
      method: 'PATCH',
      url: '/api/me',
      headers: { cookie: account.cookie },
      payload: { bio: 'cambiado' },
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('ORIGIN_MISMATCH');
    const me = await t.app.inject({ url: '/api/me', headers: { cookie: account.cookie } });
    expect(me.json().user.bio).toBe('');
  });

  it('refuses a write from another site even with a valid cookie', async () => {
    const account = await registerUser(t.app);
    const response = await t.app.inject({
      method: 'PATCH',
      url: '/api/me',
      headers: { cookie: account.cookie, origin: 'https://evil.example' },
      payload: { bio: 'cambiado' },
    });
    expect(response.statusCode).toBe(403);
  });

  it('accepts the same write with a matching Origin', async () => {
    const account = await registerUser(t.app);
    const response = await t.app.inject({
      method: 'PATCH',
      url: '/api/me',
      headers: { cookie: account.cookie, origin: ORIGIN },
      payload: { bio: 'Formadora en Cusco' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().user.bio).toBe('Formadora en Cusco');
  });

  it('exempts bearer-token requests: 2xx without any Origin', async () => {
    const account = await registerUser(t.app);
    const token = await tokenFor(account.cookie);
    const response = await t.app.inject({
      method: 'PATCH',
      url: '/api/me',
      headers: { authorization: `Bearer ${token}` },
      payload: { bio: 'desde un script' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().user.bio).toBe('desde un script');
  });

  it('lets reads through without an Origin', async () => {
    const account = await registerUser(t.app);
    expect((await t.app.inject({ url: '/api/me', headers: { cookie: account.cookie } })).statusCode).toBe(200);
  });
});

describe('malformed input gets a 4xx in the one error shape, never a 5xx', () => {
  it('malformed JSON: 400 INVALID_JSON', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/register',
      headers: { origin: ORIGIN, 'content-type': 'application/json' },
      payload: '{"username": "ana",',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: { code: 'INVALID_JSON', message: expect.any(String) } });
  });

  it('wrong types: 400 VALIDATION_FAILED naming the field', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/register',
      headers: { origin: ORIGIN },
      payload: { username: 12345, email: 'a@b.co', password: 'tejido-andino-2026' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'username' });
  });

  it('a missing field: 400', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { origin: ORIGIN },
      payload: { username: 'ana' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('VALIDATION_FAILED');
  });

  it('unknown fields: 400 UNKNOWN_FIELD naming it', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/register',
      headers: { origin: ORIGIN, 'accept-language': 'en' },
      payload: { username: 'ana_x', email: 'a@b.co', password: 'tejido-andino-2026', role: 'admin' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toEqual({
      code: 'UNKNOWN_FIELD',
      field: 'role',
      message: 'The request has an unknown field: role.',
      params: { field: 'role' },
    });
  });

  it('an oversized body: 413 BODY_TOO_LARGE', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/register',
      headers: { origin: ORIGIN },
      payload: { username: 'ana_x', email: 'a@b.co', password: 'x'.repeat(2 * 1024 * 1024) },
    });
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('BODY_TOO_LARGE');
  });

  it('a body that is not JSON: 415', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { origin: ORIGIN, 'content-type': 'text/plain' },
      payload: 'username=ana',
    });
    expect(response.statusCode).toBe(415);
    expect(response.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('a tampered cursor: 400, not 500', async () => {
    const response = await t.app.inject({ url: '/api/institutions?cursor=not-a-cursor' });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'cursor' });
  });

  it('an invalid bearer token: 401', async () => {
    const response = await t.app.inject({ url: '/api/me', headers: { authorization: 'Bearer minga_pat_nope' } });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('UNAUTHENTICATED');
  });
});

describe('paths', () => {
  it('an unknown /api path gives a JSON 404', async () => {
    for (const url of ['/api/nope', '/api/users/ana/secret', '/api']) {
      const response = await t.app.inject({ url });
      expect(response.statusCode).toBe(404);
      expect(response.headers['content-type']).toMatch(/application\/json/);
      expect(response.json().error.code).toBe('NOT_FOUND');
    }
  });

  it('other paths serve the client (SPA fallback); missing files are 404', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'minga-client-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Minga</title><div id="app"></div>');
    await t.app.close();
    t = await buildTestApp({ clientDir: dir });
    for (const url of ['/', '/u/ana', '/c/formacion-dual/members', '/settings?tab=tokens']) {
      const response = await t.app.inject({ url });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-type']).toMatch(/text\/html/);
      expect(response.body).toContain('<div id="app">');
    }
    expect((await t.app.inject({ url: '/assets/missing.js' })).statusCode).toBe(404);
  });

  it('sends a Content-Security-Policy without inline scripts', async () => {
    const response = await t.app.inject({ url: '/api/health' });
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
  });

  it('GET /api/health reports the database and migrations', async () => {
    const response = await t.app.inject({ url: '/api/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'ok', db: 'ok', migrations: 'current' });
  });

  it('GET /api/health answers 503 when the database is gone', async () => {
    await loseDatabase(t.database);
    const response = await t.app.inject({ url: '/api/health' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ status: 'unhealthy', db: 'error' });
  });
});
