import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { ORIGIN, registerUser } from '../helpers/accounts.ts';

// The head's hreflang alternates point at `?lang=xx`: that address must answer in that language
// whatever the browser's languages or its remembered choice say.
let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ reference: false });
});
afterAll(async () => {
  await t.app.close();
});

function sessionLocale(url: string, headers: Record<string, string> = {}) {
  return t.app.inject({ url, headers }).then((response) => response.json().locale as string);
}

describe('the lang query parameter', () => {
  it('wins over Accept-Language and the language cookie for that request', async () => {
    expect(await sessionLocale('/api/session?lang=pt', { 'accept-language': 'en', cookie: 'minga_locale=es' })).toBe('pt');
    expect(await sessionLocale('/api/session?lang=en', { 'accept-language': 'pt-BR' })).toBe('en');
    // Only for that request: the next one negotiates as before.
    expect(await sessionLocale('/api/session', { 'accept-language': 'en', cookie: 'minga_locale=es' })).toBe('es');
  });

  it('translates errors of that request', async () => {
    const response = await t.app.inject({ url: '/api/users/nadie?lang=en', headers: { 'accept-language': 'es' } });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.message).toBe('That person does not exist.');
  });

  it('ignores a language the interface does not speak, or a repeated parameter', async () => {
    expect(await sessionLocale('/api/session?lang=fr', { 'accept-language': 'pt' })).toBe('pt');
    expect(await sessionLocale('/api/session?lang=xx&lang=en', { 'accept-language': 'pt' })).toBe('pt');
  });

  it('leaves a signed-in person in the language saved with their account', async () => {
    const account = await registerUser(t.app);
    await t.app.inject({
      method: 'PATCH',
      url: '/api/me',
      headers: { origin: ORIGIN, cookie: account.cookie },
      payload: { locale: 'es' },
    });
    expect(await sessionLocale('/api/session?lang=en', { cookie: account.cookie })).toBe('es');
  });
});
