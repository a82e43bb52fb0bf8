/**
 * The per-address sign-in limit against a sprayer on IPv6: one host usually holds a whole /64
 * (2^64 addresses), so counting each address alone never stops it. Failures are counted per
 * /64 network, and an IPv4 address counts the same however it is written (IPv4-mapped IPv6);
 * so are the other per-address limits of our own (search, posting).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { ORIGIN, registerUser } from '../helpers/accounts.ts';
import { defaultRateLimits } from '../../server/config.ts';

let t: TestApp;
beforeEach(async () => {
  t = await buildTestApp();
});
afterEach(async () => {
  await t.app.close();
});

const login = (username: string, password: string, remoteAddress: string) =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { origin: ORIGIN }, remoteAddress, payload: { username, password } });

describe('password spraying from many addresses of one network', () => {
  it('stops a /64 after 30 failures from as many of its addresses; another /64 goes on', async () => {
    const victim = await registerUser(t.app);
    for (let i = 0; i < 30; i++) {
      const failed = await login(`persona_${i}`, 'Primavera2026!', `2001:db8:1:2::${(i + 1).toString(16)}`);
      expect(failed.statusCode).toBe(401);
    }
    const blocked = await login(victim.username, victim.password, '2001:db8:1:2:abcd:1234:5678:9abc');
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error.code).toBe('RATE_LIMITED');
    expect((await login(victim.username, victim.password, '2001:db8:1:3::1')).statusCode).toBe(200);
  }, 60_000);

  it('counts an IPv4 address written as IPv4-mapped IPv6 as the same address', async () => {
    const victim = await registerUser(t.app);
    for (let i = 0; i < 30; i++) {
      const address = i % 2 === 0 ? '203.0.113.9' : '::ffff:203.0.113.9';
      expect((await login(`persona_${i}`, 'Primavera2026!', address)).statusCode).toBe(401);
    }
    expect((await login(victim.username, victim.password, '::ffff:203.0.113.9')).statusCode).toBe(429);
    expect((await login(victim.username, victim.password, '203.0.113.9')).statusCode).toBe(429);
  }, 60_000);
});

describe('the other per-address limits on IPv6', () => {
  it('count anonymous searches per /64 network (registration and reset are counted so by the rate limiter itself)', async () => {
    await t.app.close();
    t = await buildTestApp({ rateLimits: { ...defaultRateLimits(), search: { max: 3, windowMs: 60_000 } } });
    const search = (remoteAddress: string) => t.app.inject({ url: '/api/search?q=formacion', remoteAddress });
    for (let i = 1; i <= 3; i++) expect((await search(`2001:db8:9:9::${i}`)).statusCode).toBe(200);
    const limited = await search('2001:db8:9:9:ffff::99');
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('RATE_LIMITED');
    expect((await search('2001:db8:9:a::1')).statusCode).toBe(200);
  });
});
