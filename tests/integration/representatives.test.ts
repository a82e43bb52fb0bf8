/**
 * Institution representatives (issue 18, part 7): admins name and remove them, anyone may read
 * who they are, a person sees which institutions they represent, and nobody else may change them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { as, buildWorld, type World } from '../helpers/forums.ts';

let t: TestApp;
let w: World;
let institutionId: number;

beforeAll(async () => {
  t = await buildTestApp();
  w = await buildWorld(t.app);
  institutionId = (await as(t.app, null).get('/api/institutions?limit=1')).json().items[0].id;
});
afterAll(async () => {
  await t?.app.close();
});

describe('institution representatives', () => {
  it('an admin names a representative; everyone sees them; the person sees what they represent', async () => {
    const added = await as(t.app, w.admin).put(`/api/institutions/${institutionId}/representatives/${w.member.user.id}`);
    expect(added.statusCode).toBe(200);
    expect(added.json().items.map((r: { username: string }) => r.username)).toEqual([w.member.user.username]);
    const listed = await as(t.app, null).get(`/api/institutions/${institutionId}/representatives`);
    expect(listed.json().items).toEqual([{ id: w.member.user.id, username: w.member.user.username, displayName: expect.any(String) }]);
    expect((await as(t.app, w.member).get('/api/me/representing')).json()).toEqual({ institutionIds: [institutionId] });
    expect((await as(t.app, w.outsider).get('/api/me/representing')).json()).toEqual({ institutionIds: [] });
    expect((await as(t.app, null).get('/api/me/representing')).statusCode).toBe(401);

    const removed = await as(t.app, w.admin).delete(`/api/institutions/${institutionId}/representatives/${w.member.user.id}`);
    expect(removed.json().items).toEqual([]);
    expect((await as(t.app, w.member).get('/api/me/representing')).json()).toEqual({ institutionIds: [] });
  });

  it('only admins change them; a missing institution or person is a 404', async () => {
    const put = (who: World['admin'] | null, inst: number, user: number) => as(t.app, who).put(`/api/institutions/${inst}/representatives/${user}`);
    expect((await put(w.moderator, institutionId, w.moderator.user.id)).statusCode).toBe(403);
    expect((await put(null, institutionId, w.moderator.user.id)).statusCode).toBe(401);
    expect((await put(w.admin, 999_999, w.moderator.user.id)).statusCode).toBe(404);
    expect((await put(w.admin, institutionId, 999_999)).statusCode).toBe(404);
    expect((await as(t.app, null).get('/api/institutions/999999/representatives')).statusCode).toBe(404);
    expect((await as(t.app, null).get(`/api/institutions/${institutionId}/representatives`)).json().items).toEqual([]);
  });
});
