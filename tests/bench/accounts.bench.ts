/**
 * Hot paths of accounts: resolving the session on every API request, listing institutions,
 * and the (deliberately slow) password check at login. `npm run bench` runs it at full size;
 * `npm test` runs it tiny, as a smoke check with no timing assertion.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { ORIGIN, registerUser } from '../helpers/accounts.ts';
import { measure, report, sizes } from './measure.ts';

const size = sizes({ tiny: { requests: 30, logins: 3 }, full: { requests: 5000, logins: 40 } });
let t: TestApp;
let cookie: string;
let bearer: string;
let account: Awaited<ReturnType<typeof registerUser>>;

beforeAll(async () => {
  t = await buildTestApp();
  account = await registerUser(t.app);
  cookie = account.cookie;
  const token = await t.app.inject({ method: 'POST', url: '/api/me/tokens', headers: { origin: ORIGIN, cookie }, payload: { name: 'bench', scope: 'read+write' } });
  bearer = `Bearer ${token.json().token}`;
});
afterAll(async () => {
  await t.app.close();
});

it('measures the hot paths of accounts', async () => {
  const results = [
    await measure('GET /api/me (session cookie)', size.requests, async () => {
      const r = await t.app.inject({ url: '/api/me', headers: { cookie } });
      expect(r.statusCode).toBe(200);
    }),
    await measure('GET /api/me (bearer token)', size.requests, async () => {
      const r = await t.app.inject({ url: '/api/me', headers: { authorization: bearer } });
      expect(r.statusCode).toBe(200);
    }),
    await measure('GET /api/session (anonymous)', size.requests, async () => {
      const r = await t.app.inject({ url: '/api/session', headers: { 'accept-language': 'pt-BR' } });
      expect(r.statusCode).toBe(200);
    }),
    await measure('GET /api/institutions?limit=25 (with facets)', size.requests, async () => {
      const r = await t.app.inject({ url: '/api/institutions?limit=25' });
      expect(r.statusCode).toBe(200);
    }),
    await measure('POST /api/auth/login (argon2id verify)', size.logins, async () => {
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { origin: ORIGIN, 'x-bench': String(Math.random()) },
        payload: { username: account.email, password: account.password },
      });
      expect([200, 429]).toContain(r.statusCode);
    }),
  ];
  report('accounts', results);
});
