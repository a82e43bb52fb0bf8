import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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

const read = (id: number, viewer: World['member'] | null = w.member) => as(t.app, viewer).get(`/api/threads/${id}`);
const ids = (page: { posts: { id: number }[] }) => page.posts.map((p) => p.id);

describe('thread tools', () => {
  it('moves a thread to another forum (across communities only for admins), keeping its address; undo moves it back', async () => {
    const { thread } = await startThread(t.app, w.member, w.forumId);
    const other = (await as(t.app, w.moderator).post(`/api/communities/${w.slug}/forums`, { slug: 'otro', name: 'Otro foro' })).json().forum;
    const elsewhere = await buildWorld(t.app, { admin: w.admin });
    expect((await as(t.app, w.member).post(`/api/threads/${thread.id}/move`, { forumId: other.id })).statusCode).toBe(403);
    expect((await as(t.app, w.moderator).post(`/api/threads/${thread.id}/move`, { forumId: w.forumId })).json().error.code).toBe('MOVE_INVALID');
    expect((await as(t.app, w.moderator).post(`/api/threads/${thread.id}/move`, { forumId: elsewhere.forumId })).statusCode).toBe(403);
    expect((await as(t.app, w.moderator).post(`/api/threads/${thread.id}/move`, { forumId: other.id, reason: 'Mejor allí' })).statusCode).toBe(200);
    expect((await read(thread.id)).json().thread.forumId).toBe(other.id);
    expect((await as(t.app, null).get(`/api/forums/${w.forumId}`)).json().forum.threadCount).toBe(0);
    expect((await as(t.app, w.admin).post(`/api/threads/${thread.id}/move`, { forumId: elsewhere.forumId })).statusCode).toBe(200);
    expect((await read(thread.id, null)).json().community.slug).toBe(elsewhere.slug);

    const [entry] = (await as(t.app, w.admin).get(`/api/moderation/log?action=thread.move`)).json().items;
    await as(t.app, w.admin).post(`/api/moderation/log/${entry.id}/undo`, {});
    expect((await read(thread.id)).json().thread.forumId).toBe(other.id);
  });

  it('merges two threads; links to the old thread and its posts keep working; undo splits them again', async () => {
    const a = await startThread(t.app, w.member, w.forumId, { title: 'Primer tema duplicado' });
    const b = await startThread(t.app, w.moderator, w.forumId, { title: 'Segundo tema sobre lo mismo' });
    const r = await replyTo(t.app, w.member, a.thread.id, 'Respuesta en el primer tema');
    expect((await as(t.app, w.moderator).post(`/api/threads/${a.thread.id}/merge`, { intoThreadId: a.thread.id })).json().error.code).toBe('MERGE_INVALID');
    expect((await as(t.app, w.moderator).post(`/api/threads/${a.thread.id}/merge`, { intoThreadId: b.thread.id })).statusCode).toBe(200);
    const old = (await read(a.thread.id, null)).json();
    expect(old).toMatchObject({ movedFrom: a.thread.id, thread: { id: b.thread.id, postCount: 3 } });
    expect(ids(old)).toEqual([a.post.id, b.post.id, r.id]);
    expect((await as(t.app, null).get(`/api/posts/${r.id}/location`)).json()).toEqual({ threadId: b.thread.id, postId: r.id });
    expect((await as(t.app, null).get(`/api/forums/${w.forumId}/threads`)).json().items).toHaveLength(1);

    expect((await as(t.app, w.moderator).post(`/api/threads/${b.thread.id}/merge`, { intoThreadId: a.thread.id })).json().error.code).toBe('MERGE_INVALID');
    const [entry] = await logOf(t.app, w, '&action=thread.merge');
    await as(t.app, w.moderator).post(`/api/moderation/log/${entry!.id}/undo`, {});
    expect(ids((await read(a.thread.id)).json())).toEqual([a.post.id, r.id]);
    expect(ids((await read(b.thread.id)).json())).toEqual([b.post.id]);
    expect((await read(a.thread.id)).json().movedFrom).toBeUndefined();
  });

  it('splits posts out into a new thread; undo puts them back', async () => {
    const { thread, post } = await startThread(t.app, w.member, w.forumId);
    const r1 = await replyTo(t.app, w.member, thread.id, 'Una respuesta que sigue en el tema');
    const r2 = await replyTo(t.app, w.moderator, thread.id, 'Esto abre otra conversación distinta');
    const r3 = await replyTo(t.app, w.member, thread.id, 'Y esto sigue esa otra conversación');
    expect((await as(t.app, w.moderator).post(`/api/threads/${thread.id}/split`, { postIds: [post.id], title: 'Nuevo tema' })).json().error.code).toBe('SPLIT_INVALID');
    const split = await as(t.app, w.moderator).post(`/api/threads/${thread.id}/split`, { postIds: [r3.id, r2.id], title: 'Otra conversación' });
    expect(split.statusCode).toBe(201);
    const created = (await read(split.json().threadId)).json();
    expect(created.thread).toMatchObject({ title: 'Otra conversación', postCount: 2, author: { id: w.moderator.user.id } });
    expect(ids(created)).toEqual([r2.id, r3.id]);
    expect(ids((await read(thread.id)).json())).toEqual([post.id, r1.id]);
    const [entry] = await logOf(t.app, w, '&action=thread.split');
    await as(t.app, w.moderator).post(`/api/moderation/log/${entry!.id}/undo`, {});
    expect(ids((await read(thread.id)).json())).toEqual([post.id, r1.id, r2.id, r3.id]);
    expect((await read(split.json().threadId)).statusCode).toBe(404);
  });

  it('closes and reopens, and slow mode refuses a second post too soon with a clear 429', async () => {
    await setTrust(t.app, w);
    const { thread } = await startThread(t.app, w.moderator, w.forumId);
    expect((await as(t.app, w.moderator).post(`/api/threads/${thread.id}/close`, { reason: 'Resuelto' })).statusCode).toBe(200);
    expect((await as(t.app, w.member).post(`/api/threads/${thread.id}/posts`, { body: 'Hola' })).json().error.code).toBe('THREAD_LOCKED');
    await as(t.app, w.moderator).post(`/api/threads/${thread.id}/reopen`);
    expect((await as(t.app, w.member).post(`/api/threads/${thread.id}/slow-mode`, { seconds: 60 })).statusCode).toBe(403);
    await as(t.app, w.moderator).post(`/api/threads/${thread.id}/slow-mode`, { seconds: 60 });
    expect((await as(t.app, null).get(`/api/threads/${thread.id}/tools`)).json().slowModeSeconds).toBe(60);
    await replyTo(t.app, w.member, thread.id, 'Primera respuesta');
    const refused = await as(t.app, w.member).post(`/api/threads/${thread.id}/posts`, { body: 'Segunda respuesta' });
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error).toMatchObject({ code: 'SLOW_MODE', params: { interval: 60 } });
    expect(refused.json().error.message).toContain('60');
    await replyTo(t.app, w.moderator, thread.id, 'Los moderadores no esperan');
    expect((await logOf(t.app, w)).slice(0, 3).map((e) => e.action)).toEqual(['thread.slow_mode', 'thread.unlock', 'thread.lock']);
  });
});

