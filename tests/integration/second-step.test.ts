import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../server/app.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { ORIGIN, registerUser } from '../helpers/accounts.ts';
import type { FactorKind } from '../../server/modules/auth/second-factors.ts';

/**
 * The sign-in's second step, whatever the kind of factor: kinds registered by a test under
 * names of their own (the real kinds, authenticator codes, recovery codes and passkeys, are
 * registered by their areas and have their own tests) prove the core.
 */
const kind = (name: string) => name as FactorKind;
describe('the second step of signing in', () => {
  let t: TestApp;
  let app: App;
  const withFactor = new Set<number>();
  const used = new Set<string>();

  beforeAll(async () => {
    t = await buildTestApp();
    app = t.app;
    app.secondFactors.register({
      kind: kind('test-fallback'),
      fallback: true,
      enabled: (userId) => withFactor.has(userId),
      accepts: (proof) => typeof proof.code === 'string',
      verify: async (_userId, proof) => {
        if (proof.code !== 'good' || used.has(proof.code + _userId)) return false;
        used.add(proof.code + _userId);
        return true;
      },
    });
  });
  afterAll(() => app.close());

  const login = (username: string, password: string) =>
    app.inject({ method: 'POST', url: '/api/auth/login', headers: { origin: ORIGIN }, payload: { username, password } });
  const second = (cookie: string | undefined, code: string) =>
    app.inject({
      method: 'POST',
      url: '/api/auth/login/second-factor',
      headers: { origin: ORIGIN, ...(cookie ? { cookie } : {}) },
      payload: { code },
    });
  const challengeOf = (response: Awaited<ReturnType<typeof login>>) => {
    const c = response.cookies.find((x) => x.name === 'minga_login');
    return c ? `minga_login=${c.value}` : undefined;
  };

  it('signs in at once without a factor; asks for it, then signs in, with one', async () => {
    const plain = await registerUser(app);
    const direct = await login(plain.username, plain.password);
    expect(direct.statusCode).toBe(200);

    const member = await registerUser(app);
    // A fallback-only kind is not a second factor by itself: it counts beside a real one.
    withFactor.add(member.user.id);
    expect((await login(member.username, member.password)).statusCode).toBe(200);
  });

  it('401 SECOND_FACTOR_REQUIRED, then the right code from the same browser completes it once', async () => {
    const member = await registerUser(app);
    withFactor.add(member.user.id);
    app.secondFactors.register({
      kind: kind('test-code'),
      enabled: (userId) => userId === member.user.id,
      accepts: () => false,
      verify: async () => false,
    });
    const first = await login(member.username, member.password);
    expect(first.statusCode).toBe(401);
    expect(first.json().error.code).toBe('SECOND_FACTOR_REQUIRED');
    expect(first.json().error.params.methods).toBe('test-code,test-fallback');
    expect(first.cookies.some((c) => c.name === 'minga_session' && c.value)).toBe(false);
    const cookie = challengeOf(first);
    expect(cookie).toBeDefined();

    expect((await second(undefined, 'good')).json().error.code).toBe('LOGIN_EXPIRED');
    const wrong = await second(cookie, 'bad');
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.code).toBe('INVALID_SECOND_FACTOR');

    const ok = await second(cookie, 'good');
    expect(ok.statusCode).toBe(200);
    expect(ok.json().user.username).toBe(member.username);
    expect(ok.cookies.some((c) => c.name === 'minga_session' && c.value)).toBe(true);
    // The half-done sign-in is used up.
    expect((await second(cookie, 'good')).json().error.code).toBe('LOGIN_EXPIRED');
  });

  it('five wrong answers end the half-done sign-in', async () => {
    const member = await registerUser(app);
    withFactor.add(member.user.id);
    app.secondFactors.register({
      kind: kind('test-key'),
      enabled: (userId) => userId === member.user.id,
      accepts: () => false,
      verify: async () => false,
    });
    const cookie = challengeOf(await login(member.username, member.password));
    for (let i = 0; i < 5; i += 1) expect((await second(cookie, `bad${i}`)).json().error.code).toBe('INVALID_SECOND_FACTOR');
    expect((await second(cookie, 'good')).json().error.code).toBe('LOGIN_EXPIRED');
  });
});
