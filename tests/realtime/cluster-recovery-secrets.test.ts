/**
 * Connection state recovery across processes (issue 20), attacked: what a dropped socket leaves
 * in Redis for its return must hold no secret (the session id is the sign-in cookie itself), and
 * a return is recovered only for the very session that left: a connection presenting another
 * cookie (or none) with a known private id gets a fresh connection, not the missed packets of the
 * rooms the other session was in.
 */
import { Redis } from 'ioredis';
import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerUser } from '../helpers/accounts.ts';
import { buildAppPair, eventually, type AppPair } from '../helpers/cluster.ts';
import { buildWorld, replyTo, startThread, type World } from '../helpers/forums.ts';
import { relaxLimits } from '../helpers/moderation.ts';
import { startRedis, type TestRedis } from '../helpers/redis.ts';
import { ask, silent, type Client } from '../helpers/sockets.ts';

let redis: TestRedis;
let pair: AppPair;
let w: World;
let url = '';

beforeAll(async () => {
  redis = await startRedis();
  pair = await buildAppPair(redis);
  // The stream's first entry, ten minutes old, before any broadcast: a position a client may
  // claim to come back from (offsets are stream ids, and the client sends its own).
  const writer = new Redis(redis.url);
  await writer.xadd(`${pair.prefix}socket.io`, `${Date.now() - 10 * 60_000}-0`, 'nsp', '/', 'type', '9');
  writer.disconnect();
  for (const side of ['a', 'b'] as const) await pair[side].app.listen({ port: 0, host: '127.0.0.1' });
  const address = pair.a.app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  url = `http://127.0.0.1:${address.port}`;
  w = await buildWorld(pair.a.app, { visibility: 'private' });
  await relaxLimits(pair.a.app, w.admin);
});
afterAll(async () => {
  await pair?.close();
  await redis?.close();
});

const A = () => pair.a.app;
const B = () => pair.b.app;

/** A signed-in socket on A following a thread, then dropped (transport closed): its state waits in Redis. */
async function droppedReader(cookie: string, threadId: number): Promise<Client> {
  const client = connect(url, { transports: ['websocket'], reconnection: false, extraHeaders: { origin: url, cookie } }) as Client;
  await new Promise((resolve) => client.once('session:ready', resolve));
  expect((await ask(client, 'thread:join', { threadId })).ok).toBe(true);
  const socketId = client.id!;
  const away = new Promise<void>((resolve) => client.once('disconnect', () => resolve()));
  client.io.engine.close();
  await away;
  await eventually(() => expect(A().io.sockets.sockets.has(socketId)).toBe(false));
  return client;
}

async function storedSessions(): Promise<string[]> {
  const reader = new Redis(redis.url);
  try {
    const keys = await reader.keys(`${pair.prefix}sio:session:*`);
    return await Promise.all(keys.map(async (key) => Buffer.from((await reader.get(key)) ?? '', 'base64').toString('latin1')));
  } finally {
    reader.disconnect();
  }
}

describe('connection state recovery', () => {
  it('keeps no session id in Redis while a socket is away, and still recovers it', async () => {
    const { thread } = await startThread(A(), w.member, w.forumId, { title: 'Recuperar sin secretos' });
    const sessionId = w.member.cookie.split(';')[0]!.split('=')[1]!;
    expect(sessionId.length).toBeGreaterThan(10);
    const client = await droppedReader(w.member.cookie, thread.id);
    try {
      const stored = await storedSessions();
      expect(stored.length).toBeGreaterThan(0);
      for (const value of stored) expect(value).not.toContain(sessionId);

      await replyTo(B(), w.moderator, thread.id, 'Mientras no estaba');
      const back = new Promise<void>((resolve) => client.once('connect', () => resolve()));
      client.connect();
      await back;
      expect(client.recovered).toBe(true);
    } finally {
      client.disconnect();
    }
  });

  it('does not recover a private id presented with another session: no missed packet of the first one reaches it', async () => {
    const { thread } = await startThread(A(), w.member, w.forumId, { title: 'Recuperar con otra cookie' });
    const outsider = await registerUser(A());
    const client = await droppedReader(w.member.cookie, thread.id);
    try {
      await replyTo(B(), w.moderator, thread.id, 'Privado, mientras no estaba');
      // The same private id and offset, now with an outsider's cookie.
      (client.io as unknown as { opts: { extraHeaders: Record<string, string> } }).opts.extraHeaders = { origin: url, cookie: outsider.cookie };
      const leaked = silent(client, 'post:created', (p) => p.threadId === thread.id, 1000);
      const back = new Promise<void>((resolve) => client.once('connect', () => resolve()));
      client.connect();
      await back;
      expect(client.recovered).toBe(false);
      expect(await leaked).toBe(true);
    } finally {
      client.disconnect();
    }
  });

  it('connects afresh at once, rather than waiting, when Redis does not answer the recovery', async () => {
    const { thread } = await startThread(A(), w.member, w.forumId, { title: 'Recuperar con Redis lento' });
    const client = await droppedReader(w.member.cookie, thread.id);
    const admin = new Redis(redis.url);
    try {
      // Redis stays connected but answers no command for 4 s (a stalled server).
      await admin.call('CLIENT', 'PAUSE', '4000', 'ALL');
      const started = Date.now();
      const back = new Promise<void>((resolve) => client.once('connect', () => resolve()));
      client.connect();
      await back;
      expect(Date.now() - started).toBeLessThan(2_500);
      expect(client.recovered).toBe(false);
    } finally {
      await admin.call('CLIENT', 'UNPAUSE').catch(() => {});
      admin.disconnect();
      client.disconnect();
    }
  });

  it('does not replay the stream from a position older than the recovery window (reading it all at every return)', async () => {
    const { thread } = await startThread(A(), w.member, w.forumId, { title: 'Recuperar desde muy atrás' });
    const client = await droppedReader(w.member.cookie, thread.id);
    const admin = new Redis(redis.url);
    try {
      const [[oldest]] = (await admin.xrange(`${pair.prefix}socket.io`, '-', '+', 'COUNT', 1)) as [string, string[]][];
      expect(Number(oldest!.split('-')[0])).toBeLessThan(Date.now() - 5 * 60_000);
      (client as unknown as { _lastOffset: string })._lastOffset = oldest!;
      const back = new Promise<void>((resolve) => client.once('connect', () => resolve()));
      client.connect();
      await back;
      expect(client.recovered).toBe(false);
    } finally {
      admin.disconnect();
      client.disconnect();
    }
  });
});
