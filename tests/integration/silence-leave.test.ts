/**
 * A silence is the moderators' decision for a time: the silenced member cannot end it early by
 * leaving an open community and joining again (leaving removed the membership, and the silence
 * with it). They are told until when they cannot leave; the ban already survives leaving.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { as, buildWorld, startThread, type World } from '../helpers/forums.ts';
import { setTrust } from '../helpers/moderation.ts';

let t: TestApp;
let admin: World['admin'];
beforeAll(async () => {
  t = await buildTestApp();
  admin = (await buildWorld(t.app)).admin;
});
afterAll(async () => {
  await t.app.close();
});

describe('leaving a community while silenced in it', () => {
  it('does not end the silence: the member stays and still cannot write', async () => {
    const w = await buildWorld(t.app, { admin });
    await setTrust(t.app, w);
    const until = new Date(Date.now() + 86_400_000);
    const silenced = await as(t.app, w.moderator).post(`/api/communities/${w.slug}/members/${w.member.user.id}/silence`, {
      until: until.toISOString(),
      reason: 'Tono ofensivo',
    });
    expect(silenced.statusCode).toBe(200);

    const leave = await t.app.inject({
      method: 'POST',
      url: `/api/communities/${w.slug}/leave`,
      headers: { origin: 'http://localhost:80', cookie: w.member.cookie, 'accept-language': 'en' },
    });
    expect(leave.statusCode).toBe(409);
    expect(leave.json().error.code).toBe('LEAVE_WHILE_SILENCED');
    expect(leave.json().error.message).toContain(until.toISOString().slice(0, 10));

    await as(t.app, w.member).post(`/api/communities/${w.slug}/join`);
    const post = await as(t.app, w.member).post(`/api/forums/${w.forumId}/threads`, { title: 'De vuelta sin silencio', body: 'Texto de prueba aquí', kind: 'discussion' });
    expect(post.statusCode).toBe(403);
    expect(post.json().error.code).toBe('SILENCED_IN_COMMUNITY');
  });

  it('is allowed again once the silence has ended', async () => {
    const w = await buildWorld(t.app, { admin });
    await setTrust(t.app, w);
    await startThread(t.app, w.member, w.forumId);
    const lifted = await as(t.app, w.moderator).post(`/api/communities/${w.slug}/members/${w.member.user.id}/silence`, { until: null, reason: 'Levantado' });
    expect(lifted.statusCode).toBe(200);
    expect((await as(t.app, w.member).post(`/api/communities/${w.slug}/leave`)).json()).toEqual({ status: 'none' });
  });
});
