import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerUser } from '../helpers/accounts.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { as, buildWorld, replyTo, startThread, type World } from '../helpers/forums.ts';
import { setTrust } from '../helpers/moderation.ts';

let t: TestApp;
let w: World;
beforeEach(async () => {
  t = await buildTestApp();
  w = await buildWorld(t.app);
});
afterEach(async () => {
  await t.app.close();
});

type Note = { kind: string; reason?: string | null; thread: { id: number } | null; postId: number | null; actor: { id: number } | null };
const notes = async (who: World['member']) => (await as(t.app, who).get('/api/notifications')).json().items as Note[];
const ofKind = async (who: World['member'], kind: string) => (await notes(who)).filter((n) => n.kind === kind);

describe('told, not vanished: the author learns what a moderator did and why', () => {
  it('hiding a post tells its author with the reason; the author sees the post marked, others see neither', async () => {
    await setTrust(t.app, w);
    const { thread } = await startThread(t.app, w.moderator, w.forumId);
    const reply = await replyTo(t.app, w.member, thread.id, 'Vendo cursos baratos, escríbanme');
    const other = await registerUser(t.app);
    await as(t.app, w.admin).post(`/api/communities/${w.slug}/members/${other.user.id}`, { status: 'active' });

    const hid = await as(t.app, w.moderator).post(`/api/posts/${reply.id}/moderation`, { hidden: true, reason: 'Publicidad no solicitada' });
    expect(hid.statusCode).toBe(200);

    const [told] = await ofKind(w.member, 'post_hidden');
    expect(told).toMatchObject({ kind: 'post_hidden', reason: 'Publicidad no solicitada', thread: { id: thread.id }, postId: reply.id, actor: null });
    expect((await as(t.app, w.member).get('/api/notifications/unread')).json().unread).toBe(1);
    for (const someone of [other, w.moderator, w.outsider]) expect(await ofKind(someone, 'post_hidden')).toEqual([]);

    // The author sees their own post, marked hidden, with the reason; nobody else gets the reason.
    const mine = (await as(t.app, w.member).get(`/api/threads/${thread.id}`)).json();
    expect(mine.posts.map((p: { id: number }) => p.id)).toEqual([thread.firstPostId, reply.id]);
    expect(mine.posts[1]).toMatchObject({ id: reply.id, hidden: true, hiddenReason: 'Publicidad no solicitada' });
    for (const reader of [other, null]) {
      const page = (await as(t.app, reader).get(`/api/threads/${thread.id}`)).json();
      expect(page.posts.map((p: { id: number }) => p.id)).toEqual([thread.firstPostId]);
      expect(JSON.stringify(page)).not.toContain('Publicidad no solicitada');
    }
    const asModerator = (await as(t.app, w.moderator).get(`/api/threads/${thread.id}`)).json();
    expect(asModerator.posts[1]).toMatchObject({ id: reply.id, hidden: true });
    expect(asModerator.posts[1].hiddenReason).toBeUndefined();
  });

  it('hiding a reported post from the report tells its author too, with the reason', async () => {
    await setTrust(t.app, w);
    const { thread } = await startThread(t.app, w.moderator, w.forumId);
    const reply = await replyTo(t.app, w.member, thread.id, 'Un mensaje que alguien denuncia');
    const reporter = await registerUser(t.app);
    await as(t.app, w.admin).post(`/api/communities/${w.slug}/members/${reporter.user.id}`, { status: 'active' });
    const { report } = (await as(t.app, reporter).post(`/api/posts/${reply.id}/reports`, { reason: 'abusive' })).json();
    expect((await as(t.app, w.moderator).post(`/api/moderation/reports/${report.id}/resolve`, { action: 'hide', reason: 'Lenguaje ofensivo' })).statusCode).toBe(200);
    expect(await ofKind(w.member, 'post_hidden')).toMatchObject([{ postId: reply.id, reason: 'Lenguaje ofensivo' }]);
    expect(await ofKind(reporter, 'post_hidden')).toEqual([]);
    expect((await notes(reporter)).map((n) => n.reason ?? null)).not.toContain('Lenguaje ofensivo');
  });

  it('a held post tells its author it waits; a rejection tells them why', async () => {
    await as(t.app, w.moderator).patch(`/api/communities/${w.slug}/moderation/settings`, { holdNewUserPosts: true });
    const { thread } = await startThread(t.app, w.moderator, w.forumId);
    const held = await replyTo(t.app, w.member, thread.id, 'Mi primer mensaje en la comunidad');
    expect(await ofKind(w.member, 'post_held')).toMatchObject([{ postId: held.id, thread: { id: thread.id }, reason: null }]);
    expect(await ofKind(w.moderator, 'post_held')).toEqual([]);

    expect((await as(t.app, w.moderator).post(`/api/moderation/held/${held.id}/reject`, { reason: 'Fuera de tema' })).statusCode).toBe(200);
    expect(await ofKind(w.member, 'post_rejected')).toMatchObject([{ postId: held.id, reason: 'Fuera de tema' }]);
    expect(await ofKind(w.moderator, 'post_rejected')).toEqual([]);
    expect(await ofKind(w.outsider, 'post_rejected')).toEqual([]);
  });

  it('moving, merging and splitting tell the authors whose posts moved, with the reason', async () => {
    await setTrust(t.app, w);
    const second = await registerUser(t.app);
    await as(t.app, w.admin).post(`/api/communities/${w.slug}/members/${second.user.id}`, { status: 'active' });
    const other = (await as(t.app, w.moderator).post(`/api/communities/${w.slug}/forums`, { slug: 'otro', name: 'Otro foro' })).json().forum;

    const a = await startThread(t.app, w.member, w.forumId, { title: 'Un tema en el foro equivocado' });
    expect((await as(t.app, w.moderator).post(`/api/threads/${a.thread.id}/move`, { forumId: other.id, reason: 'Va mejor en el otro foro' })).statusCode).toBe(200);
    expect(await ofKind(w.member, 'thread_moved')).toMatchObject([{ thread: { id: a.thread.id }, reason: 'Va mejor en el otro foro' }]);

    const b = await startThread(t.app, w.moderator, other.id, { title: 'El tema principal sobre esto' });
    const r = await replyTo(t.app, second, a.thread.id, 'Una respuesta en el tema duplicado');
    expect((await as(t.app, w.moderator).post(`/api/threads/${a.thread.id}/merge`, { intoThreadId: b.thread.id, reason: 'Duplicado' })).statusCode).toBe(200);
    for (const author of [w.member, second]) {
      expect(await ofKind(author, 'thread_merged')).toMatchObject([{ thread: { id: b.thread.id }, reason: 'Duplicado' }]);
    }
    expect(await ofKind(w.moderator, 'thread_merged')).toEqual([]);

    const split = await as(t.app, w.moderator).post(`/api/threads/${b.thread.id}/split`, { postIds: [r.id], title: 'Una conversación aparte', reason: 'Otro asunto' });
    expect(split.statusCode).toBe(201);
    expect(await ofKind(second, 'thread_split')).toMatchObject([{ thread: { id: split.json().threadId }, reason: 'Otro asunto' }]);
    expect(await ofKind(w.member, 'thread_split')).toEqual([]);
    expect(await ofKind(w.outsider, 'thread_split')).toEqual([]);
  });
});
