import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../server/app.ts';
import { mailOutbox, passkeyChallenges } from '../../db/schema/index.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { ORIGIN, registerUser } from '../helpers/accounts.ts';
import { SoftAuthenticator } from '../helpers/webauthn.ts';
import { defaultRateLimits } from '../../server/config.ts';

/** The test app's public address (MINGA_PUBLIC_URL's default): the passkeys' origin and RP id. */
const SITE = 'http://localhost:3000';

describe('passkeys', () => {
  let t: TestApp;
  let app: App;

  beforeAll(async () => {
    t = await buildTestApp();
    app = t.app;
  });
  afterAll(() => app.close());

  type Member = Awaited<ReturnType<typeof registerUser>>;
  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, cookie?: string, payload?: unknown) =>
    app.inject({ method, url, headers: { origin: ORIGIN, ...(cookie ? { cookie } : {}) }, ...(payload !== undefined ? { payload: payload as object } : {}) });

  /** Confirms with one of the member's passkeys (a fresh factor). */
  async function passkeyProof(member: Member, key: SoftAuthenticator) {
    const confirm = (await call('POST', '/api/me/passkeys/confirm-options', member.cookie)).json().options;
    return { passkey: key.authenticate(confirm) };
  }

  /**
   * Adds a passkey through the API: confirm with the password (or, once the account has a
   * passkey, with that one: a fresh factor), create, register.
   */
  async function addPasskey(member: Member, name?: string, confirmWith?: SoftAuthenticator) {
    const key = new SoftAuthenticator(SITE);
    const proof = confirmWith ? await passkeyProof(member, confirmWith) : { password: member.password };
    const options = await call('POST', '/api/me/passkeys/options', member.cookie, proof);
    expect(options.statusCode).toBe(200);
    const created = await call('POST', '/api/me/passkeys', member.cookie, { response: key.register(options.json().options), ...(name ? { name } : {}) });
    expect(created.statusCode).toBe(201);
    return { key, passkey: created.json().passkey as { id: number; name: string } };
  }

  const cookieOf = (response: { cookies: { name: string; value: string }[] }, name: string) => {
    const c = response.cookies.find((x) => x.name === name && x.value);
    return c ? `${name}=${c.value}` : undefined;
  };

  it('adding one needs "confirm it is you"; the options exclude the member’s passkeys and ask for a discoverable one', async () => {
    const member = await registerUser(app);
    expect((await call('POST', '/api/me/passkeys/options', member.cookie, {})).json().error.code).toBe('WRONG_PASSWORD');
    const wrong = await call('POST', '/api/me/passkeys/options', member.cookie, { password: 'not-my-password' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.message).toMatch(/contraseña/i);
    expect((await call('POST', '/api/me/passkeys/options', undefined, { password: member.password })).statusCode).toBe(401);

    const { key, passkey } = await addPasskey(member, 'Teléfono');
    expect(passkey.name).toBe('Teléfono');
    // With a passkey on, another is added after a fresh factor, not the password alone.
    const byPassword = await call('POST', '/api/me/passkeys/options', member.cookie, { password: member.password });
    expect(byPassword.json().error.code).toBe('PASSKEY_ADD_FACTOR_REQUIRED');
    const again = (await call('POST', '/api/me/passkeys/options', member.cookie, await passkeyProof(member, key))).json().options;
    expect(again.rp).toEqual({ id: 'localhost', name: 'Minga' });
    expect(again.authenticatorSelection).toMatchObject({ residentKey: 'required', userVerification: 'preferred' });
    expect(again.excludeCredentials.map((c: { id: string }) => c.id)).toEqual([key.id]);
    expect(again.user.name).toBe(member.username);

    const list = (await call('GET', '/api/me/passkeys', member.cookie)).json().items;
    expect(list).toHaveLength(1);
    // Used once already: it confirmed adding another.
    expect(list[0]).toMatchObject({ id: passkey.id, name: 'Teléfono' });
    expect(list[0].lastUsedAt).not.toBeNull();
    expect(list[0]).not.toHaveProperty('publicKey');
    expect(list[0]).not.toHaveProperty('credentialId');

    // The member is told, by mail, in their language.
    const mail = await t.database.db.select().from(mailOutbox).where(and(eq(mailOutbox.userId, member.user.id), eq(mailOutbox.kind, 'passkey_added')));
    expect(mail).toHaveLength(1);
    expect(mail[0]!.subject).toBe('Se añadió una llave de acceso a su cuenta de Minga');
    expect(mail[0]!.text).toContain('Teléfono');
  });

  it('a registration challenge works once, for its own session, within five minutes; a wrong origin is refused', async () => {
    const member = await registerUser(app);
    const key = new SoftAuthenticator(SITE);
    const options = (await call('POST', '/api/me/passkeys/options', member.cookie, { password: member.password })).json().options;
    const answer = key.register(options);
    const other = await registerUser(app);
    // Another member's session has no such challenge.
    expect((await call('POST', '/api/me/passkeys', other.cookie, { response: answer })).json().error.code).toBe('PASSKEY_NOT_VERIFIED');

    const forged = new SoftAuthenticator(SITE).register(options, { origin: 'https://evil.example' });
    const refused = await call('POST', '/api/me/passkeys', member.cookie, { response: forged });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.code).toBe('PASSKEY_NOT_VERIFIED');
    expect(refused.json().error.message).toMatch(/Vuelva a empezar/);
    // The refused attempt used the challenge up.
    expect((await call('POST', '/api/me/passkeys', member.cookie, { response: answer })).json().error.code).toBe('PASSKEY_NOT_VERIFIED');

    const fresh = (await call('POST', '/api/me/passkeys/options', member.cookie, { password: member.password })).json().options;
    await t.database.db.update(passkeyChallenges).set({ expiresAt: new Date(Date.now() - 1) }).where(eq(passkeyChallenges.challenge, fresh.challenge));
    expect((await call('POST', '/api/me/passkeys', member.cookie, { response: key.register(fresh) })).json().error.code).toBe('PASSKEY_NOT_VERIFIED');

    const good = (await call('POST', '/api/me/passkeys/options', member.cookie, { password: member.password })).json().options;
    const created = await call('POST', '/api/me/passkeys', member.cookie, { response: key.register(good) });
    expect(created.statusCode).toBe(201);
    expect(created.json().passkey.name).toBe('Llave de acceso 1');
  });

  it('a member’s passkeys are theirs only: another member’s id is 404 to rename and remove', async () => {
    const owner = await registerUser(app);
    const { passkey } = await addPasskey(owner);
    const stranger = await registerUser(app);
    const rename = await call('PATCH', `/api/me/passkeys/${passkey.id}`, stranger.cookie, { name: 'mía' });
    expect(rename.statusCode).toBe(404);
    expect(rename.json().error.code).toBe('PASSKEY_NOT_FOUND');
    expect((await call('DELETE', `/api/me/passkeys/${passkey.id}`, stranger.cookie, { code: '123456' })).statusCode).toBe(404);
    expect((await call('GET', '/api/me/passkeys', stranger.cookie)).json().items).toEqual([]);

    const renamed = await call('PATCH', `/api/me/passkeys/${passkey.id}`, owner.cookie, { name: '  Portátil   del trabajo ' });
    expect(renamed.json().passkey.name).toBe('Portátil del trabajo');
    const blank = await call('PATCH', `/api/me/passkeys/${passkey.id}`, owner.cookie, { name: '   ' });
    expect(blank.statusCode).toBe(400);
    expect(blank.json().error).toMatchObject({ code: 'PASSKEY_NAME_INVALID', field: 'name' });
  });

  it('a passwordless sign-in: options without allowCredentials, bound to the browser; an unknown passkey and a wrong answer look the same', async () => {
    const member = await registerUser(app);
    const { key } = await addPasskey(member);

    const optionsResponse = await call('POST', '/api/auth/passkey/options');
    const options = optionsResponse.json().options;
    expect(options.userVerification).toBe('required');
    expect(options.allowCredentials ?? []).toEqual([]);
    const browser = cookieOf(optionsResponse, 'minga_passkey');
    expect(browser).toBeDefined();
    const setCookie = String(optionsResponse.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/Path=\/api\/auth/);

    // Without this browser's cookie the answer counts for nothing.
    expect((await call('POST', '/api/auth/passkey', undefined, { response: key.authenticate(options) })).json().error.code).toBe('LOGIN_EXPIRED');

    const stranger = new SoftAuthenticator(SITE);
    const fresh = await call('POST', '/api/auth/passkey/options');
    const unknown = await call('POST', '/api/auth/passkey', cookieOf(fresh, 'minga_passkey'), { response: stranger.authenticate(fresh.json().options) });
    const again = await call('POST', '/api/auth/passkey/options');
    const unverified = await call('POST', '/api/auth/passkey', cookieOf(again, 'minga_passkey'), {
      response: key.authenticate(again.json().options, { userVerified: false }),
    });
    expect(unknown.statusCode).toBe(401);
    expect(unverified.statusCode).toBe(401);
    expect(unknown.json().error).toEqual(unverified.json().error);
    expect(unknown.json().error.code).toBe('PASSKEY_SIGN_IN_FAILED');

    const last = await call('POST', '/api/auth/passkey/options');
    const signedIn = await call('POST', '/api/auth/passkey', cookieOf(last, 'minga_passkey'), { response: key.authenticate(last.json().options) });
    expect(signedIn.statusCode).toBe(200);
    expect(signedIn.json().user.username).toBe(member.username);
    const session = cookieOf(signedIn, 'minga_session');
    expect((await call('GET', '/api/me', session)).json().user.id).toBe(member.user.id);
    // The challenge answered once.
    expect((await call('POST', '/api/auth/passkey', cookieOf(last, 'minga_passkey'), { response: key.authenticate(last.json().options) })).json().error.code).toBe('LOGIN_EXPIRED');
    expect((await call('GET', '/api/me/passkeys', session)).json().items[0].lastUsedAt).not.toBeNull();
  });

  it('a stale counter (a cloned authenticator replaying) is refused', async () => {
    const member = await registerUser(app);
    const { key } = await addPasskey(member);
    const first = await call('POST', '/api/auth/passkey/options');
    expect((await call('POST', '/api/auth/passkey', cookieOf(first, 'minga_passkey'), { response: key.authenticate(first.json().options, { counter: 5 }) })).statusCode).toBe(200);
    const second = await call('POST', '/api/auth/passkey/options');
    const replay = await call('POST', '/api/auth/passkey', cookieOf(second, 'minga_passkey'), { response: key.authenticate(second.json().options, { counter: 5 }) });
    expect(replay.statusCode).toBe(401);
  });

  it('as a second factor after the password: 401 with methods naming passkey, then the passkey completes the sign-in', async () => {
    const member = await registerUser(app);
    const { key } = await addPasskey(member);
    const login = await call('POST', '/api/auth/login', undefined, { username: member.username, password: member.password });
    expect(login.statusCode).toBe(401);
    expect(login.json().error.code).toBe('SECOND_FACTOR_REQUIRED');
    expect(login.json().error.params.methods.split(',')).toContain('passkey');
    const half = cookieOf(login, 'minga_login');

    expect((await call('POST', '/api/auth/login/second-factor/passkey-options')).json().error.code).toBe('LOGIN_EXPIRED');
    const options = (await call('POST', '/api/auth/login/second-factor/passkey-options', half)).json().options;
    expect(options.allowCredentials.map((c: { id: string }) => c.id)).toEqual([key.id]);
    expect(options.userVerification).toBe('preferred');

    // A good answer to another challenge is wrong here.
    const wrong = await call('POST', '/api/auth/login/second-factor', half, { passkey: key.authenticate({ challenge: 'bm90LXRoaXMtb25l' }) });
    expect(wrong.json().error.code).toBe('INVALID_SECOND_FACTOR');
    // Each challenge answers once: the wrong try used it up.
    expect((await call('POST', '/api/auth/login/second-factor', half, { passkey: key.authenticate(options) })).json().error.code).toBe('INVALID_SECOND_FACTOR');

    const fresh = (await call('POST', '/api/auth/login/second-factor/passkey-options', half)).json().options;
    const done = await call('POST', '/api/auth/login/second-factor', half, { passkey: key.authenticate(fresh) });
    expect(done.statusCode).toBe(200);
    expect(done.json().user.id).toBe(member.user.id);
  });

  it('removing needs a fresh factor (not the password alone), never the last way in, and mails a notice', async () => {
    const member = await registerUser(app);
    const { key: first, passkey } = await addPasskey(member, 'Llave USB');
    const { key: second } = await addPasskey(member, 'Teléfono', first);

    const byPassword = await call('DELETE', `/api/me/passkeys/${passkey.id}`, member.cookie, { password: member.password });
    expect(byPassword.statusCode).toBe(403);
    expect(byPassword.json().error.code).toBe('PASSKEY_FRESH_FACTOR_REQUIRED');

    // A passkey answer to no challenge of this session is refused.
    const stale = await call('DELETE', `/api/me/passkeys/${passkey.id}`, member.cookie, { passkey: second.authenticate({ challenge: 'bm9wZQ' }) });
    expect(stale.json().error.code).toBe('INVALID_SECOND_FACTOR');

    const confirm = (await call('POST', '/api/me/passkeys/confirm-options', member.cookie)).json().options;
    expect(confirm.allowCredentials.map((c: { id: string }) => c.id).sort()).toEqual([first.id, second.id].sort());
    const removed = await call('DELETE', `/api/me/passkeys/${passkey.id}`, member.cookie, { passkey: second.authenticate(confirm) });
    expect(removed.statusCode).toBe(204);
    expect((await call('GET', '/api/me/passkeys', member.cookie)).json().items.map((p: { name: string }) => p.name)).toEqual(['Teléfono']);
    const notice = await t.database.db.select().from(mailOutbox).where(and(eq(mailOutbox.userId, member.user.id), eq(mailOutbox.kind, 'passkey_removed')));
    expect(notice).toHaveLength(1);
    expect(notice[0]!.text).toContain('Llave USB');
  });

  it('the last way into an account without a password stays', async () => {
    const member = await registerUser(app);
    const { key, passkey } = await addPasskey(member);
    // An account made through an institution's sign-in has no password (core: password_hash '').
    t.database.sqlite.prepare('UPDATE users SET password_hash = ? WHERE id = ?').run('', member.user.id);
    const confirm = (await call('POST', '/api/me/passkeys/confirm-options', member.cookie)).json().options;
    const kept = await call('DELETE', `/api/me/passkeys/${passkey.id}`, member.cookie, { passkey: key.authenticate(confirm) });
    expect(kept.statusCode).toBe(409);
    expect(kept.json().error.code).toBe('PASSKEY_LAST_WAY_IN');
    expect((await call('GET', '/api/me/passkeys', member.cookie)).json().items).toHaveLength(1);
  });

  it('an erased account loses its passkeys and challenges', async () => {
    const member = await registerUser(app);
    const { key } = await addPasskey(member);
    await call('POST', '/api/me/passkeys/confirm-options', member.cookie);
    await app.bus.publish('user.erased', { userId: member.user.id, email: member.email });
    expect(await t.database.db.select().from(passkeyChallenges).where(eq(passkeyChallenges.userId, member.user.id))).toEqual([]);
    const options = await call('POST', '/api/auth/passkey/options');
    const refused = await call('POST', '/api/auth/passkey', cookieOf(options, 'minga_passkey'), { response: key.authenticate(options.json().options) });
    expect(refused.statusCode).toBe(401);
    // No factor left: the password signs in by itself again.
    expect((await call('POST', '/api/auth/login', undefined, { username: member.username, password: member.password })).statusCode).toBe(200);
  });
});

describe('passkey sign-in limits', () => {
  it('is rate-limited like the password sign-in', async () => {
    const t = await buildTestApp({ rateLimits: { ...defaultRateLimits(), login: { max: 3, windowMs: 60_000 } } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i += 1) {
        const response = await t.app.inject({ method: 'POST', url: '/api/auth/passkey', headers: { origin: ORIGIN }, payload: { response: { id: 'x', rawId: 'x', type: 'public-key', response: {} } } });
        statuses.push(response.statusCode);
      }
      expect(statuses).toEqual([401, 401, 401, 429]);
    } finally {
      await t.app.close();
    }
  });
});
