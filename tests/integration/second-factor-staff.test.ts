import { generateSync } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../server/app.ts';
import { defaultRateLimits } from '../../server/config.ts';
import { buildTestApp } from '../helpers/app.ts';
import { ORIGIN, registerUser } from '../helpers/accounts.ts';
import { as, buildWorld, startThread, type World } from '../helpers/forums.ts';

type Account = Awaited<ReturnType<typeof registerUser>>;

/** Admins can require a second factor of staff (admins, editors, community moderators). */
describe('a second factor required of staff', () => {
  let app: App;
  let world: World;
  let t: Awaited<ReturnType<typeof buildTestApp>>;

  beforeAll(async () => {
    t = await buildTestApp();
    app = t.app;
    world = await buildWorld(app);
  });
  afterAll(() => app.close());

  const post = (account: Account) =>
    as(app, account).post(`/api/forums/${world.forumId}/threads`, { title: 'Rúbricas de competencias', body: 'Compartimos la nuestra.', kind: 'discussion' });

  it('only admins see and set the policy', async () => {
    expect((await as(app, world.member).get('/api/admin/second-factor-policy')).statusCode).toBe(403);
    expect((await as(app, world.moderator).put('/api/admin/second-factor-policy', { requiredForStaff: true })).statusCode).toBe(403);
    expect((await as(app, world.admin).get('/api/admin/second-factor-policy')).json()).toEqual({ requiredForStaff: false });
    // Off: staff write as before.
    expect((await post(world.moderator)).statusCode).toBe(201);
  });

  it('once required, staff without a factor read but cannot write until they set one up; members are not concerned', async () => {
    const set = await as(app, world.admin).put('/api/admin/second-factor-policy', { requiredForStaff: true });
    expect(set.json()).toEqual({ requiredForStaff: true });
    // The audit log says who required it.
    expect(
      t.database.sqlite.prepare("SELECT actor_id AS actorId FROM moderation_log WHERE action = 'second_factor_policy.require'").all(),
    ).toEqual([{ actorId: world.admin.user.id }]);

    const refused = await post(world.moderator);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('SECOND_FACTOR_SETUP_REQUIRED');
    expect((await post(world.admin)).json().error.code).toBe('SECOND_FACTOR_SETUP_REQUIRED');
    expect((await as(app, world.moderator).get(`/api/forums/${world.forumId}/threads`)).statusCode).toBe(200);
    expect((await as(app, world.moderator).get('/api/session')).json().user.secondFactor).toEqual({ enabled: false, required: true });
    expect((await as(app, world.moderator).get('/api/me/2fa')).json().required).toBe(true);
    // A member is not staff.
    await startThread(app, world.member, world.forumId);
    expect((await as(app, world.member).get('/api/session')).json().user.secondFactor).toEqual({ enabled: false, required: false });

    // Setting up a factor is open; then writing is again.
    const { secret } = (await as(app, world.moderator).post('/api/me/2fa/totp')).json();
    const confirmed = await as(app, world.moderator).post('/api/me/2fa/totp/confirm', { code: generateSync({ secret }) });
    expect(confirmed.statusCode).toBe(200);
    expect((await post(world.moderator)).statusCode).toBe(201);
    expect((await as(app, world.moderator).get('/api/session')).json().user.secondFactor).toEqual({ enabled: true, required: true });

    // Signing out stays open.
    expect((await as(app, world.admin).post('/api/auth/logout')).statusCode).toBe(204);
  });
});

describe('wrong codes are failed sign-ins', () => {
  it('count against the address like wrong passwords', async () => {
    const { app } = await buildTestApp({ rateLimits: { ...defaultRateLimits(), loginFailures: { max: 3, windowMs: 60_000 } } });
    try {
      const member = await registerUser(app);
      const { secret } = (await as(app, member).post('/api/me/2fa/totp')).json();
      const wrong = generateSync({ secret, epoch: Math.floor(Date.now() / 1000) + 300 });
      for (let i = 0; i < 3; i += 1) expect((await as(app, member).post('/api/me/2fa/totp/confirm', { code: wrong })).statusCode).toBe(400);
      const limited = await as(app, member).post('/api/me/2fa/totp/confirm', { code: generateSync({ secret }) });
      expect(limited.statusCode).toBe(429);
      expect(limited.json().error.code).toBe('RATE_LIMITED');
    } finally {
      await app.close();
    }
  });

  it('also when confirming it is you with a code (turning the factor off)', async () => {
    const { app } = await buildTestApp({ rateLimits: { ...defaultRateLimits(), loginFailures: { max: 3, windowMs: 60_000 } } });
    try {
      const member = await registerUser(app);
      const { secret } = (await as(app, member).post('/api/me/2fa/totp')).json();
      expect((await as(app, member).post('/api/me/2fa/totp/confirm', { code: generateSync({ secret }) })).statusCode).toBe(200);
      const off = (code: string) =>
        app.inject({ method: 'DELETE', url: '/api/me/2fa/totp', headers: { origin: ORIGIN, cookie: member.cookie }, payload: { code } });
      const wrong = generateSync({ secret, epoch: Math.floor(Date.now() / 1000) + 300 });
      for (let i = 0; i < 3; i += 1) expect((await off(wrong)).json().error.code).toBe('INVALID_SECOND_FACTOR');
      const limited = await off(generateSync({ secret, epoch: Math.floor(Date.now() / 1000) + 30 }));
      expect(limited.statusCode).toBe(429);
      expect((await as(app, member).get('/api/me/2fa')).json().totp).toBe(true);
    } finally {
      await app.close();
    }
  });
});
