/**
 * Live events across two processes (issue 20): two whole apps on one SQLite file and one real
 * Redis, each listening on its own loopback port with its own Socket.IO server. A socket
 * connected to A sees what is written through B, presence and typing span both, access changes
 * made through B take A's sockets out, and Redis going away keeps each process's own events.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ORIGIN, registerUser } from '../helpers/accounts.ts';
import { buildAppPair, eventually, listenPair, type AppPair } from '../helpers/cluster.ts';
import { as, buildWorld, replyTo, startThread, type World } from '../helpers/forums.ts';
import { relaxLimits } from '../helpers/moderation.ts';
import { startRedis, type TestRedis } from '../helpers/redis.ts';
import { io as connect } from 'socket.io-client';
import { ask, next, silent, socketFactory, type Client } from '../helpers/sockets.ts';

let redis: TestRedis;
let pair: AppPair;
let w: World;
const urls = { a: '', b: '' };
const onA = socketFactory(() => urls.a);
const onB = socketFactory(() => urls.b);

beforeAll(async () => {
  redis = await startRedis();
  pair = await buildAppPair(redis);
  Object.assign(urls, await listenPair(pair));
  w = await buildWorld(pair.a.app);
  await relaxLimits(pair.a.app, w.admin);
});
afterEach(() => {
  onA.closeAll();
  onB.closeAll();
});
afterAll(async () => {
  await pair?.close();
  await redis?.close();
});

const A = () => pair.a.app;
const B = () => pair.b.app;

describe('live events across processes', () => {
  it('sends a post, a notification and a thread-list update written through B to a socket on A', async () => {
    const { thread } = await startThread(A(), w.member, w.forumId, { title: 'Un hilo entre dos procesos' });
    const reader = await onA.connect(w.member.cookie);
    expect((await ask(reader, 'thread:join', { threadId: thread.id })).ok).toBe(true);
    expect((await ask(reader, 'forum:join', { forumId: w.forumId })).ok).toBe(true);

    const post = next(reader, 'post:created', (p) => p.threadId === thread.id);
    const activity = next(reader, 'thread:activity', (p) => p.thread.id === thread.id);
    // The author watches their own thread: a reply by someone else notifies them.
    const notification = next(reader, 'notification', (p) => p.notification.thread?.id === thread.id);
    const created = await replyTo(B(), w.moderator, thread.id, 'Escrito a través del proceso B');
    expect((await post).post.id).toBe(created.id);
    expect((await activity).thread.id).toBe(thread.id);
    expect((await notification).notification).toMatchObject({ kind: 'watched_reply', actor: { id: w.moderator.user.id } });

    const listed = next(reader, 'thread:created', (p) => p.thread.forumId === w.forumId);
    await startThread(B(), w.moderator, w.forumId, { title: 'Nuevo tema desde B' });
    expect((await listed).thread.title).toBe('Nuevo tema desde B');
  });

  it('shows readers connected to A and to B in one presence snapshot on both, and typing on B reaches A', async () => {
    const { thread } = await startThread(A(), w.member, w.forumId, { title: 'Presencia en dos procesos' });
    const readerOnA = await onA.connect(w.member.cookie);
    const typistOnB = await onB.connect(w.moderator.cookie);
    const visitorOnB = await onB.connect();
    const both = (p: { room: string; users: { id: number }[]; anonymous: number }) =>
      p.room === `thread:${thread.id}` && p.users.length === 2 && p.anonymous === 1;
    const seenOnA = next(readerOnA, 'presence', both, 4000);
    const seenOnB = next(typistOnB, 'presence', both, 4000);
    for (const socket of [readerOnA, typistOnB, visitorOnB]) expect((await ask(socket, 'thread:join', { threadId: thread.id })).ok).toBe(true);
    for (const snapshot of await Promise.all([seenOnA, seenOnB])) {
      expect(snapshot.users.map((u) => u.id).sort()).toEqual([w.member.user.id, w.moderator.user.id].sort());
    }

    const typing = next(readerOnA, 'typing', (p) => p.threadId === thread.id);
    expect(await ask(typistOnB, 'typing', { threadId: thread.id })).toEqual({ ok: true });
    expect((await typing).user).toEqual({ id: w.moderator.user.id, displayName: w.moderator.displayName });

    // B's reader leaves: A's reader learns it from the merged snapshot.
    const after = next(readerOnA, 'presence', (p) => p.room === `thread:${thread.id}` && p.users.length === 1 && p.anonymous === 1, 4000);
    typistOnB.disconnect();
    expect((await after).users.map((u) => u.id)).toEqual([w.member.user.id]);
  });

  it('takes a member banned through B out of the community’s rooms on A', async () => {
    const priv = await buildWorld(A(), { admin: w.admin, visibility: 'private' });
    const victim = await registerUser(A());
    await as(A(), priv.admin).post(`/api/communities/${priv.slug}/members/${victim.user.id}`, { status: 'active' });
    const { thread } = await startThread(A(), priv.member, priv.forumId);
    const banned = await onA.connect(victim.cookie);
    const member = await onA.connect(priv.member.cookie);
    for (const socket of [banned, member]) {
      expect((await ask(socket, 'thread:join', { threadId: thread.id })).ok).toBe(true);
      expect((await ask(socket, 'forum:join', { forumId: priv.forumId })).ok).toBe(true);
    }

    const removed = next(banned, 'thread:removed', (p) => p.threadId === thread.id, 3000);
    const ban = await as(B(), priv.moderator).post(`/api/communities/${priv.slug}/members/${victim.user.id}/ban`, { reason: 'Spam' });
    expect(ban.statusCode, ban.body).toBe(200);
    await removed;

    const quiet = silent(banned, 'post:created', (p) => p.threadId === thread.id, 700);
    const memberGets = next(member, 'post:created', (p) => p.threadId === thread.id);
    await replyTo(B(), priv.member, thread.id, 'Ya no para el expulsado');
    await memberGets;
    expect(await quiet).toBe(true);
  });

  it('takes a thread moved through B into a private community away from A’s outsiders before its new state is sent', async () => {
    const priv = await buildWorld(A(), { admin: w.admin, visibility: 'private' });
    const { thread } = await startThread(A(), w.member, w.forumId, { title: 'Un tema que se muda' });
    const [outsider, member] = await onA.inThread(thread.id, [priv.outsider.cookie, priv.member.cookie]);
    const removed = next(outsider, 'thread:removed', (p) => p.threadId === thread.id, 3000);
    const leaked = silent(outsider, 'thread:updated', (p) => p.thread.id === thread.id, 1000);
    const memberSees = next(member, 'thread:updated', (p) => p.thread.id === thread.id, 3000);
    const moved = await as(B(), w.admin).post(`/api/threads/${thread.id}/move`, { forumId: priv.forumId });
    expect(moved.statusCode, moved.body).toBe(200);
    await removed;
    await memberSees;
    expect(await leaked).toBe(true);
  });

  it('disconnects on A the socket of a session signed out through B', async () => {
    const account = await registerUser(A());
    const socket = await onA.connect(account.cookie);
    const closed = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
    const out = await B().inject({ method: 'POST', url: '/api/auth/logout', headers: { origin: ORIGIN, cookie: account.cookie } });
    expect(out.statusCode).toBeLessThan(300);
    expect(await closed).toBe('io server disconnect');
  });

  it('sends a socket that comes back what it missed, and lets it into its rooms again only through the read check', async () => {
    const { thread } = await startThread(A(), w.member, w.forumId, { title: 'Volver sin perder nada' });
    const client = connect(urls.a, { transports: ['websocket'], reconnectionDelay: 50, reconnectionDelayMax: 100, extraHeaders: { origin: urls.a, cookie: w.member.cookie } }) as Client;
    try {
      await new Promise((resolve) => client.once('session:ready', resolve));
      expect((await ask(client, 'thread:join', { threadId: thread.id })).ok).toBe(true);
      // A first broadcast gives the client an offset to come back from.
      const first = next(client, 'post:created', (p) => p.threadId === thread.id);
      await replyTo(B(), w.moderator, thread.id, 'Antes del corte');
      await first;

      const back = new Promise<void>((resolve) => client.once('connect', () => resolve()));
      const missed = next(client, 'post:created', (p) => p.threadId === thread.id, 4000);
      client.io.engine.close();
      const written = await replyTo(B(), w.moderator, thread.id, 'Durante el corte');
      await back;
      expect(client.recovered).toBe(true);
      expect((await missed).post.id).toBe(written.id);

      // Recovered, but in no room it has not joined again: a change of access meanwhile would
      // otherwise go unchecked.
      const quiet = silent(client, 'post:created', (p) => p.threadId === thread.id, 600);
      await replyTo(B(), w.moderator, thread.id, 'Sin volver a entrar');
      expect(await quiet).toBe(true);
      expect((await ask(client, 'thread:join', { threadId: thread.id })).ok).toBe(true);
      const again = next(client, 'post:created', (p) => p.threadId === thread.id);
      await replyTo(B(), w.moderator, thread.id, 'De vuelta en el hilo');
      await again;
    } finally {
      client.disconnect();
    }
  });

  it('does not recover, nor send what was missed to, a socket whose member was banned while it was away', async () => {
    const priv = await buildWorld(A(), { admin: w.admin, visibility: 'private' });
    const victim = await registerUser(A());
    await as(A(), priv.admin).post(`/api/communities/${priv.slug}/members/${victim.user.id}`, { status: 'active' });
    const { thread } = await startThread(A(), priv.member, priv.forumId);
    const client = connect(urls.a, { transports: ['websocket'], extraHeaders: { origin: urls.a, cookie: victim.cookie } }) as Client;
    try {
      await new Promise((resolve) => client.once('session:ready', resolve));
      expect((await ask(client, 'thread:join', { threadId: thread.id })).ok).toBe(true);
      const first = next(client, 'post:created', (p) => p.threadId === thread.id);
      await replyTo(B(), priv.member, thread.id, 'Antes del corte');
      await first;

      // Away (the connection dropped) while the ban and a new post happen; then back.
      const leaked = silent(client, 'post:created', (p) => p.threadId === thread.id, 1500);
      client.io.reconnection(false);
      const away = new Promise<void>((resolve) => client.once('disconnect', () => resolve()));
      const socketId = client.id!;
      client.io.engine.close();
      await away;
      // Gone on A too (its rooms kept in Redis for its return), before anything changes.
      await eventually(() => expect(A().io.sockets.sockets.has(socketId)).toBe(false));
      const ban = await as(B(), priv.moderator).post(`/api/communities/${priv.slug}/members/${victim.user.id}/ban`, { reason: 'Spam' });
      expect(ban.statusCode, ban.body).toBe(200);
      await replyTo(B(), priv.member, thread.id, 'Después de la expulsión');
      const back = new Promise<void>((resolve) => client.once('connect', () => resolve()));
      client.connect();
      await back;
      expect(client.recovered).toBe(false);
      expect(await leaked).toBe(true);
    } finally {
      client.disconnect();
    }
  });

  it('keeps local events while Redis is stopped, without a 5xx, and resumes across processes once it is back', async () => {
    const { thread } = await startThread(A(), w.member, w.forumId, { title: 'Sin Redis un momento' });
    const readerOnA = await onA.connect(w.member.cookie);
    const readerOnB = await onB.connect(w.moderator.cookie);
    for (const socket of [readerOnA, readerOnB]) expect((await ask(socket, 'thread:join', { threadId: thread.id })).ok).toBe(true);

    await redis.stop();
    await eventually(() => expect(A().shared.status()).toBe('down'));
    const local = next(readerOnA, 'post:created', (p) => p.threadId === thread.id);
    const reply = await as(A(), w.member).post(`/api/threads/${thread.id}/posts`, { body: 'Mientras Redis no está' });
    expect(reply.statusCode, reply.body).toBe(201);
    expect((await local).post.id).toBe(reply.json().post.id);
    const page = await as(B(), null).get(`/api/threads/${thread.id}`);
    expect(page.statusCode).toBe(200);

    await redis.start();
    await eventually(() => {
      expect(A().shared.status()).toBe('ok');
      expect(B().shared.status()).toBe('ok');
    }, 8000);
    // The stream readers come back on their own; a post through A reaches the socket on B again.
    await eventually(async () => {
      const remote = next(readerOnB, 'post:created', (p) => p.threadId === thread.id, 800);
      await replyTo(A(), w.member, thread.id, `De vuelta ${Date.now()}`);
      await remote;
    }, 10_000);
  });
});
