import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { newAccount, ORIGIN, registerUser } from '../helpers/accounts.ts';

let t: TestApp;
beforeEach(async () => {
  t = await buildTestApp();
});
afterEach(async () => {
  await t.app.close();
});

function register(payload: Record<string, unknown>, headers: Record<string, string> = {}) {
  return t.app.inject({ method: 'POST', url: '/api/auth/register', headers: { origin: ORIGIN, ...headers }, payload });
}

describe('POST /api/auth/register', () => {
  it('creates the account, answers 201 with the user and signs them in', async () => {
    const account = newAccount({ username: 'Marta_Lopez', email: 'Marta@Example.ORG' });
    const response = await register(account);
    expect(response.statusCode).toBe(201);
    const { user } = response.json();
    expect(user).toMatchObject({ username: 'marta_lopez', email: 'marta@example.org', displayName: account.displayName });
    expect(user).not.toHaveProperty('passwordHash');

    const cookie = response.cookies.find((c) => c.name === 'minga_session')!;
    const me = await t.app.inject({ url: '/api/me', cookies: { minga_session: cookie.value } });
    expect(me.statusCode).toBe(200);
    expect(me.json().user.username).toBe('marta_lopez');
  });

  it('sets an HttpOnly, SameSite=Lax session cookie, Secure only over https', async () => {
    const plain = await register(newAccount());
    const cookie = plain.cookies.find((c) => c.name === 'minga_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    expect(cookie.path).toBe('/');
    expect(cookie.secure).toBeFalsy();

    await t.app.close();
    t = await buildTestApp({ trustProxy: true });
    const tls = await t.app.inject({
      method: 'POST',
      url: '/api/auth/register',
      headers: { origin: 'https://minga.example', host: 'minga.example', 'x-forwarded-proto': 'https' },
      payload: newAccount(),
    });
    expect(tls.statusCode).toBe(201);
    expect(tls.cookies.find((c) => c.name === 'minga_session')!.secure).toBe(true);
  });

  it('makes the first account an admin and the next ones members', async () => {
    const first = await registerUser(t.app);
    const second = await registerUser(t.app);
    expect(first.user.role).toBe('admin');
    expect(second.user.role).toBe('member');
  });

  it.each([
    ['username too short', { username: 'ab' }, 'USERNAME_INVALID', 'username'],
    ['username too long', { username: 'a'.repeat(31) }, 'USERNAME_INVALID', 'username'],
    ['username with spaces', { username: 'ana maria' }, 'USERNAME_INVALID', 'username'],
    ['username with accents', { username: 'josé' }, 'USERNAME_INVALID', 'username'],
    ['email without @', { email: 'ana.example.org' }, 'EMAIL_INVALID', 'email'],
    ['email without domain', { email: 'ana@' }, 'EMAIL_INVALID', 'email'],
    ['password of 9 characters', { password: 'abcdefghi' }, 'PASSWORD_TOO_SHORT', 'password'],
    ['a very common password', { password: 'qwertyuiop' }, 'PASSWORD_TOO_COMMON', 'password'],
    ['a common password in capitals', { password: 'PASSWORD123' }, 'PASSWORD_TOO_COMMON', 'password'],
    ['a blank display name', { displayName: '   ' }, 'DISPLAY_NAME_INVALID', 'displayName'],
    ['a display name of 81 characters', { displayName: 'x'.repeat(81) }, 'DISPLAY_NAME_INVALID', 'displayName'],
  ])('refuses %s with 400 %s on the field', async (_case, override, code, field) => {
    const response = await register({ ...newAccount(), ...override });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code, field });
    expect(response.json().error.message).toEqual(expect.any(String));
    expect(response.cookies.find((c) => c.name === 'minga_session')).toBeUndefined();
  });

  it('accepts the edges of the rules: 3 and 30 characters, hyphens, underscores, 10-character password', async () => {
    expect((await register(newAccount({ username: 'a-b' }))).statusCode).toBe(201);
    expect((await register(newAccount({ username: 'z'.repeat(29) + '_' }))).statusCode).toBe(201);
    expect((await register(newAccount({ password: 'ñandú-2026' }))).statusCode).toBe(201);
  });

  it('answers 409 for a username taken in any case, and not for a taken email (that is not told)', async () => {
    await registerUser(t.app, { username: 'rosa_quispe', email: 'rosa@example.org' });
    const sameName = await register(newAccount({ username: 'ROSA_QUISPE' }));
    expect(sameName.statusCode).toBe(409);
    expect(sameName.json().error).toMatchObject({ code: 'USERNAME_TAKEN', field: 'username' });

    // The address's owner is told by mail instead (tests/integration/email-verification.test.ts).
    const sameEmail = await register(newAccount({ email: 'Rosa@Example.org' }));
    expect(sameEmail.statusCode).toBe(201);
  });

  it('gives messages in the language the browser asks for, Spanish by default', async () => {
    const bad = { ...newAccount(), password: 'short' };
    expect((await register(bad)).json().error.message).toBe('La contraseña debe tener al menos 10 caracteres.');
    expect((await register(bad, { 'accept-language': 'pt-BR,pt;q=0.9' })).json().error.message).toBe(
      'A senha deve ter pelo menos 10 caracteres.',
    );
    expect((await register(bad, { 'accept-language': 'en-US,en;q=0.8' })).json().error.message).toBe(
      'The password must be at least 10 characters long.',
    );
    expect((await register(bad, { 'accept-language': 'de-DE' })).json().error.message).toBe(
      'La contraseña debe tener al menos 10 caracteres.',
    );
    expect((await register(bad, { cookie: 'minga_locale=en', 'accept-language': 'pt' })).json().error.message).toBe(
      'The password must be at least 10 characters long.',
    );
  });

  it('never stores the password in clear, only an argon2id hash', async () => {
    const account = await registerUser(t.app);
    const row = t.database.sqlite.prepare('SELECT password_hash FROM users WHERE id = ?').get(account.user.id) as {
      password_hash: string;
    };
    expect(row.password_hash.startsWith('$argon2id$')).toBe(true);
    expect(row.password_hash).not.toContain(account.password);
  });
});