describe('only the community’s moderators use its tools', () => {
  it('refuses members and other communities’ moderators on every tool, and changes nothing', async () => {
    const elsewhere = await buildWorld(t.app, { admin: w.admin });
    await as(t.app, w.moderator).patch(`/api/communities/${w.slug}/moderation/settings`, { holdNewUserPosts: true });
    const { thread } = await startThread(t.app, w.moderator, w.forumId);
    const second = await startThread(t.app, w.moderator, w.forumId, { title: 'Otro tema de la comunidad' });
    const reply = await replyTo(t.app, w.moderator, thread.id, 'Una respuesta que nadie separa');
    const held = await replyTo(t.app, w.member, thread.id, 'Un mensaje retenido para aprobar');
    const calls: [string, string, object?][] = [
      ['post', `/api/threads/${thread.id}/merge`, { intoThreadId: second.thread.id }],
      ['post', `/api/threads/${thread.id}/split`, { postIds: [reply.id], title: 'Tema separado nuevo' }],
      ['post', `/api/threads/${thread.id}/close`, {}],
      ['post', `/api/threads/${thread.id}/reopen`, {}],
      ['post', `/api/moderation/held/${held.id}/reject`, {}],
      ['post', `/api/communities/${w.slug}/members/${w.outsider.user.id}/ban`, {}],
      ['patch', `/api/communities/${w.slug}/moderation/settings`, { reportThreshold: 1 }],
      ['get', `/api/communities/${w.slug}/moderation`],
      ['get', `/api/communities/${w.slug}/moderation/members/${w.member.user.id}`],
    ];
    for (const who of [w.member, elsewhere.moderator]) {
      for (const [method, url, payload] of calls) {
        const client = as(t.app, who) as unknown as Record<string, (url: string, body?: object) => Promise<{ statusCode: number }>>;
        const response = await client[method]!(url, payload);
        expect([403, 404], `${method} ${url}`).toContain(response.statusCode);
      }
    }
    const page = (await read(thread.id, w.moderator)).json();
    expect(page.thread.locked).toBe(false);
    expect(ids(page)).toEqual(expect.arrayContaining([reply.id, held.id]));
    expect((await as(t.app, w.moderator).get(`/api/communities/${w.slug}/moderation/queue?kind=held_post`)).json().items).toHaveLength(1);
  });
});

