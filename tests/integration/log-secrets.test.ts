import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { ORIGIN, registerUser } from '../helpers/accounts.ts';
import { as, buildWorld, startThread } from '../helpers/forums.ts';

/** Every line the app logs, as written (JSON). */
const lines: string[] = [];
const stream = new Writable({
  write(chunk, _encoding, callback) {
    lines.push(String(chunk));
    callback();
  },
});

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ reference: false, logger: { level: 'trace', stream } });
});
afterAll(async () => {
  await t.app.close();
});

describe('logs', () => {
  it('are JSON with request ids and hold no password, token, cookie or session id', async () => {
    const w = await buildWorld(t.app);
    const secrets: string[] = [];
    const account = await registerUser(t.app, { password: 'contraseña-muy-secreta-2026' });
    secrets.push(account.password, account.cookie.split('=')[1]!);

    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { origin: ORIGIN },
      payload: { username: account.username, password: account.password },
    });
    expect(login.statusCode).toBe(200);
    const loginCookie = login.cookies.find((c) => c.name === 'minga_session')!.value;
    secrets.push(loginCookie);
    // A wrong password is logged as a refusal; the attempt itself must not be.
    await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { origin: ORIGIN },
      payload: { username: account.username, password: 'otra-contraseña-errada-77' },
    });
    secrets.push('otra-contraseña-errada-77');

    const token = await t.app.inject({
      method: 'POST',
      url: '/api/me/tokens',
      headers: { origin: ORIGIN, cookie: `minga_session=${loginCookie}` },
      payload: { name: 'script de publicación', scope: 'read+write' },
    });
    expect(token.statusCode).toBe(201);
    const secretToken = token.json().token as string;
    secrets.push(secretToken);

    await as(t.app, w.admin).post(`/api/communities/${w.slug}/members/${account.user.id}`, { status: 'active' });
    const { thread } = await startThread(t.app, w.member, w.forumId);
    const posted = await t.app.inject({
      method: 'POST',
      url: `/api/threads/${thread.id}/posts`,
      headers: { authorization: `Bearer ${secretToken}` },
      payload: { body: 'Publicado con un token personal' },
    });
    expect(posted.statusCode).toBe(201);
    // A token that is wrong is refused and must not be logged either.
    await t.app.inject({ url: '/api/me', headers: { authorization: 'Bearer mng_not-a-real-token-but-secret' } });
    secrets.push('mng_not-a-real-token-but-secret');
    await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { origin: ORIGIN, cookie: `minga_session=${loginCookie}` } });

    const text = lines.join('');
    expect(lines.length).toBeGreaterThan(20);
    const entries = lines.map((line) => JSON.parse(line));
    const completed = entries.filter((e) => e.msg === 'request completed');
    expect(completed.length).toBeGreaterThan(10);
    expect(completed.every((e) => typeof e.reqId === 'string' && e.reqId.length > 0)).toBe(true);
    // The log does record what happened: the routes are there.
    expect(text).toContain('/api/auth/login');
    expect(text).toContain(`/api/threads/${thread.id}/posts`);
    for (const secret of secrets) expect(text, 'a secret reached the logs').not.toContain(secret);
    expect(text).not.toMatch(/minga_session=/);
    expect(text.toLowerCase()).not.toContain('bearer ');
  });

  it('hold no secret carried in an address (download tokens, invitations, mailed links, sign-in codes)', async () => {
    const before = lines.length;
    const secrets = ['ExportTok3nSecret', 'Invit3TokenSecret', 'ApiInvit3Secret', 'Unsubscr1beSecret', 'Res3tTokenSecret', 'Verify3mailSecret', 'OidcC0deSecret', 'OidcSt4teSecret', 'NextInv1teSecret', 'PlainNextInv1teSecret', 'NextExp0rtSecret'];
    const urls = [
      '/api/me/export/1/download?token=ExportTok3nSecret',
      '/invite/Invit3TokenSecret',
      '/api/invitations/ApiInvit3Secret',
      '/api/mailing-list/unsubscribe/Unsubscr1beSecret',
      '/password/reset?token=Res3tTokenSecret',
      '/verify-email?lang=es&token=Verify3mailSecret',
      '/api/auth/oidc/sso/callback?code=OidcC0deSecret&state=OidcSt4teSecret',
      // The invitation page sends visitors to register or sign in and come back (`next`).
      '/register?next=%2Finvite%2FNextInv1teSecret',
      '/login?next=/invite/PlainNextInv1teSecret',
      '/api/auth/oidc/sso/start?next=%2Fapi%2Fme%2Fexport%2F1%2Fdownload%3Ftoken%3DNextExp0rtSecret',
    ];
    for (const url of urls) await t.app.inject({ url });
    const text = lines.slice(before).join('');
    // The requests are logged, without what opens them.
    expect(text).toContain('/api/me/export/1/download');
    expect(text).toContain('/verify-email');
    for (const secret of secrets) expect(text, `${secret} reached the logs`).not.toContain(secret);
  });

  it('redacts credentials if a request with its headers is ever logged', async () => {
    const before = lines.length;
    t.app.log.info(
      {
        req: { headers: { authorization: 'Bearer mng_leaky', cookie: 'minga_session=leaky' } },
        res: { headers: { 'set-cookie': 'minga_session=leaky2' } },
        body: { password: 'leaky-password', token: 'leaky-token' },
        sessionId: 'leaky-session',
      },
      'careless line',
    );
    const text = lines.slice(before).join('');
    expect(text).toContain('careless line');
    expect(text).not.toMatch(/leaky/);
    expect(text).toContain('[redacted]');
  });
});
