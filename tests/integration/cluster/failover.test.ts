/**
 * Failover behind nginx (issue 20): two real Minga processes on one SQLite file and one real
 * Redis, a real nginx in front. A socket.io-client following a thread through nginx loses the
 * process it is connected to (kill -9); a post is written meanwhile (nginx sends it to the
 * survivor); the client reconnects through nginx to the survivor, joins the thread again from
 * the last post it has, and ends with every post once, in order: no gap.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientToServerEvents, ServerToClientEvents, ThreadJoined } from '../../../shared/events.ts';
import { eventually } from '../../helpers/cluster.ts';
import { startNginx, type TestNginx } from '../../helpers/nginx.ts';
import { ensureServerBuilt, setUpThread, startServerProcess, type ServerProcess } from '../../helpers/process.ts';
import { startRedis, type TestRedis } from '../../helpers/redis.ts';

let redis: TestRedis;
let nginx: TestNginx;
const processes: ServerProcess[] = [];
let dir: string;

beforeAll(async () => {
  await ensureServerBuilt();
  redis = await startRedis();
  dir = mkdtempSync(join(tmpdir(), 'minga-failover-'));
  const env = { MINGA_DB: join(dir, 'minga.db'), MINGA_REDIS_URL: redis.url, MINGA_REDIS_PREFIX: redis.prefix() };
  // The first creates and migrates the file; the second opens it.
  processes.push(await startServerProcess(env));
  processes.push(await startServerProcess(env));
  nginx = await startNginx(processes.map((p) => p.url));
}, 120_000);

afterAll(async () => {
  for (const p of processes) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
  await Promise.all(processes.map((p) => p.exited));
  await nginx?.close();
  await redis?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** How many sockets a process holds now, from its /metrics. */
async function socketsOn(p: ServerProcess): Promise<number> {
  const text = await (await fetch(`${p.url}/metrics`)).text();
  const match = /^minga_socket_connections(?:\{[^}]*\})? (\d+)/m.exec(text);
  return match ? Number(match[1]) : 0;
}

describe('a process killed behind nginx', () => {
  it('lets its clients reconnect to the survivor through nginx and catch up with no gap; its readers leave presence', async () => {
    const { bearer, threadId } = await setUpThread(nginx.url, 'failover_ops');
    const write = async (body: string) => {
      const response = await fetch(`${nginx.url}/api/threads/${threadId}/posts`, { method: 'POST', headers: bearer, body: JSON.stringify({ body }) });
      expect(response.status, await response.clone().text()).toBe(201);
      return ((await response.json()) as { post: { id: number } }).post.id;
    };

    // As the browser's client does (client/src/lib/realtime/socket.svelte.ts): on every connect,
    // join the thread again from the last post it has.
    const seen: number[] = [];
    let connects = 0;
    const extra: Socket[] = [];
    let joins = 0;
    const client: Socket<ServerToClientEvents, ClientToServerEvents> = connect(nginx.url, {
      transports: ['websocket'],
      reconnectionDelay: 100,
      reconnectionDelayMax: 300,
      extraHeaders: { origin: nginx.url },
    });
    const keep = (id: number) => {
      if (!seen.includes(id)) seen.push(id);
    };
    client.on('post:created', ({ threadId: id, post }) => id === threadId && keep(post.id));
    client.on('connect', () => {
      connects += 1;
      const since = seen.at(-1);
      const payload = since === undefined ? { threadId } : { threadId, sincePostId: since };
      (client.emit as (...args: unknown[]) => void)('thread:join', payload, (reply: { ok: boolean; data?: ThreadJoined }) => {
        if (!reply.ok) return;
        for (const post of reply.data!.missed) keep(post.id);
        joins += 1;
      });
    });

    try {
      await eventually(() => expect(connects).toBe(1), 5_000);
      // The join's answer has come back (an empty catch-up) before anything is written.
      await eventually(() => expect(joins).toBe(1), 5_000);
      // Joined: posts written through either process arrive live, wherever the socket is.
      for (const p of processes) {
        const response = await fetch(`${p.url}/api/threads/${threadId}/posts`, { method: 'POST', headers: bearer, body: JSON.stringify({ body: `Antes de la caída, por ${p.url}` }) });
        expect(response.status).toBe(201);
        const { post } = (await response.json()) as { post: { id: number } };
        await eventually(() => expect(seen).toContain(post.id), 3_000);
      }

      const holders = await Promise.all(processes.map(socketsOn));
      const victim = processes[holders.findIndex((n) => n === 1)]!;
      expect(victim, `sockets per process: ${holders}`).toBeDefined();
      // Presence spans both processes: a reader connected straight to each, and the client.
      const survivor = processes.find((p) => p !== victim)!;
      const direct = (url: string) => connect(url, { transports: ['websocket'], reconnection: false, extraHeaders: { origin: url } });
      const onVictim = direct(victim.url);
      const onSurvivor = direct(survivor.url);
      extra.push(onVictim, onSurvivor);
      const anonymous: number[] = [];
      onSurvivor.on('presence', (p) => p.room === `thread:${threadId}` && anonymous.push(p.anonymous));
      for (const socket of [onVictim, onSurvivor]) {
        await new Promise((resolve) => (socket.emit as (...args: unknown[]) => void)('thread:join', { threadId }, resolve));
      }
      await eventually(() => expect(anonymous.at(-1)).toBe(3), 4_000);

      victim.child.kill('SIGKILL');
      await victim.exited;

      // Written while the client is away: nginx finds the dead process refusing and tries the other.
      const missed = await write('Escrito mientras el cliente se reconecta');
      await eventually(() => expect(joins).toBe(2), 10_000);
      expect(connects).toBe(2);
      await eventually(() => expect(seen).toContain(missed), 5_000);
      const after = await write('Después de la reconexión');
      await eventually(() => expect(seen).toContain(after), 5_000);

      // The dead process's readers vanish (its heartbeat stops, a survivor sweeps it): the
      // client, now on the survivor, and the survivor's own reader remain.
      await eventually(() => expect(anonymous.at(-1)).toBe(2), 20_000);

      // Every post once, in order, the missed one among them.
      expect(seen).toEqual([...seen].sort((x, y) => x - y));
      expect(seen.slice(-2)).toEqual([missed, after]);
    } finally {
      client.disconnect();
      for (const socket of extra) socket.disconnect();
    }
  }, 40_000);
});
