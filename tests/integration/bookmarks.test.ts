/**
 * Bookmarks (issue 16, part 5): the contract (create or update, list newest first, remove), the
 * thread's own gate (a private thread's post is a 404 to outsiders; a post that became
 * unreadable leaves the list), and the reminder: a notification of kind `bookmark_reminder`
 * exactly once, fired by the scheduler's `runDue` on a clock of the test's, then mailed per the
 * member's notification mail preferences.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailOutbox } from '../../db/schema/index.ts';
import { defaultRateLimits } from '../../server/config.ts';
import { notificationMailerOf } from '../../server/modules/notification-mail/index.ts';
import { ORIGIN, registerUser } from '../helpers/accounts.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { as, buildWorld, replyTo, startThread, type World } from '../helpers/forums.ts';

const HOUR = 3_600_000;
let t: TestApp;
let w: World;
let priv: World;

beforeAll(async () => {
  t = await buildTestApp({
    mail: { smtpUrl: undefined, from: 'Minga <minga@example.org>', publicUrl: 'https://minga.example.org' },
    rateLimits: { ...defaultRateLimits(), register: { max: 1000, windowMs: 60_000 } },
  });
  w = await buildWorld(t.app);
  priv = await buildWorld(t.app, { visibility: 'private', admin: w.admin });
});
afterAll(async () => {
  await t?.app.close();
});

const notificationsOf = async (account: World['member']) =>
  ((await as(t.app, account).get('/api/notifications')).json().items as { kind: string; url: string; postId: number | null; thread: { title: string } | null }[]).filter(
    (n) => n.kind === 'bookmark_reminder',
  );

describe('bookmarks', () => {
  it('bookmarks a post, lists it newest first with excerpt, thread and link, updates and removes it', async () => {
    const { thread, post } = await startThread(t.app, w.moderator, w.forumId, { title: 'Rúbricas para competencias', body: 'Usamos **rúbricas** con cuatro niveles.' });
    const reply = await replyTo(t.app, w.moderator, thread.id, 'Y autoevaluación al final de cada módulo.');
    const me = as(t.app, w.member);

    const first = await me.post(`/api/posts/${post.id}/bookmark`);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ postId: post.id, thread: { id: thread.id, title: 'Rúbricas para competencias' }, url: `/t/${thread.id}#post-${post.id}`, remindAt: null });
    expect(first.json().excerpt).toBe('Usamos rúbricas con cuatro niveles.');

    const remindAt = new Date(Date.now() + 2 * HOUR).toISOString();
    expect((await me.post(`/api/posts/${reply.id}/bookmark`, { remindAt })).json().remindAt).toBe(remindAt);

    const list = (await me.get('/api/bookmarks')).json();
    expect(list.items.map((b: { postId: number }) => b.postId)).toEqual([reply.id, post.id]);
    expect(list.items[0]).toMatchObject({ remindAt, url: `/t/${thread.id}#post-${reply.id}` });

    // Bookmarking again updates the one bookmark (the reminder can be dropped).
    const again = await me.post(`/api/posts/${reply.id}/bookmark`, { remindAt: null });
    expect(again.json()).toMatchObject({ id: list.items[0].id, remindAt: null });
    expect((await me.get('/api/bookmarks')).json().items).toHaveLength(2);

    // A private note, kept beside the reminder (blank is none).
    expect((await me.post(`/api/posts/${reply.id}/bookmark`, { note: '  Para el taller de marzo ' })).json()).toMatchObject({ note: 'Para el taller de marzo', remindAt: null });
    expect((await me.get('/api/bookmarks')).json().items[0].note).toBe('Para el taller de marzo');
    expect((await me.post(`/api/posts/${reply.id}/bookmark`, { note: '   ' })).json().note).toBeNull();

    // The marks on the thread's posts.
    expect((await me.get(`/api/threads/${thread.id}/bookmarks`)).json().items.map((b: { postId: number }) => b.postId).sort()).toEqual([post.id, reply.id].sort());

    expect((await me.delete(`/api/posts/${post.id}/bookmark`)).statusCode).toBe(204);
    expect((await me.get('/api/bookmarks')).json().items.map((b: { postId: number }) => b.postId)).toEqual([reply.id]);
    // Someone else's list is their own.
    expect((await as(t.app, w.outsider).get('/api/bookmarks')).json().items).toEqual([]);
  });

  it('pages the list with a cursor', async () => {
    const reader = await registerUser(t.app);
    const { thread } = await startThread(t.app, w.moderator, w.forumId);
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await replyTo(t.app, w.moderator, thread.id, `Respuesta ${i}`)).id);
    for (const id of ids) await as(t.app, reader).post(`/api/posts/${id}/bookmark`, {});
    const page1 = (await as(t.app, reader).get('/api/bookmarks?limit=2')).json();
    expect(page1.items.map((b: { postId: number }) => b.postId)).toEqual([ids[2], ids[1]]);
    const page2 = (await as(t.app, reader).get(`/api/bookmarks?limit=2&cursor=${page1.nextCursor}`)).json();
    expect(page2).toMatchObject({ nextCursor: null });
    expect(page2.items.map((b: { postId: number }) => b.postId)).toEqual([ids[0]]);
    expect((await as(t.app, reader).get('/api/bookmarks?cursor=nonsense')).statusCode).toBe(400);
  });

  it('needs a signed-in member and a sensible reminder time', async () => {
    const { post } = await startThread(t.app, w.moderator, w.forumId);
    expect((await as(t.app, null).post(`/api/posts/${post.id}/bookmark`, {})).statusCode).toBe(401);
    expect((await as(t.app, null).get('/api/bookmarks')).statusCode).toBe(401);
    const past = await as(t.app, w.member).post(`/api/posts/${post.id}/bookmark`, { remindAt: new Date(Date.now() - 2 * HOUR).toISOString() });
    expect(past.statusCode).toBe(400);
    expect(past.json().error).toMatchObject({ code: 'BOOKMARK_REMINDER_INVALID', field: 'remindAt' });
    expect((await as(t.app, w.member).post(`/api/posts/${post.id}/bookmark`, { remindAt: 'tomorrow' })).statusCode).toBe(400);
    expect((await as(t.app, w.member).post('/api/posts/99999999/bookmark', {})).statusCode).toBe(404);
  });

  it('a private thread’s post is a 404 to outsiders, exactly like a missing one', async () => {
    const { thread, post } = await startThread(t.app, priv.moderator, priv.forumId);
    const outsider = await as(t.app, priv.outsider).post(`/api/posts/${post.id}/bookmark`, {});
    const missing = await as(t.app, priv.outsider).post('/api/posts/99999998/bookmark', {});
    expect(outsider.statusCode).toBe(404);
    expect(outsider.json().error.code).toBe(missing.json().error.code);
    expect((await as(t.app, priv.outsider).get(`/api/threads/${thread.id}/bookmarks`)).statusCode).toBe(404);
    expect((await as(t.app, priv.outsider).get('/api/bookmarks')).json().items).toEqual([]);
    // A member of the community may.
    expect((await as(t.app, priv.member).post(`/api/posts/${post.id}/bookmark`, {})).statusCode).toBe(200);
  });

  it('leaves out of the list the posts the member can no longer read, and brings them back', async () => {
    const leaver = await registerUser(t.app);
    await as(t.app, priv.admin).post(`/api/communities/${priv.slug}/members/${leaver.user.id}`, { status: 'active' });
    const { post: open } = await startThread(t.app, w.moderator, w.forumId, { title: 'Tema público' });
    const { thread, post: closed } = await startThread(t.app, priv.moderator, priv.forumId, { title: 'Tema privado' });
    const hiddenReply = await replyTo(t.app, priv.moderator, thread.id, 'Esto se ocultará.');
    for (const id of [open.id, closed.id, hiddenReply.id]) expect((await as(t.app, leaver).post(`/api/posts/${id}/bookmark`, {})).statusCode).toBe(200);
    const listed = async () => (await as(t.app, leaver).get('/api/bookmarks')).json().items.map((b: { postId: number }) => b.postId);
    expect(await listed()).toEqual([hiddenReply.id, closed.id, open.id]);

    expect((await as(t.app, priv.moderator).post(`/api/posts/${hiddenReply.id}/moderation`, { hidden: true })).statusCode).toBe(200);
    expect(await listed()).toEqual([closed.id, open.id]);

    // Out of the community: its posts leave the list (and the thread's marks are a 404).
    expect((await as(t.app, priv.admin).delete(`/api/communities/${priv.slug}/members/${leaver.user.id}`)).statusCode).toBe(204);
    expect(await listed()).toEqual([open.id]);
    expect((await as(t.app, leaver).get(`/api/threads/${thread.id}/bookmarks`)).statusCode).toBe(404);

    // Back in: the bookmark was kept.
    await as(t.app, priv.admin).post(`/api/communities/${priv.slug}/members/${leaver.user.id}`, { status: 'active' });
    expect(await listed()).toEqual([closed.id, open.id]);
  });
});

describe('bookmark reminders', () => {
  it('fire once when their time passes, as a notification of kind bookmark_reminder, then the reminder is cleared', async () => {
    const reader = await registerUser(t.app);
    const { thread, post } = await startThread(t.app, w.moderator, w.forumId, { title: 'Recordar este tema' });
    const remindAt = new Date(Date.now() + 3 * HOUR);
    await as(t.app, reader).post(`/api/posts/${post.id}/bookmark`, { remindAt: remindAt.toISOString() });

    // Not yet.
    await t.app.bookmarkReminders.runDue(new Date(remindAt.getTime() - 60_000));
    expect(await notificationsOf(reader)).toEqual([]);

    await t.app.bookmarkReminders.runDue(new Date(remindAt.getTime() + 1_000));
    const fired = await notificationsOf(reader);
    expect(fired).toHaveLength(1);
    expect(fired[0]).toMatchObject({ postId: post.id, url: `/t/${thread.id}#post-${post.id}`, thread: { title: 'Recordar este tema' } });
    const bookmark = (await as(t.app, reader).get('/api/bookmarks')).json().items[0];
    expect(bookmark).toMatchObject({ postId: post.id, remindAt: null });

    // Once: later runs add nothing.
    await t.app.bookmarkReminders.runDue(new Date(remindAt.getTime() + 2 * HOUR));
    expect(await notificationsOf(reader)).toHaveLength(1);
    expect((await as(t.app, reader).get('/api/notifications/unread')).json().unread).toBe(1);

    // A new reminder on the same bookmark fires again, once.
    const next = new Date(Date.now() + 30 * HOUR);
    await as(t.app, reader).post(`/api/posts/${post.id}/bookmark`, { remindAt: next.toISOString() });
    await t.app.bookmarkReminders.runDue(new Date(next.getTime() + 1));
    await t.app.bookmarkReminders.runDue(new Date(next.getTime() + 2));
    expect(await notificationsOf(reader)).toHaveLength(2);
  });

  it('tells nobody about a post they can no longer read', async () => {
    const leaver = await registerUser(t.app);
    await as(t.app, priv.admin).post(`/api/communities/${priv.slug}/members/${leaver.user.id}`, { status: 'active' });
    const { post } = await startThread(t.app, priv.moderator, priv.forumId);
    const remindAt = new Date(Date.now() + HOUR);
    await as(t.app, leaver).post(`/api/posts/${post.id}/bookmark`, { remindAt: remindAt.toISOString() });
    expect((await as(t.app, priv.admin).delete(`/api/communities/${priv.slug}/members/${leaver.user.id}`)).statusCode).toBe(204);
    await t.app.bookmarkReminders.runDue(new Date(remindAt.getTime() + 1));
    expect(await notificationsOf(leaver)).toEqual([]);
  });

  it('is mailed by the notification mail, unless the member turned that kind off', async () => {
    const mailed = await registerUser(t.app);
    const quiet = await registerUser(t.app);
    const off = await t.app.inject({ method: 'PUT', url: '/api/me/mail-preferences', headers: { origin: ORIGIN, cookie: quiet.cookie }, payload: { modes: { bookmark_reminder: 'never' } } });
    expect(off.statusCode).toBe(200);
    const { post } = await startThread(t.app, w.moderator, w.forumId, { title: 'Un tema para el correo' });
    const remindAt = new Date(Date.now() + HOUR);
    for (const who of [mailed, quiet]) await as(t.app, who).post(`/api/posts/${post.id}/bookmark`, { remindAt: remindAt.toISOString() });
    await t.app.bookmarkReminders.runDue(new Date(remindAt.getTime() + 1));
    expect(await notificationsOf(quiet)).toHaveLength(1);
    await notificationMailerOf(t.database).runDue(new Date(Date.now() + 2 * HOUR));
    const outbox = (userId: number) => t.database.db.select().from(mailOutbox).where(and(eq(mailOutbox.userId, userId), eq(mailOutbox.kind, 'notification')));
    expect(await outbox(mailed.user.id)).toHaveLength(1);
    expect((await outbox(mailed.user.id))[0]!.subject + (await outbox(mailed.user.id))[0]!.html).toContain('Un tema para el correo');
    expect(await outbox(quiet.user.id)).toHaveLength(0);
  });
});
