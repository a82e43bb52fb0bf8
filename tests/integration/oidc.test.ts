import type { FactorKind } from '../../server/modules/auth/second-factors.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../server/app.ts';
import { defaultMailConfig } from '../../server/config.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { ORIGIN, registerUser } from '../helpers/accounts.ts';
import { signInAtProvider, startOidcProvider, type TestOidcProvider } from '../helpers/oidc-provider.ts';

const PUBLIC_URL = 'http://minga.test';
const callbackOf = (id: string) => `${PUBLIC_URL}/api/auth/oidc/${id}/callback`;

/** Sign-in with an institution against a real OpenID Provider on loopback. */
describe('signing in with an institution (OpenID Connect)', () => {
  let t: TestApp;
  let app: App;
  let idp: TestOidcProvider;
  let n = 0;
  const linkedEvents: { userId: number; providerId: string; email: string | null; emailVerified: boolean }[] = [];

  beforeAll(async () => {
    idp = await startOidcProvider({ redirectUris: [callbackOf('sso'), callbackOf('inst'), callbackOf('narrow')] });
    t = await buildTestApp({
      mail: { ...defaultMailConfig(), publicUrl: PUBLIC_URL },
      oidc: { provider: { id: 'sso', name: 'Red Cinterfor', issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret } },
    });
    app = t.app;
    app.bus.subscribe('identity.linked', (event) => {
      linkedEvents.push(event);
    });
  });
  afterAll(async () => {
    await app.close();
    await idp.close();
  });

  /** A new person at the provider. */
  function person(overrides: Partial<{ email: string; email_verified: boolean; name: string; preferred_username: string }> = {}) {
    n += 1;
    const login = `persona${n}-${process.pid}`;
    idp.accounts.set(login, { email: `${login}@senai.br`, email_verified: true, name: `Persona ${n}`, preferred_username: login, ...overrides });
    return login;
  }

  async function start(id = 'sso', next?: string, cookie?: string) {
    const url = `/api/auth/oidc/${id}/start${next !== undefined ? `?next=${encodeURIComponent(next)}` : ''}`;
    const response = await app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });
    const login = response.cookies.find((c) => c.name === 'minga_oidc');
    return { response, location: String(response.headers.location), loginCookie: login ? `minga_oidc=${login.value}` : '' };
  }

  const back = (url: URL, cookie: string) => app.inject({ method: 'GET', url: url.pathname + url.search, headers: cookie ? { cookie } : {} });

  /** The whole round trip: start, the provider's forms, the callback. */
  async function signIn(login: string, options: { id?: string; next?: string; session?: string } = {}) {
    const id = options.id ?? 'sso';
    const started = await start(id, options.next, options.session);
    expect(started.response.statusCode).toBe(302);
    const returned = await signInAtProvider(started.location, login, callbackOf(id));
    const response = await back(returned, [started.loginCookie, options.session].filter(Boolean).join('; '));
    const session = response.cookies.find((c) => c.name === 'minga_session' && c.value);
    return { response, returned, loginCookie: started.loginCookie, location: String(response.headers.location), cookie: session ? `minga_session=${session.value}` : undefined };
  }

  const me = async (cookie: string | undefined) =>
    (await app.inject({ method: 'GET', url: '/api/session', headers: cookie ? { cookie } : {} })).json().user as null | { id: number; username: string; email: string; emailVerified: boolean; hasPassword: boolean };

  it('lists the enabled providers for the sign-in page', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/auth/providers' });
    expect(response.json()).toEqual({ items: [{ id: 'sso', name: 'Red Cinterfor' }] });
  });

  it('redirects to the provider with the code flow, PKCE S256, state, nonce and the public callback', async () => {
    const { response, location, loginCookie } = await start('sso', '/c/formacion');
    expect(response.statusCode).toBe(302);
    const url = new URL(location);
    expect(url.origin).toBe(idp.issuer);
    expect(url.searchParams.get('response_type')).toBe('code');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toBeTruthy();
    expect(url.searchParams.get('state')).toBeTruthy();
    expect(url.searchParams.get('nonce')).toBeTruthy();
    expect(url.searchParams.get('scope')).toBe('openid email profile');
    expect(url.searchParams.get('redirect_uri')).toBe(callbackOf('sso'));
    const cookie = response.cookies.find((c) => c.name === 'minga_oidc')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/api/auth/oidc' });
    expect(loginCookie).not.toBe('');
  });

  it('first sign-in creates the account (verified address when the provider says so); the second signs in to the same one', async () => {
    const login = person({ preferred_username: 'María.Pérez', name: 'María Pérez' });
    const first = await signIn(login, { next: '/c/formacion?tab=threads' });
    expect(first.response.statusCode).toBe(302);
    expect(first.location).toBe('/c/formacion?tab=threads');
    const user = (await me(first.cookie))!;
    expect(user).toMatchObject({ username: 'maria_perez', email: `${login}@senai.br`, emailVerified: true, hasPassword: false, displayName: 'María Pérez' });
    expect(linkedEvents.filter((e) => e.userId === user.id)).toEqual([{ userId: user.id, providerId: 'sso', email: `${login}@senai.br`, emailVerified: true }]);

    const second = await signIn(login);
    expect(second.location).toBe('/');
    expect((await me(second.cookie))!.id).toBe(user.id);
  });

  it('an address the provider does not vouch for stays unverified; a taken username gets a suffix', async () => {
    const login = person({ email_verified: false, preferred_username: 'maria.perez' });
    const { cookie } = await signIn(login);
    const user = (await me(cookie))!;
    expect(user.emailVerified).toBe(false);
    expect(user.username).toBe('maria_perez-2');
  });

  it('refuses an absolute or protocol-relative next and goes home instead', async () => {
    for (const next of ['https://evil.example/', '//evil.example/x', '/\\evil.example']) {
      const { location } = await signIn(person(), { next });
      expect(location).toBe('/');
    }
  });

  it('refuses a wrong or missing state, and a callback without the browser cookie, with a readable page', async () => {
    const login = person();
    const started = await start();
    const returned = await signInAtProvider(started.location, login, callbackOf('sso'));
    const forged = new URL(returned);
    forged.searchParams.set('state', 'not-the-state');
    const wrong = await back(forged, started.loginCookie);
    expect(wrong.statusCode).toBe(302);
    expect(wrong.headers.location).toBe('/login?error=OIDC_STATE_INVALID');
    expect(wrong.cookies.find((c) => c.name === 'minga_session' && c.value)).toBeUndefined();

    const again = await start();
    const returnedAgain = await signInAtProvider(again.location, login, callbackOf('sso'));
    const noCookie = await back(returnedAgain, '');
    expect(noCookie.headers.location).toBe('/login?error=OIDC_STATE_INVALID');
  });

  it('refuses a code used twice and an expired code', async () => {
    const login = person();
    const first = await signIn(login);
    expect(first.cookie).toBeDefined();
    // The same answer again (a replay): the sign-in it belonged to is gone.
    const replay = await back(first.returned, first.loginCookie);
    expect(replay.headers.location).toMatch(/^\/login\?error=OIDC_/);
    expect(replay.cookies.find((c) => c.name === 'minga_session' && c.value)).toBeUndefined();

    idp.codeTtl.seconds = 1;
    try {
      const started = await start();
      const returned = await signInAtProvider(started.location, login, callbackOf('sso'));
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      const late = await back(returned, started.loginCookie);
      expect(late.statusCode).toBe(302);
      expect(late.headers.location).toBe('/login?error=OIDC_SIGN_IN_FAILED');
      expect(late.cookies.find((c) => c.name === 'minga_session' && c.value)).toBeUndefined();
    } finally {
      idp.codeTtl.seconds = 60;
    }
  });

  it('refuses an ID token whose nonce is not the one this sign-in sent', async () => {
    const login = person();
    const started = await start();
    const returned = await signInAtProvider(started.location, login, callbackOf('sso'));
    // The sign-in kept on the server expects another nonce than the provider put in the token.
    t.database.sqlite.prepare("UPDATE oidc_logins SET nonce = 'another-nonce'").run();
    const response = await back(returned, started.loginCookie);
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe('/login?error=OIDC_SIGN_IN_FAILED');
    expect(response.cookies.find((c) => c.name === 'minga_session' && c.value)).toBeUndefined();
  });

  it('an identity whose address an existing account holds is not signed in; the mailed link links it and signs in', async () => {
    const existing = await registerUser(app, { email: 'dueña@senai.br'.replace('ñ', 'n') });
    // The account proved its address (only then is it the address's holder).
    t.database.sqlite.prepare('UPDATE users SET email_verified_at = ? WHERE id = ?').run(Date.now(), existing.user.id);
    const login = person({ email: existing.email });
    const attempt = await signIn(login);
    expect(attempt.cookie).toBeUndefined();
    expect(attempt.location).toBe('/login?notice=OIDC_LINK_MAILED&next=%2F');

    const mail = t.database.sqlite.prepare("SELECT recipient, text FROM mail_outbox WHERE kind = 'oidc_link' ORDER BY id DESC").get() as { recipient: string; text: string };
    expect(mail.recipient).toBe(existing.email);
    const token = /\/login\/link\?token=([\w-]+)/.exec(mail.text)![1]!;

    const redeem = (value: string) => app.inject({ method: 'POST', url: '/api/auth/oidc/link', headers: { origin: ORIGIN }, payload: { token: value } });
    const linked = await redeem(token);
    expect(linked.statusCode).toBe(200);
    expect(linked.json().user.id).toBe(existing.user.id);
    expect(linkedEvents.filter((e) => e.userId === existing.user.id)).toHaveLength(1);
    expect((await redeem(token)).json().error.code).toBe('OIDC_LINK_INVALID');

    // From now on the provider signs in to that account.
    const next = await signIn(login);
    expect((await me(next.cookie))!.id).toBe(existing.user.id);
  });

  it('an account that never proved the address is not offered the identity (pre-registration by someone else)', async () => {
    // Someone registers first with the address of a person at the institution, without proving it.
    const squatter = await registerUser(app, { email: `victima-${process.pid}@senai.br` });
    const before = (t.database.sqlite.prepare("SELECT count(*) AS n FROM mail_outbox WHERE kind = 'oidc_link'").get() as { n: number }).n;
    const login = person({ email: squatter.email });
    const attempt = await signIn(login);
    // The address's real owner gets an account of their own; nothing is mailed for linking to the squatter's.
    expect(attempt.location).toBe('/');
    const owner = (await me(attempt.cookie))!;
    expect(owner.id).not.toBe(squatter.user.id);
    expect(owner).toMatchObject({ email: squatter.email, emailVerified: true });
    expect((t.database.sqlite.prepare("SELECT count(*) AS n FROM mail_outbox WHERE kind = 'oidc_link'").get() as { n: number }).n).toBe(before);
    expect(linkedEvents.filter((e) => e.userId === squatter.user.id)).toEqual([]);
  });

  it('an identity whose address the provider does not vouch for is never offered to the account holding it', async () => {
    const holder = await registerUser(app, { email: `titular-${process.pid}@senai.br` });
    t.database.sqlite.prepare('UPDATE users SET email_verified_at = ? WHERE id = ?').run(Date.now(), holder.user.id);
    const before = (t.database.sqlite.prepare("SELECT count(*) AS n FROM mail_outbox WHERE kind = 'oidc_link'").get() as { n: number }).n;
    // Anyone can type someone else's address at a provider that does not check it.
    const attempt = await signIn(person({ email: holder.email, email_verified: false }));
    expect((t.database.sqlite.prepare("SELECT count(*) AS n FROM mail_outbox WHERE kind = 'oidc_link'").get() as { n: number }).n).toBe(before);
    const other = await me(attempt.cookie);
    expect(other?.id).not.toBe(holder.user.id);
    expect(other?.emailVerified ?? false).toBe(false);
    expect(linkedEvents.filter((e) => e.userId === holder.user.id)).toEqual([]);
  });

  it('links a provider from settings while signed in, and refuses one linked to another account', async () => {
    const member = await registerUser(app);
    const login = person();
    // A new way in is confirmed like any sensitive change: a taken session cannot add its own.
    for (const payload of [{}, { password: 'not-my-password' }]) {
      const unconfirmed = await app.inject({ method: 'POST', url: '/api/auth/oidc/sso/link', headers: { origin: ORIGIN, cookie: member.cookie }, payload });
      expect(unconfirmed.statusCode).toBe(400);
      expect(unconfirmed.json().error.code).toBe('WRONG_PASSWORD');
      expect(unconfirmed.cookies.find((c) => c.name === 'minga_oidc')).toBeUndefined();
    }
    const started = await app.inject({ method: 'POST', url: '/api/auth/oidc/sso/link', headers: { origin: ORIGIN, cookie: member.cookie }, payload: { password: member.password } });
    expect(started.statusCode).toBe(200);
    const loginCookie = `minga_oidc=${started.cookies.find((c) => c.name === 'minga_oidc')!.value}`;
    const returned = await signInAtProvider(started.json().url, login, callbackOf('sso'));
    const done = await back(returned, `${loginCookie}; ${member.cookie}`);
    expect(done.headers.location).toBe('/settings');
    const listed = await app.inject({ method: 'GET', url: '/api/me/identities', headers: { cookie: member.cookie } });
    expect(listed.json().items).toMatchObject([{ providerId: 'sso', providerName: 'Red Cinterfor', email: `${login}@senai.br` }]);
    expect(linkedEvents.filter((e) => e.userId === member.user.id)).toHaveLength(1);
    expect((await me((await signIn(login)).cookie))!.id).toBe(member.user.id);

    const other = await registerUser(app);
    const again = await app.inject({ method: 'POST', url: '/api/auth/oidc/sso/link', headers: { origin: ORIGIN, cookie: other.cookie }, payload: { password: other.password } });
    const back2 = await signInAtProvider(again.json().url, login, callbackOf('sso'));
    const refused = await back(back2, `minga_oidc=${again.cookies.find((c) => c.name === 'minga_oidc')!.value}; ${other.cookie}`);
    expect(refused.headers.location).toBe('/settings?oidcError=OIDC_IDENTITY_TAKEN');
  });

  it('never removes the last way in; with a password it removes after confirming', async () => {
    const login = person();
    const { cookie } = await signIn(login);
    const items = (await app.inject({ method: 'GET', url: '/api/me/identities', headers: { cookie } })).json().items;
    const only = await app.inject({ method: 'DELETE', url: `/api/me/identities/${items[0].id}`, headers: { origin: ORIGIN, cookie }, payload: {} });
    expect(only.statusCode).toBe(409);
    expect(only.json().error.code).toBe('LAST_WAY_IN');

    const member = await registerUser(app);
    const started = await app.inject({ method: 'POST', url: '/api/auth/oidc/sso/link', headers: { origin: ORIGIN, cookie: member.cookie }, payload: { password: member.password } });
    const returned = await signInAtProvider(started.json().url, person(), callbackOf('sso'));
    await back(returned, `minga_oidc=${started.cookies.find((c) => c.name === 'minga_oidc')!.value}; ${member.cookie}`);
    const [linked] = (await app.inject({ method: 'GET', url: '/api/me/identities', headers: { cookie: member.cookie } })).json().items;
    const wrong = await app.inject({ method: 'DELETE', url: `/api/me/identities/${linked.id}`, headers: { origin: ORIGIN, cookie: member.cookie }, payload: { password: 'not-my-password' } });
    expect(wrong.statusCode).toBe(400);
    const right = await app.inject({ method: 'DELETE', url: `/api/me/identities/${linked.id}`, headers: { origin: ORIGIN, cookie: member.cookie }, payload: { password: member.password } });
    expect(right.statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: '/api/me/identities', headers: { cookie: member.cookie } })).json().items).toEqual([]);
  });

  it('a member with a second factor is sent to the second step with the half-done sign-in cookie', async () => {
    const login = person();
    const { cookie } = await signIn(login);
    const userId = (await me(cookie))!.id;
    app.secondFactors.register({ kind: 'test-oidc' as FactorKind, enabled: (id) => id === userId, accepts: () => false, verify: async () => false });
    const again = await signIn(login, { next: '/bookmarks' });
    expect(again.cookie).toBeUndefined();
    expect(again.location).toBe('/login?step=second-factor&next=%2Fbookmarks');
    const challenge = again.response.cookies.find((c) => c.name === 'minga_login');
    expect(challenge).toMatchObject({ httpOnly: true, path: '/api/auth' });
    expect(challenge!.value).toBeTruthy();
  });

  describe('providers added by admins', () => {
    let admin: Awaited<ReturnType<typeof registerUser>>;
    let member: Awaited<ReturnType<typeof registerUser>>;

    beforeAll(async () => {
      admin = await registerUser(app);
      t.database.sqlite.prepare("UPDATE users SET role = 'admin' WHERE id = ?").run(admin.user.id);
      member = await registerUser(app);
    });

    const adminCall = (account: { cookie: string }, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
      app.inject({ method, url, headers: { origin: ORIGIN, cookie: account.cookie }, ...(payload ? { payload } : {}) });

    it('admins add, change and remove providers; the secret never comes back; members cannot', async () => {
      const created = await adminCall(admin, 'POST', '/api/admin/oidc-providers', {
        id: 'inst', name: 'SENAI', issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret, allowedDomains: ['@SENAI.br '],
      });
      expect(created.statusCode).toBe(201);
      expect(created.body).not.toContain(idp.clientSecret);
      expect(created.json()).toMatchObject({ id: 'inst', name: 'SENAI', hasSecret: true, allowedDomains: ['senai.br'], enabled: true, source: 'admin' });

      const list = await adminCall(admin, 'GET', '/api/admin/oidc-providers');
      expect(list.body).not.toContain(idp.clientSecret);
      expect(list.json().items.map((p: { id: string; source: string }) => [p.id, p.source])).toEqual([['sso', 'environment'], ['inst', 'admin']]);

      expect((await adminCall(admin, 'POST', '/api/admin/oidc-providers', { id: 'bad', name: 'x', issuer: 'http://idp.example.org', clientId: 'a', clientSecret: 'b' })).json().error.code).toBe('OIDC_ISSUER_INVALID');
      expect((await adminCall(admin, 'POST', '/api/admin/oidc-providers', { id: 'sso', name: 'x', issuer: idp.issuer, clientId: 'a', clientSecret: 'b' })).statusCode).toBe(409);

      for (const [method, url] of [['GET', '/api/admin/oidc-providers'], ['POST', '/api/admin/oidc-providers'], ['PATCH', '/api/admin/oidc-providers/inst'], ['DELETE', '/api/admin/oidc-providers/inst']] as const) {
        const payload = method === 'POST' ? { id: 'x', name: 'x', issuer: idp.issuer, clientId: 'a', clientSecret: 'b' } : method === 'PATCH' ? { name: 'x' } : undefined;
        const answer = await adminCall(member, method, url, payload);
        expect([403, 404]).toContain(answer.statusCode);
      }

      const buttons = await app.inject({ method: 'GET', url: '/api/auth/providers' });
      expect(buttons.json().items).toEqual([{ id: 'sso', name: 'Red Cinterfor' }, { id: 'inst', name: 'SENAI' }]);
      const logged = t.database.sqlite.prepare("SELECT action FROM moderation_log WHERE target_type = 'oidc_provider'").all();
      expect(logged).toEqual([{ action: 'oidc_provider.create' }]);
    });

    it('signs in through it, with its allowed domains', async () => {
      const inside = await signIn(person(), { id: 'inst' });
      expect(inside.cookie).toBeDefined();
      const outside = await signIn(person({ email: 'someone@gmail.com' }), { id: 'inst' });
      expect(outside.cookie).toBeUndefined();
      expect(outside.location).toBe('/login?error=OIDC_EMAIL_DOMAIN_REFUSED');
      // An address the provider does not vouch for proves nothing about the domain (anyone can type one).
      const unvouched = await signIn(person({ email_verified: false }), { id: 'inst' });
      expect(unvouched.cookie).toBeUndefined();
      expect(unvouched.location).toBe('/login?error=OIDC_EMAIL_DOMAIN_REFUSED');
    });

    it('a disabled provider has no button and no sign-in', async () => {
      const off = await adminCall(admin, 'PATCH', '/api/admin/oidc-providers/inst', { enabled: false });
      expect(off.json()).toMatchObject({ enabled: false, hasSecret: true });
      expect((await app.inject({ method: 'GET', url: '/api/auth/providers' })).json().items).toEqual([{ id: 'sso', name: 'Red Cinterfor' }]);
      const { response } = await start('inst');
      expect(response.headers.location).toBe('/login?error=OIDC_PROVIDER_NOT_FOUND');
      expect((await adminCall(admin, 'DELETE', '/api/admin/oidc-providers/inst')).statusCode).toBe(204);
      expect((await adminCall(admin, 'DELETE', '/api/admin/oidc-providers/inst')).statusCode).toBe(404);
    });
  });

  it('talks to a provider that takes the client secret only in the Authorization header (client_secret_basic)', async () => {
    const basic = await startOidcProvider({ redirectUris: [callbackOf('basic')], authMethod: 'client_secret_basic' });
    try {
      const admin = await registerUser(app);
      t.database.sqlite.prepare("UPDATE users SET role = 'admin' WHERE id = ?").run(admin.user.id);
      const created = await app.inject({
        method: 'POST',
        url: '/api/admin/oidc-providers',
        headers: { origin: ORIGIN, cookie: admin.cookie },
        payload: { id: 'basic', name: 'Keycloak', issuer: basic.issuer, clientId: basic.clientId, clientSecret: basic.clientSecret },
      });
      expect(created.statusCode).toBe(201);
      basic.accounts.set('rosa', { email: 'rosa@inacap.cl', email_verified: true });
      const started = await start('basic');
      const returned = await signInAtProvider(started.location, 'rosa', callbackOf('basic'));
      const response = await back(returned, started.loginCookie);
      expect(response.headers.location).toBe('/');
      expect(response.cookies.find((c) => c.name === 'minga_session' && c.value)).toBeDefined();
    } finally {
      await basic.close();
    }
  });

  it('an erased member loses their identities and pending sign-ins', async () => {
    const login = person();
    const { cookie } = await signIn(login);
    const userId = (await me(cookie))!.id;
    await app.bus.publish('user.erased', { userId, email: `${login}@senai.br` });
    expect(t.database.sqlite.prepare('SELECT count(*) AS n FROM user_identities WHERE user_id = ?').get(userId)).toEqual({ n: 0 });
  });
});
