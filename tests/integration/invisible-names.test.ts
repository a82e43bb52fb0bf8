/**
 * A display name must show something: one made only of invisible characters (zero-width
 * spaces, joiners, the Braille and Hangul blanks, lone combining marks) would let its owner
 * post as nobody. Names that merely contain joiners (emoji sequences, Persian ZWNJ) stay valid.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { newAccount, ORIGIN, registerUser } from '../helpers/accounts.ts';
import { as } from '../helpers/forums.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.app.close();
});

const INVISIBLE = ['\u200B', '\u200B\u200C\u200D', '\u2800', '\u3164', '\u115F\u1160', '\uFFA0', '\u0301', '\u2060\uFEFF', '\u00AD'];

describe('display names that show nothing', () => {
  it('are refused at registration and on the profile, with the name’s own message', async () => {
    const account = await registerUser(t.app);
    for (const displayName of INVISIBLE) {
      const registered = await t.app.inject({ method: 'POST', url: '/api/auth/register', headers: { origin: ORIGIN }, payload: newAccount({ displayName }) });
      expect({ displayName, status: registered.statusCode, code: registered.json().error?.code }).toEqual({ displayName, status: 400, code: 'DISPLAY_NAME_INVALID' });
      const patched = await as(t.app, account).patch('/api/me', { displayName });
      expect({ displayName, status: patched.statusCode }).toEqual({ displayName, status: 400 });
    }
  });

  it('keeps names that contain joiners among visible letters', async () => {
    const account = await registerUser(t.app);
    for (const displayName of ['👩\u200D🏫 Ana', 'می\u200Cخواهم', 'José']) {
      const patched = await as(t.app, account).patch('/api/me', { displayName });
      expect(patched.statusCode).toBe(200);
      expect(patched.json().user.displayName).toBe(displayName);
    }
  });
});
