/**
 * SIGTERM to the real server: it stops accepting, lets the request in flight finish, tells
 * socket clients to reconnect, checkpoints the WAL, closes the database and exits 0.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { onPostgres } from '../../db/engine.ts';
import { eventually } from '../helpers/cluster.ts';
import { ensureServerBuilt, setUpThread, startServerProcess, type ServerProcess } from '../helpers/process.ts';
import { backupIntegrity, connectionsTo, openSiteDatabase } from '../helpers/site-database.ts';

const dir = mkdtempSync(join(tmpdir(), 'minga-shutdown-'));
const dbFile = join(dir, 'minga.db');
let server: ServerProcess | undefined;

beforeAll(async () => {
  await ensureServerBuilt();
}, 180_000);

afterAll(() => {
  server?.child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

it('finishes the request in flight, sends sockets to reconnect, checkpoints the WAL and exits 0', async () => {
  server = await startServerProcess({ MINGA_DB: dbFile });
  const { url } = server;
  const { bearer, threadId, cookie } = await setUpThread(url, 'apagado');
  // Some writes, so the WAL has something to fold back.
  for (let i = 0; i < 20; i++) {
    await fetch(`${url}/api/threads/${threadId}/posts`, { method: 'POST', headers: bearer, body: JSON.stringify({ body: `antes ${i}` }) });
  }
  if (onPostgres) {
    // PostgreSQL keeps its log itself; the process's connections show the database in use.
    expect(connectionsTo(dbFile)).toBeGreaterThan(0);
  } else {
    expect(statSync(`${dbFile}-wal`).size).toBeGreaterThan(0);
    expect(existsSync(`${dbFile}.running`)).toBe(true);
  }

  const socket = connect(url, { transports: ['websocket'], extraHeaders: { origin: url, cookie }, reconnectionDelay: 60_000 });
  await new Promise<void>((resolve, reject) => {
    socket.once('session:ready', () => resolve());
    socket.once('connect_error', reject);
  });
  const disconnected = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));

  let signalled = 0;
  // A post whose body is still arriving when the signal comes.
  const body = JSON.stringify({ body: 'Escrito mientras el servidor se apaga' });
  const half = Math.floor(body.length / 2);
  const answered = new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = request(
      `${url}/api/threads/${threadId}/posts`,
      { method: 'POST', headers: { ...bearer, 'content-length': Buffer.byteLength(body) } },
      (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.write(body.slice(0, half));
    setTimeout(() => {
      signalled = Date.now();
      server!.child.kill('SIGTERM');
      setTimeout(async () => {
        // Closed for new connections while the request in flight is still open.
        await expect(fetch(`${url}/api/health`)).rejects.toThrow();
        req.end(body.slice(half));
      }, 400);
    }, 200);
  });

  const reason = await disconnected;
  // "transport close" is the reason socket.io-client retries on; "io server disconnect" would keep it away.
  expect(reason).toBe('transport close');
  expect(socket.active).toBe(true);
  socket.close();

  const { status, text } = await answered;
  expect(status).toBe(201);
  const postId = JSON.parse(text).post.id;
  expect(await server.exited).toBe(0);
  expect(server.output()).toContain('closed cleanly');
  // Promptly: the finished request's keep-alive connection does not hold the close open.
  expect(Date.now() - signalled).toBeLessThan(3_000);

  if (onPostgres) {
    // The pool was closed: no connection of the process is left (the server notices within moments).
    await eventually(() => expect(connectionsTo(dbFile)).toBe(0), 2_000);
  } else {
    // The WAL was folded into the database: nothing (or an empty log) is left beside it.
    expect(!existsSync(`${dbFile}-wal`) || statSync(`${dbFile}-wal`).size === 0).toBe(true);
    expect(existsSync(`${dbFile}.running`)).toBe(false);
  }
  const sqlite = openSiteDatabase(dbFile, { readonly: true });
  try {
    expect(sqlite.prepare('SELECT body FROM posts WHERE id = ?').pluck().get(postId)).toBe('Escrito mientras el servidor se apaga');
  } finally {
    sqlite.close();
  }
}, 30_000);

it('runs the scheduled backups MINGA_BACKUP_DIR asks for, and still stops cleanly', async () => {
  const backups = join(dir, 'scheduled');
  server = await startServerProcess({
    MINGA_DB: join(dir, 'scheduled.db'),
    MINGA_BACKUP_DIR: backups,
    MINGA_BACKUP_INTERVAL_MIN: '0.01',
    MINGA_BACKUP_KEEP: '2',
  });
  await setUpThread(server.url, 'programado');
  const deadline = Date.now() + 5_000;
  // Named as its engine's file: `.db` (SQLite), `.dump` (PostgreSQL's pg_dump).
  const name = onPostgres ? /^minga-\d{8}-\d{6}\.dump$/ : /^minga-\d{8}-\d{6}\.db$/;
  while (Date.now() < deadline && !(existsSync(backups) && readdirSync(backups).some((n) => name.test(n)))) {
    await new Promise((r) => setTimeout(r, 100));
  }
  const made = readdirSync(backups).filter((n) => name.test(n));
  expect(made.length).toBeGreaterThanOrEqual(1);
  expect(made.length).toBeLessThanOrEqual(2);
  server.child.kill('SIGTERM');
  expect(await server.exited).toBe(0);
  expect(server.output()).toContain('scheduled backups on');
  expect(backupIntegrity(join(backups, made[0]!))).toBe('ok');
}, 30_000);
