import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { registerUser } from '../helpers/accounts.ts';
import { as, buildWorld } from '../helpers/forums.ts';

let t: TestApp;
beforeEach(async () => {
  t = await buildTestApp();
});
afterEach(async () => {
  await t.app.close();
});

describe('communities', () => {
  it('only admins create communities; slugs are checked and unique', async () => {
    const { admin, member } = await buildWorld(t.app);
    const body = { slug: 'skills-verdes', name: 'Competencias verdes', description: 'Empleos verdes', visibility: 'public', joinPolicy: 'open' };
    expect((await as(t.app, member).post('/api/communities', body)).statusCode).toBe(403);
    const created = await as(t.app, admin).post('/api/communities', body);
    expect(created.statusCode).toBe(201);
    expect(created.json().community).toMatchObject({ slug: 'skills-verdes', memberCount: 1, visibility: 'public', joinPolicy: 'open' });
    const again = await as(t.app, admin).post('/api/communities', body);
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'SLUG_TAKEN', field: 'slug' });
    const bad = await as(t.app, admin).post('/api/communities', { ...body, slug: 'Con Espacios!' });
    expect(bad.json().error).toMatchObject({ code: 'SLUG_INVALID', field: 'slug' });
  });

  it('shows a community page with forums, moderators, member count and recent activity', async () => {
    const w = await buildWorld(t.app);
    await as(t.app, w.member).post(`/api/forums/${w.forumId}/threads`, { title: 'Primer tema de prueba', body: 'Hola a todos', kind: 'discussion' });
    const detail = (await as(t.app, null).get(`/api/communities/${w.slug}`)).json();
    expect(detail.community.memberCount).toBe(3);
    expect(detail.forums).toEqual([expect.objectContaining({ id: w.forumId, slug: 'general', name: 'General', threadCount: 1, postCount: 1 })]);
    expect(detail.moderators.map((m: { username: string }) => m.username).sort()).toEqual([w.admin.username, w.moderator.username].sort());
    expect(detail.recent).toEqual([expect.objectContaining({ title: 'Primer tema de prueba', forumName: 'General' })]);
    expect(detail.membership).toBeNull();
    expect(detail.permissions).toEqual({ canJoin: false, canPost: false, canModerate: false, canManageRoles: false });
  });

  it('open communities admit at once; leaving works; counts follow', async () => {
    const w = await buildWorld(t.app);
    expect((await as(t.app, w.outsider).post(`/api/communities/${w.slug}/join`)).json()).toEqual({ status: 'active' });
    expect((await as(t.app, null).get(`/api/communities/${w.slug}`)).json().community.memberCount).toBe(4);
    expect((await as(t.app, w.outsider).post(`/api/communities/${w.slug}/leave`)).json()).toEqual({ status: 'none' });
    expect((await as(t.app, null).get(`/api/communities/${w.slug}`)).json().community.memberCount).toBe(3);
  });

  it('approval communities keep requests pending until a moderator approves or declines', async () => {
    const w = await buildWorld(t.app, { joinPolicy: 'approval' });
    const other = await registerUser(t.app);
    expect((await as(t.app, w.outsider).post(`/api/communities/${w.slug}/join`)).json()).toEqual({ status: 'pending' });
    await as(t.app, other).post(`/api/communities/${w.slug}/join`);

    const pendingForMember = await as(t.app, w.member).get(`/api/communities/${w.slug}/members?status=pending`);
    expect(pendingForMember.statusCode).toBe(403);
    const pending = (await as(t.app, w.moderator).get(`/api/communities/${w.slug}/members?status=pending`)).json();
    expect(pending.items.map((m: { user: { id: number } }) => m.user.id).sort()).toEqual([w.outsider.user.id, other.user.id].sort());

    const blocked = await as(t.app, w.outsider).post(`/api/forums/${w.forumId}/threads`, { title: 'Quiero participar', body: 'Hola', kind: 'discussion' });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.code).toBe('MEMBERSHIP_PENDING');

    const approved = await as(t.app, w.moderator).post(`/api/communities/${w.slug}/members/${w.outsider.user.id}`, { status: 'active' });
    expect(approved.json().member).toMatchObject({ status: 'active', role: 'member' });
    expect((await as(t.app, w.moderator).delete(`/api/communities/${w.slug}/members/${other.user.id}`)).statusCode).toBe(204);
    const after = (await as(t.app, w.moderator).get(`/api/communities/${w.slug}/members?status=pending`)).json();
    expect(after.items).toEqual([]);
    expect((await as(t.app, w.outsider).post(`/api/forums/${w.forumId}/threads`, { title: 'Ahora sí participo', body: 'Hola', kind: 'discussion' })).statusCode).toBe(201);
  });

  it('bans keep a person out, even if they leave and rejoin', async () => {
    const w = await buildWorld(t.app);
    const ban = await as(t.app, w.moderator).post(`/api/communities/${w.slug}/members/${w.member.user.id}`, { status: 'banned' });
    expect(ban.json().member.status).toBe('banned');
    const write = await as(t.app, w.member).post(`/api/forums/${w.forumId}/threads`, { title: 'Sigo aquí', body: 'Hola', kind: 'discussion' });
    expect(write.json().error.code).toBe('BANNED_FROM_COMMUNITY');
    await as(t.app, w.member).post(`/api/communities/${w.slug}/leave`);
    const rejoin = await as(t.app, w.member).post(`/api/communities/${w.slug}/join`);
    expect(rejoin.statusCode).toBe(403);
    expect(rejoin.json().error.code).toBe('BANNED_FROM_COMMUNITY');
    expect((await as(t.app, w.moderator).post(`/api/communities/${w.slug}/members/${w.admin.user.id}`, { status: 'banned' })).statusCode).toBe(403);
  });

  it('the moderator role is granted by admins or the owner, not by moderators', async () => {
    const w = await buildWorld(t.app);
    const byModerator = await as(t.app, w.moderator).post(`/api/communities/${w.slug}/members/${w.member.user.id}`, { role: 'moderator' });
    expect(byModerator.statusCode).toBe(403);
    const byAdmin = await as(t.app, w.admin).post(`/api/communities/${w.slug}/members/${w.member.user.id}`, { role: 'moderator' });
    expect(byAdmin.json().member.role).toBe('moderator');
  });

  it('searches members by name', async () => {
    const w = await buildWorld(t.app);
    await as(t.app, w.member).patch('/api/me', { displayName: 'Graciela Quispe' });
    const found = (await as(t.app, null).get(`/api/communities/${w.slug}/members?q=quisp`)).json();
    expect(found.items.map((m: { user: { displayName: string } }) => m.user.displayName)).toEqual(['Graciela Quispe']);
  });

  it('moderators create, rename, describe and reorder forums; members cannot', async () => {
    const w = await buildWorld(t.app);
    const second = await as(t.app, w.moderator).post(`/api/communities/${w.slug}/forums`, { slug: 'recursos', name: 'Recursos', description: 'Materiales' });
    expect(second.statusCode).toBe(201);
    const secondId = second.json().forum.id;
    expect((await as(t.app, w.member).post(`/api/communities/${w.slug}/forums`, { slug: 'otro', name: 'Otro foro' })).statusCode).toBe(403);
    const renamed = await as(t.app, w.moderator).patch(`/api/forums/${secondId}`, { name: 'Recursos didácticos', description: 'Guías y manuales' });
    expect(renamed.json().forum).toMatchObject({ name: 'Recursos didácticos', description: 'Guías y manuales' });
    expect((await as(t.app, w.member).patch(`/api/forums/${secondId}`, { name: 'Hackeado' })).statusCode).toBe(403);
    const reordered = await as(t.app, w.moderator).post(`/api/communities/${w.slug}/forums/order`, { forumIds: [secondId, w.forumId] });
    expect(reordered.json().forums.map((f: { id: number }) => f.id)).toEqual([secondId, w.forumId]);
    const wrong = await as(t.app, w.moderator).post(`/api/communities/${w.slug}/forums/order`, { forumIds: [secondId] });
    expect(wrong.json().error.code).toBe('FORUM_ORDER_INVALID');
    const detail = (await as(t.app, null).get(`/api/communities/${w.slug}`)).json();
    expect(detail.forums.map((f: { id: number }) => f.id)).toEqual([secondId, w.forumId]);
  });
});
