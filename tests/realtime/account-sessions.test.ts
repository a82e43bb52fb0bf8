/**
 * Account basics: changing the password and "sign out everywhere" end every other session of
 * the account, and their sockets with them; the session that asked stays, socket included.
 */
import { describe, expect, it } from 'vitest';
import { ORIGIN, registerUser, sessionCookieOf } from '../helpers/accounts.ts';
import { liveWorld } from '../helpers/sockets.ts';

const { state, sockets } = liveWorld();

async function loginAgain(account: { username: string; password: string }, userAgent: string) {
  const response = await state.server.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    headers: { origin: ORIGIN, 'user-agent': userAgent },
    payload: { username: account.username, password: account.password },
  });
  expect(response.statusCode).toBe(200);
  return sessionCookieOf(response);
}

const closed = (socket: { once(event: 'disconnect', listener: () => void): unknown }) =>
  new Promise<true>((resolve) => socket.once('disconnect', () => resolve(true)));

describe('signing out other sessions', () => {
  it('changes the password: the other sessions and their sockets are signed out, this one stays', async () => {
    const account = await registerUser(state.server.app);
    const laptop = await loginAgain(account, 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0');
    const other = await registerUser(state.server.app);
    const mine = await sockets.connect(account.cookie);
    const theirs = await sockets.connect(laptop);
    const stranger = await sockets.connect(other.cookie);
    const laptopGone = closed(theirs);

    const changed = await state.server.app.inject({
      method: 'POST',
      url: '/api/me/password',
      headers: { origin: ORIGIN, cookie: account.cookie },
      payload: { currentPassword: account.password, newPassword: 'otra-clave-del-altiplano-9' },
    });
    expect(changed.statusCode).toBe(204);
    await expect(laptopGone).resolves.toBe(true);
    expect(mine.connected).toBe(true);
    expect(stranger.connected).toBe(true);

    expect((await state.server.app.inject({ url: '/api/me', headers: { cookie: laptop } })).statusCode).toBe(401);
    expect((await state.server.app.inject({ url: '/api/me', headers: { cookie: account.cookie } })).statusCode).toBe(200);
    // The old password no longer opens the account; the new one does.
    const oldLogin = await state.server.app.inject({ method: 'POST', url: '/api/auth/login', headers: { origin: ORIGIN }, payload: { username: account.username, password: account.password } });
    expect(oldLogin.statusCode).toBe(401);
    await loginAgain({ username: account.username, password: 'otra-clave-del-altiplano-9' }, 'curl/8.0');
  });

  it('"sign out everywhere" ends the other sessions and their sockets, and keeps this one', async () => {
    const account = await registerUser(state.server.app);
    const phone = await loginAgain(account, 'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36');
    const tablet = await loginAgain(account, 'Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) Version/17.0 Safari/605.1.15');
    const phoneSocket = await sockets.connect(phone);
    const mine = await sockets.connect(account.cookie);
    const phoneGone = closed(phoneSocket);

    const revoked = await state.server.app.inject({ method: 'POST', url: '/api/me/sessions/revoke-others', headers: { origin: ORIGIN, cookie: account.cookie } });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json()).toEqual({ revoked: 2 });
    await expect(phoneGone).resolves.toBe(true);
    expect(mine.connected).toBe(true);
    for (const cookie of [phone, tablet]) {
      expect((await state.server.app.inject({ url: '/api/me', headers: { cookie } })).statusCode).toBe(401);
    }
    const list = await state.server.app.inject({ url: '/api/me/sessions', headers: { cookie: account.cookie } });
    expect(list.json().items).toHaveLength(1);
    expect(list.json().items[0].current).toBe(true);
  });
});
