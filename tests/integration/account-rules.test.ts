/**
 * Account rules: password spraying is limited per address across account names; registration
 * refuses direction controls in names; control characters never reach storage; site roles are
 * given by admins, logged, undoable, and the last admin stays one; a pending member can
 * withdraw their request to join.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { newAccount, ORIGIN, registerUser } from '../helpers/accounts.ts';
import { as, buildWorld, startThread } from '../helpers/forums.ts';

let t: TestApp;
beforeEach(async () => {
  t = await buildTestApp();
});
afterEach(async () => {
  await t.app.close();
});

const login = (username: string, password: string, remoteAddress: string) =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { origin: ORIGIN }, remoteAddress, payload: { username, password } });

describe('password spraying', () => {
  it('stops an address after 30 failed sign-ins across many account names, right password included; other addresses go on', async () => {
    const victim = await registerUser(t.app);
    for (let i = 0; i < 30; i++) {
      const failed = await login(`persona_${i}`, 'Primavera2026!', '203.0.113.7');
      expect(failed.statusCode).toBe(401);
    }
    const blocked = await login(victim.username, victim.password, '203.0.113.7');
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error.code).toBe('RATE_LIMITED');
    expect((await login(victim.username, victim.password, '198.51.100.4')).statusCode).toBe(200);
  }, 60_000);
});

describe('names and text hygiene', () => {
  it('refuses direction controls in usernames and display names with a clear 400', async () => {
    const spoofed = await t.app.inject({
      method: 'POST',
      url: '/api/auth/register',
      headers: { origin: ORIGIN },
      payload: newAccount({ displayName: 'admin\u202Enimda' }),
    });
    expect(spoofed.statusCode).toBe(400);
    expect(spoofed.json().error).toMatchObject({ code: 'NAME_DIRECTION_CONTROL', field: 'displayName' });
    const username = await t.app.inject({
      method: 'POST',
      url: '/api/auth/register',
      headers: { origin: ORIGIN },
      payload: { ...newAccount(), username: 'ana\u2066x' },
    });
    expect(username.json().error).toMatchObject({ code: 'NAME_DIRECTION_CONTROL', field: 'username' });
    const account = await registerUser(t.app);
    const patched = await as(t.app, account).patch('/api/me', { displayName: 'Ana \u2067Pérez' });
    expect(patched.statusCode).toBe(400);
    expect(patched.json().error.code).toBe('NAME_DIRECTION_CONTROL');
  });

  it('strips NUL and control characters from stored text and normalises line breaks, keeping tabs and newlines', async () => {
    const w = await buildWorld(t.app);
    const { thread } = await startThread(t.app, w.member, w.forumId);
    const reply = await as(t.app, w.member).post(`/api/threads/${thread.id}/posts`, { body: 'Uno\u0000 dos\u0007\r\ntres\tcuatro\u001b[31m' });
    expect(reply.statusCode).toBe(201);
    const stored = t.database.sqlite.prepare('SELECT body FROM posts WHERE id = ?').get(reply.json().post.id) as { body: string };
    expect(stored.body).toBe('Uno dos\ntres\tcuatro[31m');
    const bio = await as(t.app, w.member).patch('/api/me', { bio: 'Hola\u0000\r\nmundo' });
    expect(bio.json().user.bio).toBe('Hola\nmundo');
    const community = await as(t.app, w.admin).post('/api/communities', {
      slug: 'limpia',
      name: 'Limpia\u0000',
      description: 'Sin\u0008 controles',
      visibility: 'public',
      joinPolicy: 'open',
    });
    expect(community.statusCode).toBe(201);
    const row = t.database.sqlite.prepare("SELECT name, description FROM communities WHERE slug = 'limpia'").get();
    expect(row).toEqual({ name: 'Limpia', description: 'Sin controles' });
  });
});

describe('site roles', () => {
  it('lets an admin make a member an editor, logs it, and undoes it', async () => {
    const admin = await registerUser(t.app);
    const member = await registerUser(t.app);
    const changed = await as(t.app, admin).patch(`/api/users/${member.user.id}/role`, { role: 'editor' });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().user).toMatchObject({ id: member.user.id, role: 'editor' });
    expect((await as(t.app, member).get('/api/me')).json().user.role).toBe('editor');

    const log = (await as(t.app, admin).get('/api/moderation/log?targetType=user')).json().items;
    const entry = log.find((e: { action: string }) => e.action === 'user.role');
    expect(entry).toMatchObject({ actorId: admin.user.id, targetId: member.user.id, undoable: true });
    const undone = await as(t.app, admin).post(`/api/moderation/log/${entry.id}/undo`, { reason: 'Por error' });
    expect(undone.statusCode).toBe(200);
    expect((await as(t.app, member).get('/api/me')).json().user.role).toBe('member');
  });

  it('refuses role changes by non-admins, and the last admin cannot be demoted (409 LAST_ADMIN)', async () => {
    const admin = await registerUser(t.app);
    const member = await registerUser(t.app);
    const byMember = await as(t.app, member).patch(`/api/users/${member.user.id}/role`, { role: 'admin' });
    expect(byMember.statusCode).toBe(403);
    expect((await as(t.app, member).get('/api/users')).statusCode).toBe(403);

    const alone = await as(t.app, admin).patch(`/api/users/${admin.user.id}/role`, { role: 'member' });
    expect(alone.statusCode).toBe(409);
    expect(alone.json().error.code).toBe('LAST_ADMIN');
    expect((await as(t.app, admin).get('/api/me')).json().user.role).toBe('admin');

    // With a second admin, the first may step down; then the second is the last one.
    expect((await as(t.app, admin).patch(`/api/users/${member.user.id}/role`, { role: 'admin' })).statusCode).toBe(200);
    expect((await as(t.app, admin).patch(`/api/users/${admin.user.id}/role`, { role: 'member' })).statusCode).toBe(200);
    const last = await as(t.app, member).patch(`/api/users/${member.user.id}/role`, { role: 'editor' });
    expect(last.json().error.code).toBe('LAST_ADMIN');
    expect((await as(t.app, member).patch('/api/users/999999/role', { role: 'editor' })).statusCode).toBe(404);
  });

  it('lists people for admins: search, role and status filters, pages', async () => {
    const admin = await registerUser(t.app);
    const ana = await registerUser(t.app, { username: 'ana_tejedora', displayName: 'Ana Tejedora' });
    const luis = await registerUser(t.app, { username: 'luis_editor' });
    await as(t.app, admin).patch(`/api/users/${luis.user.id}/role`, { role: 'editor' });
    await as(t.app, admin).post(`/api/users/${ana.user.id}/suspension`, { until: new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10), reason: 'Spam' });

    const found = (await as(t.app, admin).get('/api/users?q=tejed')).json();
    expect(found.items.map((p: { username: string }) => p.username)).toEqual(['ana_tejedora']);
    expect(found.items[0].suspendedUntil).not.toBeNull();
    const editors = (await as(t.app, admin).get('/api/users?role=editor')).json().items;
    expect(editors.map((p: { id: number }) => p.id)).toEqual([luis.user.id]);
    const suspended = (await as(t.app, admin).get('/api/users?status=suspended')).json().items;
    expect(suspended.map((p: { id: number }) => p.id)).toEqual([ana.user.id]);
    const active = (await as(t.app, admin).get('/api/users?status=active')).json().items;
    expect(active.map((p: { id: number }) => p.id)).not.toContain(ana.user.id);

    const first = (await as(t.app, admin).get('/api/users?limit=2')).json();
    expect(first.items).toHaveLength(2);
    const second = (await as(t.app, admin).get(`/api/users?limit=2&cursor=${first.nextCursor}`)).json();
    expect(second.items.map((p: { id: number }) => p.id)).toEqual([admin.user.id]);
    expect(second.nextCursor).toBeNull();
    expect((await as(t.app, admin).get('/api/users?q=%25')).json().items).toHaveLength(0);
  });
});

describe('withdrawing a request to join', () => {
  it('lets a pending member withdraw; the moderators no longer see the request', async () => {
    const w = await buildWorld(t.app, { joinPolicy: 'approval' });
    expect((await as(t.app, w.outsider).post(`/api/communities/${w.slug}/join`)).json()).toEqual({ status: 'pending' });
    const withdrawn = await as(t.app, w.outsider).delete(`/api/communities/${w.slug}/join`);
    expect(withdrawn.statusCode).toBe(200);
    expect(withdrawn.json()).toEqual({ status: 'none' });
    const pending = (await as(t.app, w.moderator).get(`/api/communities/${w.slug}/members?status=pending`)).json();
    expect(pending.items).toHaveLength(0);
    const again = await as(t.app, w.outsider).delete(`/api/communities/${w.slug}/join`);
    expect(again.statusCode).toBe(404);
    expect(again.json().error.code).toBe('JOIN_REQUEST_NOT_FOUND');
    // An active member is not withdrawn by it (leaving is a separate, confirmed act).
    expect((await as(t.app, w.member).delete(`/api/communities/${w.slug}/join`)).statusCode).toBe(404);
  });
});
