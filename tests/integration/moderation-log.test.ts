import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerUser } from '../helpers/accounts.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { as, buildWorld, replyTo, startThread, type World } from '../helpers/forums.ts';
import { logOf } from '../helpers/moderation.ts';

let t: TestApp;
let w: World;
beforeEach(async () => {
  t = await buildTestApp();
  w = await buildWorld(t.app);
});
afterEach(async () => {
  await t.app.close();
});

const threadRow = (id: number) => t.database.sqlite.prepare('SELECT pinned, locked, hidden, post_count FROM threads WHERE id = ?').get(id);

describe('the audit log', () => {
  it('records pin, lock and hide of threads and posts with who, what, on what and why', async () => {
    const { thread } = await startThread(t.app, w.member, w.forumId);
    const post = await replyTo(t.app, w.member, thread.id, 'Una respuesta que se ocultará');
    await as(t.app, w.moderator).post(`/api/threads/${thread.id}/moderation`, { pinned: true, locked: true, reason: 'Tema de referencia' });
    await as(t.app, w.moderator).post(`/api/posts/${post.id}/moderation`, { hidden: true, reason: 'Fuera de tema' });
    await as(t.app, w.moderator).post(`/api/threads/${thread.id}/moderation`, { pinned: true });
    const items = (await logOf(t.app, w)).slice(0, 3);
    expect(items.map((e) => [e.action, e.targetType, e.targetId, e.reason, e.actorId])).toEqual([
      ['post.hide', 'post', post.id, 'Fuera de tema', w.moderator.user.id],
      ['thread.lock', 'thread', thread.id, 'Tema de referencia', w.moderator.user.id],
      ['thread.pin', 'thread', thread.id, 'Tema de referencia', w.moderator.user.id],
    ]);
    const contract = (await as(t.app, w.moderator).get(`/api/moderation/log?community=${w.slug}`)).json();
    expect(Object.keys(contract.items[0])).toEqual(expect.arrayContaining(['id', 'action', 'actorId', 'targetType', 'targetId', 'reason', 'createdAt']));
    expect(contract.nextCursor).toBeNull();
  });

  it('undoes each reversible action and restores the previous state exactly', async () => {
    const { thread } = await startThread(t.app, w.member, w.forumId);
    const post = await replyTo(t.app, w.member, thread.id, 'Otra respuesta cualquiera');
    const before = threadRow(thread.id);
    await as(t.app, w.moderator).post(`/api/threads/${thread.id}/moderation`, { pinned: true, locked: true, hidden: true });
    await as(t.app, w.moderator).post(`/api/posts/${post.id}/moderation`, { hidden: true });
    for (const entry of (await logOf(t.app, w)).filter((e) => e.targetType !== 'user')) {
      const undone = await as(t.app, w.moderator).post(`/api/moderation/log/${entry.id}/undo`, { reason: 'Error mío' });
      expect(undone.statusCode).toBe(200);
      expect(undone.json().entry).toMatchObject({ id: entry.id, undoable: false });
    }
    expect(threadRow(thread.id)).toEqual(before);
    expect((await as(t.app, null).get(`/api/threads/${thread.id}`)).json().posts).toHaveLength(2);
    const items = await logOf(t.app, w);
    expect(items.filter((e) => e.action === 'undo')).toHaveLength(4);
    expect((await as(t.app, w.moderator).post(`/api/moderation/log/${items[0]!.id}/undo`, {})).json().error.code).toBe('NOT_UNDOABLE');
  });

  it('records membership decisions and undoes a role change', async () => {
    await as(t.app, w.admin).post(`/api/communities/${w.slug}/members/${w.member.user.id}`, { role: 'moderator' });
    const [entry] = await logOf(t.app, w);
    expect(entry).toMatchObject({ action: 'member.role', targetType: 'user', targetId: w.member.user.id, actorId: w.admin.user.id });
    await as(t.app, w.admin).post(`/api/moderation/log/${entry!.id}/undo`, {});
    const [me] = (await as(t.app, w.admin).get(`/api/communities/${w.slug}/members?q=${w.member.username}`)).json().items;
    expect(me.role).toBe('member');
  });

  it('filters, pages, and shows each community’s log only to its moderators and admins', async () => {
    const { thread } = await startThread(t.app, w.member, w.forumId);
    for (const pinned of [true, false, true]) await as(t.app, w.moderator).post(`/api/threads/${thread.id}/moderation`, { pinned });
    await as(t.app, w.moderator).post(`/api/threads/${thread.id}/moderation`, { locked: true });
    expect((await logOf(t.app, w, '&action=thread.pin')).map((e) => e.action)).toEqual(['thread.pin', 'thread.pin']);
    expect((await logOf(t.app, w, `&actorId=${w.admin.user.id}`)).every((e) => e.actorId === w.admin.user.id)).toBe(true);
    const page1 = (await as(t.app, w.moderator).get(`/api/moderation/log?community=${w.slug}&limit=3`)).json();
    const page2 = (await as(t.app, w.moderator).get(`/api/moderation/log?community=${w.slug}&limit=3&cursor=${page1.nextCursor}`)).json();
    expect([...page1.items, ...page2.items].map((e: { id: number }) => e.id)).toEqual((await logOf(t.app, w)).map((e) => e.id));

    const elsewhere = await buildWorld(t.app, { admin: w.admin });
    expect((await as(t.app, elsewhere.moderator).get(`/api/moderation/log?community=${w.slug}`)).statusCode).toBe(403);
    expect((await as(t.app, w.member).get('/api/moderation/log')).statusCode).toBe(403);
    const mine = (await as(t.app, elsewhere.moderator).get('/api/moderation/log')).json().items;
    expect(mine.every((e: { community: { slug: string } | null }) => e.community?.slug === elsewhere.slug)).toBe(true);
    const [entry] = await logOf(t.app, w);
    expect((await as(t.app, elsewhere.moderator).post(`/api/moderation/log/${entry!.id}/undo`, {})).statusCode).toBe(403);
  });

  it('keeps actions other areas publish on the bus (workshop hosts), not undoable', async () => {
    const community = (await as(t.app, null).get(`/api/communities/${w.slug}`)).json().community;
    await t.app.bus.publish('audit.action', { actorId: w.moderator.user.id, action: 'workshop.mute', communityId: community.id, targetType: 'user', targetId: w.member.user.id, reason: 'Interrumpe' });
    const [entry] = await logOf(t.app, w);
    expect(entry).toMatchObject({ action: 'workshop.mute', targetId: w.member.user.id, reason: 'Interrumpe', undoable: false });
  });
});

