/**
 * Several machines (issue 21): two real Minga hosts on distinct addresses (127.0.0.2 and
 * 127.0.0.3) sharing one PostgreSQL database, one Redis and one files folder (MINGA_FILES_DIR,
 * the shared mount), behind a real nginx. A post written through one host reaches a socket on
 * the other; a file uploaded through one downloads from the other with the same bytes; one host
 * killed (kill -9), the site keeps serving through nginx and the survivor's sockets keep getting
 * events. Nothing is written on a host's own disk.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pgClient } from '../../helpers/postgres.ts';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../shared/events.ts';
import { eventually } from '../../helpers/cluster.ts';
import { filesUnder, minimalPdf } from '../../helpers/files.ts';
import { emptySiteDatabase, startHostProcess } from '../../helpers/hosts.ts';
import { startNginx, type TestNginx } from '../../helpers/nginx.ts';
import { ensureServerBuilt, setUpThread, type ServerProcess } from '../../helpers/process.ts';
import { startRedis, type TestRedis } from '../../helpers/redis.ts';

const HOSTS = ['127.0.0.2', '127.0.0.3'] as const;

let redis: TestRedis;
let nginx: TestNginx;
let site: { url: string; close(): Promise<void> };
let dir: string;
const hosts: ServerProcess[] = [];

/** Each host's own disk: where it would keep a SQLite file and files beside it, if it kept any. */
const ownDisk = (i: number) => join(dir, `host-${i}`);

beforeAll(async () => {
  await ensureServerBuilt();
  redis = await startRedis();
  site = await emptySiteDatabase();
  dir = mkdtempSync(join(tmpdir(), 'minga-two-hosts-'));
  const shared = {
    MINGA_DATABASE_URL: site.url,
    MINGA_REDIS_URL: redis.url,
    MINGA_REDIS_PREFIX: redis.prefix(),
    MINGA_FILES_DIR: join(dir, 'shared-files'),
  };
  // Both at once, as hosts booted together do: the first to take the startup lock migrates the
  // empty database, the other waits for it and finds it ready.
  const started = await Promise.allSettled(
    HOSTS.map((address, i) => {
      mkdirSync(ownDisk(i));
      return startHostProcess(address, { ...shared, MINGA_DB: join(ownDisk(i), 'minga.db') });
    }),
  );
  for (const result of started) if (result.status === 'fulfilled') hosts.push(result.value);
  for (const result of started) if (result.status === 'rejected') throw result.reason;
  nginx = await startNginx(hosts.map((h) => h.url));
}, 120_000);

afterAll(async () => {
  for (const h of hosts) if (h.child.exitCode === null && h.child.signalCode === null) h.child.kill('SIGKILL');
  await Promise.all(hosts.map((h) => h.exited));
  await nginx?.close();
  await redis?.close();
  await site?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A resource of the knowledge bank to attach a file to (the bank is filled by imports, not by an API). */
async function insertResource(): Promise<number> {
  const client = pgClient(site.url);
  await client.connect();
  try {
    const now = Date.now();
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO resources (title, type, languages, authors, topics, audiences, created_at, updated_at)
       VALUES ('Guía de soldadura', 'guide', '["es"]', '[]', '[]', '[]', $1, $1) RETURNING id`,
      [now],
    );
    return Number(rows[0]!.id);
  } finally {
    await client.end();
  }
}

async function uploadPdf(hostUrl: string, cookie: string, resourceId: number, pdf: Buffer): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(pdf)], { type: 'application/pdf' }), 'Guía.pdf');
  const response = await fetch(`${hostUrl}/api/resources/${resourceId}/file`, { method: 'POST', headers: { origin: hostUrl, cookie }, body: form });
  expect(response.status, await response.clone().text()).toBe(200);
  return ((await response.json()) as { file: { url: string } }).file.url;
}

describe('two hosts on PostgreSQL, Redis and a shared files folder, behind nginx', () => {
  it('carry live events and files across hosts, and the site outlives one of them', async () => {
    const [a, b] = hosts as [ServerProcess, ServerProcess];
    const { bearer, cookie, threadId } = await setUpThread(nginx.url, 'two_hosts');
    const writeThrough = async (url: string, body: string) => {
      const response = await fetch(`${url}/api/threads/${threadId}/posts`, { method: 'POST', headers: bearer, body: JSON.stringify({ body }) });
      expect(response.status, await response.clone().text()).toBe(201);
      return ((await response.json()) as { post: { id: number } }).post.id;
    };

    // A reader on host B (connected to B's address: nginx cannot move it to A).
    const seen: number[] = [];
    const onB: Socket<ServerToClientEvents, ClientToServerEvents> = connect(b.url, {
      transports: ['websocket'],
      reconnection: false,
      extraHeaders: { origin: b.url },
    });
    onB.on('post:created', ({ threadId: id, post }) => id === threadId && seen.push(post.id));
    try {
      const joined = await new Promise<{ ok: boolean }>((resolve) => (onB.emit as (...args: unknown[]) => void)('thread:join', { threadId }, resolve));
      expect(joined.ok).toBe(true);

      // Written through host A: it reaches the socket on host B (through Redis).
      const fromA = await writeThrough(a.url, 'Escrito en el host A');
      await eventually(() => expect(seen).toContain(fromA), 5_000);

      // Uploaded through host A, downloaded from host B: the same bytes.
      const pdf = minimalPdf('soldadura');
      const fileUrl = await uploadPdf(a.url, cookie, await insertResource(), pdf);
      const fromB = await fetch(`${b.url}${fileUrl}`);
      expect(fromB.status).toBe(200);
      expect(fromB.headers.get('content-type')).toBe('application/pdf');
      expect(Buffer.from(await fromB.arrayBuffer()).equals(pdf)).toBe(true);
      // In the shared folder, and nothing on either host's own disk.
      expect(filesUnder(join(dir, 'shared-files')).filter((p) => /[0-9a-f]{64}$/.test(p))).toHaveLength(1);
      expect([filesUnder(ownDisk(0)), filesUnder(ownDisk(1))]).toEqual([[], []]);

      // Host A dies without a word.
      a.child.kill('SIGKILL');
      await a.exited;

      // Through nginx the site keeps serving: every read (each try of the dead host goes on to
      // the survivor), the file, and a new post, which the reader on B still receives live.
      for (let i = 0; i < 4; i++) {
        const page = await fetch(`${nginx.url}/api/threads/${threadId}`);
        expect(page.status, nginx.errors()).toBe(200);
      }
      const download = await fetch(`${nginx.url}${fileUrl}`);
      expect(download.status).toBe(200);
      expect(Buffer.from(await download.arrayBuffer()).equals(pdf)).toBe(true);
      const afterwards = await writeThrough(nginx.url, 'Escrito con el host A caído');
      await eventually(() => expect(seen).toContain(afterwards), 5_000);
      expect(seen).toEqual([fromA, afterwards]);
      expect(onB.connected).toBe(true);
    } finally {
      onB.disconnect();
    }
  }, 60_000);
});
