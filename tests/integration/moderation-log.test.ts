import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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
    t.app.bus.publish('audit.action', { actorId: w.moderator.user.id, action: 'workshop.mute', communityId: community.id, targetType: 'user', targetId: w.member.user.id, reason: 'Interrumpe' });
    const [entry] = await logOf(t.app, w);
    expect(entry).toMatchObject({ action: 'workshop.mute', targetId: w.member.user.id, reason: 'Interrumpe', undoable: false });
  });
});