describe('undo re-runs the rules of the original action', () => {
  const inAWeek = () => new Date(Date.now() + 7 * 86_400_000).toISOString();
  const undo = (who: World['admin'], id: number) => as(t.app, who).post(`/api/moderation/log/${id}/undo`, {});
  const history = async (userId: number) => (await as(t.app, w.admin).get(`/api/communities/${w.slug}/moderation/members/${userId}`)).json();

  it('a plain moderator cannot give the moderator role back by undoing an admin’s demotion', async () => {
    const second = await registerUser(t.app);
    await as(t.app, w.admin).post(`/api/communities/${w.slug}/members/${second.user.id}`, { role: 'moderator', status: 'active' });
    await as(t.app, w.admin).post(`/api/communities/${w.slug}/members/${second.user.id}`, { role: 'member' });
    const entry = (await logOf(t.app, w, '&action=member.role')).find((e) => e.targetId === second.user.id)!;
    expect((await undo(w.moderator, entry.id)).statusCode).toBe(403);
    expect((await history(second.user.id)).membership.role).toBe('member');
    expect((await undo(w.admin, entry.id)).statusCode).toBe(200);
    expect((await history(second.user.id)).membership.role).toBe('moderator');
  });

  it('nobody lifts their own silence by undoing it', async () => {
    await as(t.app, w.admin).post(`/api/communities/${w.slug}/members/${w.moderator.user.id}/silence`, { until: inAWeek(), reason: 'Calma' });
    const [entry] = await logOf(t.app, w, '&action=member.silence');
    expect((await undo(w.moderator, entry!.id)).statusCode).toBe(403);
    expect((await history(w.moderator.user.id)).membership.silencedUntil).not.toBeNull();
  });

  it('checks where the content is now: a thread moved into a private community stays there for the old moderators', async () => {
    const priv = await buildWorld(t.app, { admin: w.admin, visibility: 'private' });
    const { thread } = await startThread(t.app, w.member, w.forumId);
    const post = await replyTo(t.app, w.member, thread.id, 'Una respuesta que el moderador oculta');
    await as(t.app, w.moderator).post(`/api/posts/${post.id}/moderation`, { hidden: true });
    expect((await as(t.app, w.admin).post(`/api/threads/${thread.id}/move`, { forumId: priv.forumId })).statusCode).toBe(200);
    await replyTo(t.app, priv.member, thread.id, 'Dato interno confidencial de la comunidad privada');
    const [move] = await logOf(t.app, w, '&action=thread.move');
    const [hide] = await logOf(t.app, w, '&action=post.hide');
    expect((await undo(w.moderator, move!.id)).statusCode).toBe(403);
    expect((await undo(w.moderator, hide!.id)).statusCode).toBe(403);
    expect((await as(t.app, null).get(`/api/threads/${thread.id}`)).statusCode).toBe(404);
    expect((await undo(w.admin, hide!.id)).statusCode).toBe(200);
  });

  it('refuses with UNDO_CONFLICT when the state changed since, or the content is gone (never a 500)', async () => {
    await as(t.app, w.admin).post(`/api/users/${w.member.user.id}/suspension`, { until: inAWeek(), reason: 'Spam' });
    await as(t.app, w.admin).post(`/api/users/${w.member.user.id}/delete-spammer`, {});
    const [suspend] = (await as(t.app, w.admin).get('/api/moderation/log?action=user.suspend')).json().items;
    const refused = await undo(w.admin, suspend.id);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('UNDO_CONFLICT');
    expect((await history(w.member.user.id)).suspendedUntil).not.toBeNull();

    const { thread } = await startThread(t.app, w.moderator, w.forumId);
    await as(t.app, w.moderator).post(`/api/threads/${thread.id}/moderation`, { pinned: true });
    await as(t.app, w.moderator).post(`/api/threads/${thread.id}/moderation`, { pinned: false });
    const [pin] = await logOf(t.app, w, '&action=thread.pin');
    expect((await undo(w.moderator, pin!.id)).json().error.code).toBe('UNDO_CONFLICT');

    const reply = await replyTo(t.app, w.moderator, thread.id, 'Una respuesta que se separa del tema');
    const split = await as(t.app, w.moderator).post(`/api/threads/${thread.id}/split`, { postIds: [reply.id], title: 'Tema separado nuevo' });
    const newId = split.json().threadId;
    await as(t.app, w.moderator).post(`/api/threads/${newId}/moderation`, { hidden: true });
    await as(t.app, w.moderator).post(`/api/threads/${newId}/slow-mode`, { seconds: 30 });
    const [splitEntry] = await logOf(t.app, w, '&action=thread.split');
    expect((await undo(w.moderator, splitEntry!.id)).statusCode).toBe(200);
    for (const action of ['thread.hide', 'thread.slow_mode']) {
      const [entry] = await logOf(t.app, w, `&action=${action}`);
      const response = await undo(w.moderator, entry!.id);
      expect(response.statusCode).toBe(409);
      expect(response.json().error.code).toBe('UNDO_CONFLICT');
    }
  });
});
