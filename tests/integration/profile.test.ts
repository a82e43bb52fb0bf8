import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { ORIGIN, registerUser } from '../helpers/accounts.ts';

let t: TestApp;
beforeEach(async () => {
  t = await buildTestApp();
});
afterEach(async () => {
  await t.app.close();
});

function patchMe(cookie: string, payload: Record<string, unknown>, headers: Record<string, string> = {}) {
  return t.app.inject({ method: 'PATCH', url: '/api/me', headers: { origin: ORIGIN, cookie, ...headers }, payload });
}

function institutionId(acronym: string): number {
  return (t.database.sqlite.prepare('SELECT id FROM institutions WHERE acronym = ?').get(acronym) as { id: number }).id;
}

describe('profiles', () => {
  it('edits display name, institution, country, languages and bio, and shows them publicly', async () => {
    const account = await registerUser(t.app, { username: 'rosa_q' });
    const senati = institutionId('SENATI');
    const response = await patchMe(account.cookie, {
      displayName: '  Rosa   Quispe ',
      institutionId: senati,
      countryCode: 'pe',
      languages: ['pt', 'es'],
      bio: 'Diseño curricular por competencias.\nCusco.',
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().user).toMatchObject({
      displayName: 'Rosa Quispe',
      institution: { id: senati, acronym: 'SENATI' },
      country: { code: 'PE', names: { es: 'Perú' } },
      languages: ['es', 'pt'],
      bio: 'Diseño curricular por competencias.\nCusco.',
    });

    const visitor = await t.app.inject({ url: '/api/users/ROSA_Q' });
    expect(visitor.statusCode).toBe(200);
    const publicUser = visitor.json().user;
    expect(publicUser).toMatchObject({ username: 'rosa_q', displayName: 'Rosa Quispe', institution: { acronym: 'SENATI' } });
    expect(publicUser).not.toHaveProperty('email');
    expect(publicUser).not.toHaveProperty('locale');
  });

  it('clears institution and country with null', async () => {
    const account = await registerUser(t.app);
    await patchMe(account.cookie, { institutionId: institutionId('SENA'), countryCode: 'CO' });
    const cleared = await patchMe(account.cookie, { institutionId: null, countryCode: null });
    expect(cleared.json().user).toMatchObject({ institution: null, country: null });
  });

  it.each([
    [{ bio: 'x'.repeat(501) }, 'BIO_TOO_LONG', 'bio'],
    [{ countryCode: 'DE' }, 'COUNTRY_UNKNOWN', 'countryCode'],
    [{ institutionId: 99999 }, 'INSTITUTION_UNKNOWN', 'institutionId'],
    [{ languages: ['es', 'klingon'] }, 'LANGUAGE_UNKNOWN', 'languages'],
    [{ displayName: '' }, 'DISPLAY_NAME_INVALID', 'displayName'],
  ])('refuses %o with %s and keeps what was stored', async (payload, code, field) => {
    const account = await registerUser(t.app);
    await patchMe(account.cookie, { bio: 'antes' });
    const response = await patchMe(account.cookie, { ...payload, bio: (payload as { bio?: string }).bio ?? 'después' });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code, field });
    const me = await t.app.inject({ url: '/api/me', headers: { cookie: account.cookie } });
    expect(me.json().user.bio).toBe('antes');
  });

  it('answers 404 USER_NOT_FOUND for an unknown username', async () => {
    const response = await t.app.inject({ url: '/api/users/nadie', headers: { 'accept-language': 'pt' } });
    expect(response.statusCode).toBe(404);
    expect(response.json().error).toEqual({ code: 'USER_NOT_FOUND', message: 'Essa pessoa não existe.' });
  });

  it('keeps the interface language with the account, over the browser and the cookie', async () => {
    const account = await registerUser(t.app);
    const saved = await patchMe(account.cookie, { locale: 'en' });
    expect(saved.json().user.locale).toBe('en');
    const session = await t.app.inject({
      url: '/api/session',
      headers: { cookie: `${account.cookie}; minga_locale=pt`, 'accept-language': 'es' },
    });
    expect(session.json().locale).toBe('en');
    const error = await patchMe(account.cookie, { bio: 'x'.repeat(501) }, { 'accept-language': 'es' });
    expect(error.json().error.message).toBe('The bio cannot be longer than 500 characters.');
  });

  it('refuses profile edits without a session', async () => {
    const response = await t.app.inject({ method: 'PATCH', url: '/api/me', headers: { origin: ORIGIN }, payload: { bio: 'x' } });
    expect(response.statusCode).toBe(401);
  });
});