describe('held posts follow merges and splits', () => {
  it('a held opening post merged into another community is decided there, and its old thread stays a redirect', async () => {
    const other = await buildWorld(t.app, { admin: w.admin });
    await as(t.app, w.moderator).patch(`/api/communities/${w.slug}/moderation/settings`, { holdNewUserPosts: true });
    const held = await startThread(t.app, w.member, w.forumId, { title: 'Primer tema retenido' });
    const target = await startThread(t.app, other.moderator, other.forumId, { title: 'Tema destino en otra comunidad' });
    expect((await as(t.app, w.admin).post(`/api/threads/${held.thread.id}/merge`, { intoThreadId: target.thread.id })).statusCode).toBe(200);
    expect((await as(t.app, w.moderator).post(`/api/moderation/held/${held.post.id}/approve`, {})).statusCode).toBe(403);
    const queue = (await as(t.app, other.moderator).get(`/api/communities/${other.slug}/moderation/queue`)).json().items;
    expect(queue.some((i: { kind: string; post?: { id: number } }) => i.kind === 'held_post')).toBe(true);
    expect((await as(t.app, other.moderator).post(`/api/moderation/held/${held.post.id}/approve`, {})).statusCode).toBe(200);
    const old = (await as(t.app, null).get(`/api/threads/${held.thread.id}`)).json();
    expect(old).toMatchObject({ movedFrom: held.thread.id, thread: { id: target.thread.id } });
    const page = (await as(t.app, null).get(`/api/threads/${target.thread.id}`)).json();
    expect(ids(page)).toContain(held.post.id);
  });
});

