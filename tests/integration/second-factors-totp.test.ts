import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { generateSync } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailOutbox, recoveryCodes, totpSecrets } from '../../db/schema/index.ts';
import type { App } from '../../server/app.ts';
import { createLoginChallengesRepository } from '../../server/modules/auth/login-challenges-repository.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { ORIGIN, registerUser, sessionCookieOf } from '../helpers/accounts.ts';
import { as } from '../helpers/forums.ts';

type Account = Awaited<ReturnType<typeof registerUser>>;

/** A code from the secret, as the member's app would show it (`offsetSteps` moves the clock by 30 s steps). */
const codeFor = (secret: string, offsetSteps = 0) => generateSync({ secret, epoch: Math.floor(Date.now() / 1000) + offsetSteps * 30 });

/** Authenticator codes (TOTP) and recovery codes, with a real TOTP generator. */
describe('authenticator codes and recovery codes', () => {
  let t: TestApp;
  let app: App;

  beforeAll(async () => {
    t = await buildTestApp();
    app = t.app;
  });
  afterAll(() => app.close());

  const del = (account: Account, url: string, payload: object) =>
    app.inject({ method: 'DELETE', url, headers: { origin: ORIGIN, cookie: account.cookie }, payload });
  const login = (account: Account) =>
    app.inject({ method: 'POST', url: '/api/auth/login', headers: { origin: ORIGIN }, payload: { username: account.username, password: account.password } });
  const challengeOf = (response: Awaited<ReturnType<typeof login>>) => {
    const c = response.cookies.find((x) => x.name === 'minga_login');
    if (!c?.value) throw new Error('no half-done sign-in');
    return `minga_login=${c.value}`;
  };
  const second = (challenge: string, code: string) =>
    app.inject({ method: 'POST', url: '/api/auth/login/second-factor', headers: { origin: ORIGIN, cookie: challenge }, payload: { code } });

  /** Turns TOTP on through the API; the secret and the ten recovery codes. */
  async function enable(account: Account): Promise<{ secret: string; recoveryCodes: string[] }> {
    const setup = await as(app, account).post('/api/me/2fa/totp');
    expect(setup.statusCode).toBe(200);
    const { secret } = setup.json();
    const confirmed = await as(app, account).post('/api/me/2fa/totp/confirm', { code: codeFor(secret) });
    expect(confirmed.statusCode).toBe(200);
    return { secret, recoveryCodes: confirmed.json().recoveryCodes };
  }

  it('sets up with a QR code; a wrong code is refused, the right one turns it on and gives ten recovery codes', async () => {
    const member = await registerUser(app);
    const setup = await as(app, member).post('/api/me/2fa/totp');
    expect(setup.statusCode).toBe(200);
    const { secret, otpauthUrl, qrSvg } = setup.json();
    expect(otpauthUrl).toMatch(new RegExp(`^otpauth://totp/Minga:${member.username}\\?secret=${secret}&issuer=Minga`));
    expect(qrSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    // A new set-up replaces the unconfirmed one.
    const again = (await as(app, member).post('/api/me/2fa/totp')).json();
    expect(again.secret).not.toBe(secret);

    const wrong = await as(app, member).post('/api/me/2fa/totp/confirm', { code: codeFor(secret) });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.code).toBe('INVALID_SECOND_FACTOR');
    expect((await as(app, member).get('/api/me/2fa')).json()).toMatchObject({ totp: false, recoveryCodesLeft: 0 });

    const right = await as(app, member).post('/api/me/2fa/totp/confirm', { code: codeFor(again.secret) });
    expect(right.statusCode).toBe(200);
    const codes: string[] = right.json().recoveryCodes;
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}$/);
    expect((await as(app, member).get('/api/me/2fa')).json()).toMatchObject({ totp: true, recoveryCodesLeft: 10, required: false });
    // Stored hashed; the secret is never shown again.
    const stored = await t.database.db.select().from(recoveryCodes).where(eq(recoveryCodes.userId, member.user.id));
    expect(stored.map((r) => r.codeHash)).not.toContain(codes[0]);
    const once = await as(app, member).post('/api/me/2fa/totp');
    expect(once.statusCode).toBe(409);
    expect(once.json().error.code).toBe('TOTP_ALREADY_ENABLED');
    expect(once.body).not.toContain(again.secret);
    expect((await as(app, member).get('/api/session')).json().user.secondFactor).toEqual({ enabled: true, required: false });
  });

  it('signing in then needs the code; the same code is refused the second time (replay)', async () => {
    const member = await registerUser(app);
    const { secret } = await enable(member);
    const first = await login(member);
    expect(first.statusCode).toBe(401);
    expect(first.json().error.code).toBe('SECOND_FACTOR_REQUIRED');
    expect(first.json().error.params.methods).toBe('totp,recovery');
    const challenge = challengeOf(first);
    expect((await app.inject({ method: 'GET', url: '/api/auth/login/second-factor', headers: { cookie: challenge } })).json()).toEqual({
      methods: ['totp', 'recovery'],
    });

    // The code used to confirm the set-up (this step) is spent already: the next step's code signs in.
    const code = codeFor(secret, 1);
    const ok = await second(challenge, code);
    expect(ok.statusCode).toBe(200);
    expect(ok.json().user.username).toBe(member.username);
    expect(ok.cookies.some((c) => c.name === 'minga_session' && c.value)).toBe(true);

    const replay = await second(challengeOf(await login(member)), code);
    expect(replay.statusCode).toBe(400);
    expect(replay.json().error.code).toBe('INVALID_SECOND_FACTOR');
    // A code of a step more than one away is refused too.
    expect((await second(challengeOf(await login(member)), codeFor(secret, 3))).statusCode).toBe(400);
  });

  it('a recovery code works once, whatever its case and dashes', async () => {
    const member = await registerUser(app);
    const { recoveryCodes: codes } = await enable(member);
    const spoken = codes[0]!.toUpperCase().replace('-', ' ');
    const ok = await second(challengeOf(await login(member)), spoken);
    expect(ok.statusCode).toBe(200);
    const again = await second(challengeOf(await login(member)), codes[0]!);
    expect(again.statusCode).toBe(400);
    expect(again.json().error.code).toBe('INVALID_SECOND_FACTOR');
    expect((await as(app, member).get('/api/me/2fa')).json().recoveryCodesLeft).toBe(9);
  });

  it('a half-done sign-in older than five minutes is refused', async () => {
    const member = await registerUser(app);
    const { secret } = await enable(member);
    const challenge = challengeOf(await login(member));
    const idHash = createHash('sha256').update(challenge.split('=')[1]!).digest('hex');
    await createLoginChallengesRepository(t.database.db).setExpiry(idHash, new Date(Date.now() - 1000));
    const late = await second(challenge, codeFor(secret, 1));
    expect(late.statusCode).toBe(401);
    expect(late.json().error.code).toBe('LOGIN_EXPIRED');
    expect((await app.inject({ method: 'GET', url: '/api/auth/login/second-factor', headers: { cookie: challenge } })).json().error.code).toBe(
      'LOGIN_EXPIRED',
    );
  });

  it('turning it off needs a current code, not the password alone; on and off sign out the other sessions and mail the member', async () => {
    const member = await registerUser(app);
    const before = { ...member, cookie: sessionCookieOf(await login(member)) };
    const { secret, recoveryCodes: codes } = await enable(member);
    // Turning it on signed the other browser out, not this one.
    expect((await as(app, before).get('/api/session')).json().user).toBeNull();
    expect((await as(app, member).get('/api/session')).json().user.username).toBe(member.username);

    const passwordOnly = await del(member, '/api/me/2fa/totp', { password: member.password });
    expect(passwordOnly.statusCode).toBe(400);
    expect(passwordOnly.json().error.code).toBe('FRESH_FACTOR_REQUIRED');
    const wrong = await del(member, '/api/me/2fa/totp', { code: codeFor(secret, 5) });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.code).toBe('INVALID_SECOND_FACTOR');
    expect((await as(app, member).get('/api/me/2fa')).json().totp).toBe(true);

    // Signed in elsewhere (with a recovery code), then turned off here with the app's current code.
    const elsewhere = { ...member, cookie: sessionCookieOf(await second(challengeOf(await login(member)), codes[0]!)) };
    const off = await del(member, '/api/me/2fa/totp', { code: codeFor(secret, 1) });
    expect(off.statusCode).toBe(204);
    // No factor is left: the recovery codes went with it, and signing in is one step again.
    expect((await as(app, member).get('/api/me/2fa')).json()).toMatchObject({ totp: false, recoveryCodesLeft: 0, kinds: [] });
    expect((await as(app, elsewhere).get('/api/session')).json().user).toBeNull();
    expect((await login(member)).statusCode).toBe(200);

    const mails = await t.database.db
      .select()
      .from(mailOutbox)
      .where(and(eq(mailOutbox.userId, member.user.id), eq(mailOutbox.kind, 'second_factor_changed')))
      .orderBy(mailOutbox.id);
    expect(mails.map((m) => m.subject)).toEqual([
      'Se activó la verificación en dos pasos en su cuenta de Minga',
      'Se desactivó la verificación en dos pasos en su cuenta de Minga',
    ]);
  });

  /** New recovery codes, confirmed like any sensitive change (here with the password: it removes no factor). */
  async function newCodes(account: Account): Promise<string[]> {
    const response = await as(app, account).post('/api/me/2fa/recovery-codes', { password: account.password });
    expect(response.statusCode).toBe(200);
    return response.json().recoveryCodes;
  }

  it('new recovery codes void the old ones', async () => {
    const member = await registerUser(app);
    const { recoveryCodes: old } = await enable(member);
    const wrong = await as(app, member).post('/api/me/2fa/recovery-codes', { password: 'not-the-password' });
    expect(wrong.statusCode).toBe(400);
    const fresh = await newCodes(member);
    expect(fresh).toHaveLength(10);
    expect((await second(challengeOf(await login(member)), old[1]!)).statusCode).toBe(400);
    expect((await second(challengeOf(await login(member)), fresh[1]!)).statusCode).toBe(200);
    const none = await registerUser(app);
    expect((await as(app, none).post('/api/me/2fa/recovery-codes', { password: none.password })).json().error.code).toBe('NO_SECOND_FACTOR');
  });

  it('an erased account loses its secret and codes', async () => {
    const member = await registerUser(app);
    await enable(member);
    await app.bus.publish('user.erased', { userId: member.user.id, email: member.email });
    expect(await t.database.db.select().from(totpSecrets).where(eq(totpSecrets.userId, member.user.id))).toEqual([]);
    expect(await t.database.db.select().from(recoveryCodes).where(eq(recoveryCodes.userId, member.user.id))).toEqual([]);
  });
});
