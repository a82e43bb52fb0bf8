/**
 * Changing the password asks for the current one, so it answers "right or wrong" about it: with
 * a session taken from an unlocked computer, that would be a way to guess the password (to use
 * it elsewhere, or to lock the owner out) that the sign-in limits never see. Wrong current
 * passwords count with failed sign-ins from the address, and once those are used up the form
 * waits like the sign-in does, the right password included.
 */
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

const change = (cookie: string, currentPassword: string, remoteAddress: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/me/password',
    headers: { origin: ORIGIN, cookie },
    remoteAddress,
    payload: { currentPassword, newPassword: 'una-clave-nueva-2026' },
  });

describe('guessing the current password on the change-password form', () => {
  it('is stopped after as many wrong guesses as failed sign-ins from the address', async () => {
    const owner = await registerUser(t.app);
    for (let i = 0; i < 30; i++) {
      const wrong = await change(owner.cookie, `adivinanza-${i}`, '203.0.113.50');
      expect(wrong.statusCode).toBe(400);
      expect(wrong.json().error.code).toBe('WRONG_PASSWORD');
    }
    const right = await change(owner.cookie, owner.password, '203.0.113.50');
    expect(right.statusCode).toBe(429);
    expect(right.json().error.code).toBe('RATE_LIMITED');
    // The sign-in from that address waits too: the same count.
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { origin: ORIGIN },
      remoteAddress: '203.0.113.50',
      payload: { username: owner.username, password: owner.password },
    });
    expect(login.statusCode).toBe(429);
    // The owner elsewhere is not locked out.
    expect((await change(owner.cookie, owner.password, '198.51.100.60')).statusCode).toBe(204);
  }, 60_000);
});
