import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Workshop } from '../../shared/schemas/workshops.ts';
import { registerUser } from '../helpers/accounts.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { as, buildWorld, replyTo, startThread, type World } from '../helpers/forums.ts';
import { setTrust } from '../helpers/moderation.ts';
import { scheduleWorkshop } from '../helpers/workshops.ts';

let t: TestApp;
let w: World;
let hidden: World;

beforeAll(async () => {
  t = await buildTestApp();
  w = await buildWorld(t.app);
  hidden = await buildWorld(t.app, { visibility: 'private', admin: w.admin });
  await setTrust(t.app, w);
});
afterAll(async () => {
  await t.app.close();
});

const listed = async (account: World['member'] | null) =>
  ((await as(t.app, account).get('/api/workshops?limit=100')).json().items as Workshop[]).map((i) => i.id);

describe('the workshops list reads by the same rule as the workshop page', () => {
  it('leaves out a private community’s workshop for a host banned from that community', async () => {
    const host = await registerUser(t.app);
    await as(t.app, w.admin).post(`/api/communities/${hidden.slug}/members/${host.user.id}`, { status: 'active' });
    const workshop = await scheduleWorkshop(t.app, hidden.moderator, hidden.slug, {
      title: 'Plan interno de certificación 2031',
      description: 'Borrador reservado a los miembros',
      hosts: [host.username],
    });
    expect((await as(t.app, hidden.moderator).post(`/api/workshops/${workshop.id}/open`)).statusCode).toBe(200);
    const message = await as(t.app, hidden.moderator).post(`/api/workshops/${workshop.id}/messages`, { body: 'Contraseña de la sala: mandioca' });
    expect(message.statusCode).toBe(201);
    expect((await as(t.app, hidden.moderator).post(`/api/workshops/${workshop.id}/pin`, { messageId: message.json().message.id })).statusCode).toBe(200);
    expect(await listed(host)).toContain(workshop.id);

    const ban = await as(t.app, hidden.moderator).post(`/api/communities/${hidden.slug}/members/${host.user.id}/ban`, { reason: 'Spam' });
    expect(ban.statusCode, ban.body).toBe(200);
    expect((await as(t.app, host).get(`/api/workshops/${workshop.id}`)).statusCode).toBe(404);
    const list = await as(t.app, host).get('/api/workshops?limit=100');
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain('Plan interno');
    expect(list.body).not.toContain('mandioca');
    expect(list.body).not.toContain(hidden.slug);
    // Members, invited hosts who are not members, and admins still find it.
    expect(await listed(hidden.member)).toContain(workshop.id);
    expect(await listed(w.admin)).toContain(workshop.id);
    expect(await listed(null)).not.toContain(workshop.id);
    expect(await listed(w.outsider)).not.toContain(workshop.id);
  });

  it('lists what the page shows for an invited host who is not a member, and for a pending one', async () => {
    const guest = await registerUser(t.app);
    const workshop = await scheduleWorkshop(t.app, hidden.moderator, hidden.slug, { hosts: [guest.username] });
    expect((await as(t.app, guest).get(`/api/workshops/${workshop.id}`)).statusCode).toBe(200);
    expect(await listed(guest)).toContain(workshop.id);
  });
});

describe('notifications follow the thread they are about', () => {
  it('leave the list and the unread count when the thread moves into a community the recipient cannot read', async () => {
    const reader = await registerUser(t.app);
    await as(t.app, reader).post(`/api/communities/${w.slug}/join`);
    const { thread, post } = await startThread(t.app, reader, w.forumId, { title: 'Pregunta que luego se traslada' });
    await replyTo(t.app, w.member, thread.id, 'Respuesta a la pregunta', post.id);
    const before = (await as(t.app, reader).get('/api/notifications')).json();
    expect(before.items.map((n: { thread: { id: number } | null }) => n.thread?.id)).toContain(thread.id);
    const unreadBefore = (await as(t.app, reader).get('/api/notifications/unread')).json().unread as number;
    expect(unreadBefore).toBeGreaterThan(0);

    expect((await as(t.app, w.admin).post(`/api/threads/${thread.id}/move`, { forumId: hidden.forumId })).statusCode).toBe(200);
    const after = await as(t.app, reader).get('/api/notifications');
    expect(after.json().items.map((n: { thread: { id: number } | null }) => n.thread?.id)).not.toContain(thread.id);
    expect(after.body).not.toContain('Pregunta que luego se traslada');
    expect(after.json().unread).toBe(unreadBefore - 1);
    expect((await as(t.app, reader).get('/api/notifications/unread')).json().unread).toBe(unreadBefore - 1);

    // A member of the private community it moved into keeps theirs.
    await as(t.app, w.admin).post(`/api/communities/${hidden.slug}/members/${reader.user.id}`, { status: 'active' });
    expect((await as(t.app, reader).get('/api/notifications/unread')).json().unread).toBe(unreadBefore);
  });
});

describe('one readable-community rule for every list, admins included', () => {
  it('lets an admin who is not a member list what members list, and outsiders none of it', async () => {
    // An admin who belongs to no community (no one can name admins through the API yet).
    const admin = await registerUser(t.app);
    t.database.sqlite.prepare(`UPDATE users SET role = 'admin' WHERE id = ?`).run(admin.user.id);
    const stranger = await registerUser(t.app);
    const workshop = await scheduleWorkshop(t.app, w.moderator, w.slug, { title: 'Taller abierto citado en privado' });
    const { thread } = await startThread(t.app, hidden.member, hidden.forumId, { title: 'Hilo privado que cita el taller', body: `Vean [[workshop:${workshop.id}]]` });
    const backlinks = async (account: World['member'] | null) =>
      ((await as(t.app, account).get(`/api/workshops/${workshop.id}/backlinks`)).json().backlinks as { threadId: number }[]).map((b) => b.threadId);
    const communities = async (account: World['member'] | null) =>
      ((await as(t.app, account).get('/api/communities?limit=100')).json().items as { slug: string }[]).map((c) => c.slug);

    for (const reader of [admin, hidden.member]) {
      expect(await backlinks(reader)).toContain(thread.id);
      expect(await communities(reader)).toContain(hidden.slug);
    }
    for (const reader of [stranger, null]) {
      expect(await backlinks(reader)).not.toContain(thread.id);
      expect(await communities(reader)).not.toContain(hidden.slug);
    }
  });
});
