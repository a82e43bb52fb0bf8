import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerUser } from '../helpers/accounts.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { as, buildWorld, replyTo, startThread, type World } from '../helpers/forums.ts';
import { logOf, setTrust } from '../helpers/moderation.ts';

let t: TestApp;
let w: World;
beforeEach(async () => {
  t = await buildTestApp();
  w = await buildWorld(t.app);
});
afterEach(async () => {
  await t.app.close();
});

async function member() {
  const account = await registerUser(t.app);
  await as(t.app, w.admin).post(`/api/communities/${w.slug}/members/${account.user.id}`, { status: 'active' });
  return account;
}

describe('reports', () => {
  it('takes one report per person and item, and refuses a second with 409', async () => {
    const { thread } = await startThread(t.app, w.moderator, w.forumId);
    const post = await replyTo(t.app, w.moderator, thread.id, 'Un mensaje discutible sobre evaluación');
    const first = await as(t.app, w.member).post(`/api/posts/${post.id}/reports`, { reason: 'off_topic', note: 'No es del tema' });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ report: { reason: 'off_topic', status: 'open' }, autoHidden: false });
    const again = await as(t.app, w.member).post(`/api/posts/${post.id}/reports`, { reason: 'spam' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('REPORT_EXISTS');
    expect((await as(t.app, w.member).post(`/api/posts/${post.id}/reports`, { reason: 'rude' })).statusCode).toBe(400);
    expect((await as(t.app, null).post(`/api/posts/${post.id}/reports`, { reason: 'spam' })).statusCode).toBe(401);
    expect((await as(t.app, w.outsider).post(`/api/posts/${post.id}/reports`, { reason: 'spam' })).json().error.code).toBe('NOT_A_MEMBER');
    const threadReport = await as(t.app, w.member).post(`/api/threads/${thread.id}/reports`, { reason: 'needs_specialist' });
    expect(threadReport.statusCode).toBe(201);

    const queue = (await as(t.app, w.moderator).get(`/api/communities/${w.slug}/moderation/queue`)).json();
    expect(queue.items.map((i: { kind: string; targetType: string }) => `${i.kind}:${i.targetType}`)).toEqual(['report:post', 'report:thread']);
    expect(queue.items[0]).toMatchObject({ post: { id: post.id, bodyHtml: expect.stringContaining('discutible') }, thread: { id: thread.id } });
    expect(queue.items[0].reports[0]).toMatchObject({ reason: 'off_topic', note: 'No es del tema', reporter: { id: w.member.user.id } });
  });

  it('hides a post at once when enough trusted members report it, and not before', async () => {
    await setTrust(t.app, w);
    await as(t.app, w.moderator).patch(`/api/communities/${w.slug}/moderation/settings`, { reportThreshold: 2 });
    const { thread } = await startThread(t.app, w.moderator, w.forumId);
    const spam = await replyTo(t.app, w.member, thread.id, 'Compre seguidores baratos en este enlace');
    const [a, b] = [await member(), await member()];
    expect((await as(t.app, a).post(`/api/posts/${spam.id}/reports`, { reason: 'spam' })).json().autoHidden).toBe(false);
    expect((await as(t.app, null).get(`/api/threads/${thread.id}`)).json().posts).toHaveLength(2);
    expect((await as(t.app, b).post(`/api/posts/${spam.id}/reports`, { reason: 'spam' })).json().autoHidden).toBe(true);
    expect((await as(t.app, null).get(`/api/threads/${thread.id}`)).json().posts.map((p: { id: number }) => p.id)).not.toContain(spam.id);
    const [entry] = await logOf(t.app, w);
    expect(entry).toMatchObject({ action: 'post.auto_hide', targetType: 'post', targetId: spam.id, actorId: b.user.id, undoable: true });
  });

  it('does not count new accounts toward the threshold', async () => {
    await as(t.app, w.moderator).patch(`/api/communities/${w.slug}/moderation/settings`, { reportThreshold: 1 });
    const { thread } = await startThread(t.app, w.moderator, w.forumId);
    const post = await replyTo(t.app, w.moderator, thread.id, 'Un texto cualquiera para denunciar');
    expect((await as(t.app, w.member).post(`/api/posts/${post.id}/reports`, { reason: 'spam' })).json().autoHidden).toBe(false);
  });

  it('resolves every open report on an item in one click, tells the reporters, and can be undone', async () => {
    const { thread } = await startThread(t.app, w.moderator, w.forumId);
    const post = await replyTo(t.app, w.moderator, thread.id, 'Texto ofensivo que alguien denunciará');
    const other = await member();
    const { report } = (await as(t.app, w.member).post(`/api/posts/${post.id}/reports`, { reason: 'abusive' })).json();
    await as(t.app, other).post(`/api/posts/${post.id}/reports`, { reason: 'abusive' });

    // A member cannot act; a moderator of another community cannot either.
    expect((await as(t.app, w.member).post(`/api/moderation/reports/${report.id}/resolve`, { action: 'hide' })).statusCode).toBe(403);
    const elsewhere = await buildWorld(t.app, { admin: w.admin });
    expect((await as(t.app, elsewhere.moderator).post(`/api/moderation/reports/${report.id}/resolve`, { action: 'hide' })).statusCode).toBe(403);

    const resolved = await as(t.app, w.moderator).post(`/api/moderation/reports/${report.id}/resolve`, { action: 'hide', reason: 'Lenguaje ofensivo' });
    expect(resolved.statusCode).toBe(200);
    expect(resolved.json().reportIds).toHaveLength(2);
    expect((await as(t.app, null).get(`/api/threads/${thread.id}`)).json().posts).toHaveLength(1);
    expect((await as(t.app, w.moderator).get(`/api/communities/${w.slug}/moderation/queue`)).json().items).toEqual([]);
    for (const reporter of [w.member, other]) {
      const notes = (await as(t.app, reporter).get('/api/notifications')).json().items;
      expect(notes[0]).toMatchObject({ kind: 'report_upheld', community: { slug: w.slug } });
    }

    const [entry] = await logOf(t.app, w);
    expect(entry).toMatchObject({ action: 'post.hide', reason: 'Lenguaje ofensivo', actorId: w.moderator.user.id });
    expect((await as(t.app, w.moderator).post(`/api/moderation/log/${entry!.id}/undo`, {})).statusCode).toBe(200);
    expect((await as(t.app, null).get(`/api/threads/${thread.id}`)).json().posts).toHaveLength(2);
    const queue = (await as(t.app, w.moderator).get(`/api/communities/${w.slug}/moderation/queue`)).json();
    expect(queue.items[0].reports).toHaveLength(2);

    const dismissed = await as(t.app, w.moderator).post(`/api/moderation/reports/${report.id}/resolve`, { action: 'dismiss' });
    expect(dismissed.json().outcome).toBe('dismissed');
    expect((await as(t.app, w.member).get('/api/notifications')).json().items[0].kind).toBe('report_dismissed');
  });

  it('closes the reports and tells the reporters when a moderator hides or deletes the item by any path', async () => {
    const { thread } = await startThread(t.app, w.moderator, w.forumId);
    const queue = async () => (await as(t.app, w.moderator).get(`/api/communities/${w.slug}/moderation/queue?kind=report`)).json().items;
    const hidden = await replyTo(t.app, w.moderator, thread.id, 'Texto ofensivo que alguien denunciará');
    const deleted = await replyTo(t.app, w.moderator, thread.id, 'Otro texto ofensivo que se borrará');
    await as(t.app, w.member).post(`/api/posts/${hidden.id}/reports`, { reason: 'abusive' });
    await as(t.app, w.member).post(`/api/posts/${deleted.id}/reports`, { reason: 'spam' });
    expect(await queue()).toHaveLength(2);

    await as(t.app, w.moderator).post(`/api/posts/${hidden.id}/moderation`, { hidden: true });
    expect(await queue()).toHaveLength(1);
    expect((await as(t.app, w.member).get('/api/notifications')).json().items[0]).toMatchObject({ kind: 'report_upheld' });
    await as(t.app, w.admin).delete(`/api/posts/${deleted.id}`);
    expect(await queue()).toHaveLength(0);
    expect((await as(t.app, w.member).get('/api/notifications')).json().items.filter((n: { kind: string }) => n.kind === 'report_upheld')).toHaveLength(2);

    // Undoing the hide opens its report again.
    const [hide] = await logOf(t.app, w, '&action=post.hide');
    expect((await as(t.app, w.moderator).post(`/api/moderation/log/${hide!.id}/undo`, {})).statusCode).toBe(200);
    expect(await queue()).toHaveLength(1);
  });

  it('closes the reports on a spammer’s posts when an admin deletes the spammer', async () => {
    const { thread } = await startThread(t.app, w.moderator, w.forumId);
    const spammer = await member();
    const spam = await replyTo(t.app, spammer, thread.id, 'Compre diplomas sin estudiar aquí mismo');
    await as(t.app, w.member).post(`/api/posts/${spam.id}/reports`, { reason: 'spam' });
    expect((await as(t.app, w.admin).post(`/api/users/${spammer.user.id}/delete-spammer`, {})).statusCode).toBe(200);
    expect((await as(t.app, w.moderator).get(`/api/communities/${w.slug}/moderation/queue?kind=report`)).json().items).toEqual([]);
    expect((await as(t.app, w.member).get('/api/notifications')).json().items[0]).toMatchObject({ kind: 'report_upheld' });
  });

  it('logs a moderator’s edit and delete of someone else’s post, not the author’s own', async () => {
    await setTrust(t.app, w);
    const { thread } = await startThread(t.app, w.member, w.forumId);
    const reply = await replyTo(t.app, w.member, thread.id, 'Una respuesta del miembro para borrar');
    const own = await replyTo(t.app, w.member, thread.id, 'Una respuesta que el autor mismo edita');
    await as(t.app, w.member).patch(`/api/posts/${own.id}`, { body: 'Editada por su autor' });
    expect((await as(t.app, w.moderator).patch(`/api/posts/${reply.id}`, { body: 'Texto cambiado por el moderador' })).statusCode).toBe(200);
    expect((await as(t.app, w.moderator).delete(`/api/posts/${reply.id}`)).statusCode).toBe(200);
    const entries = (await logOf(t.app, w)).filter((e) => e.targetType === 'post');
    expect(entries.map((e) => [e.action, e.targetId, e.actorId])).toEqual([
      ['post.delete', reply.id, w.moderator.user.id],
      ['post.edit', reply.id, w.moderator.user.id],
    ]);
  });

  it('warns, silences or bans the author from the queue', async () => {
    const { thread } = await startThread(t.app, w.moderator, w.forumId);
    const offender = await member();
    const reporter = await member();
    const actions = ['warn', 'silence', 'ban'] as const;
    const written = [];
    for (const action of actions) written.push(await replyTo(t.app, offender, thread.id, `Mensaje problemático número ${action}`));
    for (const [i, action] of actions.entries()) {
      const post = written[i]!;
      const { report } = (await as(t.app, reporter).post(`/api/posts/${post.id}/reports`, { reason: 'abusive' })).json();
      const response = await as(t.app, w.moderator).post(`/api/moderation/reports/${report.id}/resolve`, { action, reason: `Por ${action}` });
      expect(response.statusCode).toBe(200);
      if (action === 'warn') expect((await as(t.app, offender).get('/api/me/warnings')).json().items[0]).toMatchObject({ reason: 'Por warn' });
      if (action === 'silence') {
        const blocked = await as(t.app, offender).post(`/api/threads/${thread.id}/posts`, { body: 'Intento escribir' });
        expect(blocked.statusCode).toBe(403);
        expect(blocked.json().error.code).toBe('SILENCED_IN_COMMUNITY');
      }
    }
    const blocked = await as(t.app, offender).post(`/api/threads/${thread.id}/posts`, { body: 'Intento escribir' });
    expect(blocked.json().error.code).toBe('BANNED_FROM_COMMUNITY');
    expect((await logOf(t.app, w)).slice(0, 3).map((e) => e.action)).toEqual(['member.ban', 'member.silence', 'user.warn']);
  });
});