describe('trust limits and spam defence', () => {
  it('gives new accounts lower limits: links, images, mentions and posts per hour', async () => {
    const { thread } = await startThread(t.app, w.moderator, w.forumId);
    const links = Array.from({ length: 6 }, (_, i) => `[enlace ${i}](https://example.org/${i})`).join(' ');
    const tooMany = await as(t.app, w.member).post(`/api/threads/${thread.id}/posts`, { body: links });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().error).toMatchObject({ code: 'TOO_MANY_LINKS', params: { max: 5 } });
    expect((await as(t.app, w.member).post(`/api/threads/${thread.id}/posts`, { body: '![foto](/a.png)' })).json().error.code).toBe('IMAGES_NOT_ALLOWED');
    const mentions = [w.admin, w.moderator, w.outsider].map((a) => `@${a.username}`).join(' ');
    await setTrust(t.app, w, { newAccountHours: 24, newUser: { postsPerHour: 3, linksPerPost: 5, mentionsPerPost: 2, imagesAllowed: false } });
    expect((await as(t.app, w.member).post(`/api/threads/${thread.id}/posts`, { body: mentions })).json().error.code).toBe('TOO_MANY_MENTIONS');
    for (let i = 0; i < 3; i += 1) await replyTo(t.app, w.member, thread.id, `Respuesta número ${i}`);
    const limited = await as(t.app, w.member).post(`/api/threads/${thread.id}/posts`, { body: 'Una más' });
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error).toMatchObject({ code: 'NEW_USER_POST_LIMIT', params: { max: 3 } });
    // Earned trust (or the admins' settings) lifts the limits.
    await setTrust(t.app, w);
    expect((await as(t.app, w.member).post(`/api/threads/${thread.id}/posts`, { body: `${links} ![foto](/a.png)` })).statusCode).toBe(201);
  });

  it('applies the new-account limits to edits too', async () => {
    const { thread } = await startThread(t.app, w.moderator, w.forumId);
    const mine = await replyTo(t.app, w.member, thread.id, 'Una respuesta sin enlaces');
    const links = Array.from({ length: 9 }, (_, i) => `[l${i}](https://example.org/${i})`).join(' ');
    const edited = await as(t.app, w.member).patch(`/api/posts/${mine.id}`, { body: `Ahora sí ${links}` });
    expect(edited.statusCode).toBe(400);
    expect(edited.json().error.code).toBe('TOO_MANY_LINKS');
    expect((await as(t.app, w.member).patch(`/api/posts/${mine.id}`, { body: 'Con imagen ![img](https://example.org/x.png)' })).json().error.code).toBe('IMAGES_NOT_ALLOWED');
    expect((await as(t.app, w.moderator).patch(`/api/posts/${mine.id}`, { body: `Moderador ${links}` })).statusCode).toBe(200);
  });

  it('refuses the same text posted again and again, and limits posts per minute', async () => {
    await setTrust(t.app, w, { duplicateLimit: 2, postsPerMinute: 6 });
    const { thread } = await startThread(t.app, w.moderator, w.forumId);
    const text = 'Compre nuestros cursos certificados a mitad de precio';
    await replyTo(t.app, w.member, thread.id, text);
    await replyTo(t.app, w.member, thread.id, `  ${text.toUpperCase()} `);
    const again = await as(t.app, w.member).post(`/api/threads/${thread.id}/posts`, { body: text });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('DUPLICATE_POST');
    for (let i = 0; i < 4; i += 1) await replyTo(t.app, w.member, thread.id, `Ok ${i}`);
    const fast = await as(t.app, w.member).post(`/api/threads/${thread.id}/posts`, { body: 'Otra' });
    expect(fast.statusCode).toBe(429);
    expect(fast.json().error.code).toBe('POST_RATE_LIMITED');
  });

  it('limits posting per address, and only admins change the limits', async () => {
    expect((await as(t.app, w.moderator).get('/api/moderation/settings')).statusCode).toBe(403);
    await setTrust(t.app, w, { postsPerMinutePerAddress: 2 });
    const { thread } = await startThread(t.app, w.moderator, w.forumId);
    // Staff (the moderator who opened the thread) are not counted; two members from one address are.
    await as(t.app, w.outsider).post(`/api/communities/${w.slug}/join`);
    await replyTo(t.app, w.member, thread.id, 'Uno');
    await replyTo(t.app, w.outsider, thread.id, 'Dos');
    const refused = await as(t.app, w.member).post(`/api/threads/${thread.id}/posts`, { body: 'Tres' });
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.code).toBe('POST_RATE_LIMITED');
    expect((await as(t.app, w.admin).get('/api/moderation/log?action=site')).json().items[0].action).toBe('site.trust_settings');
  });
});
