/**
 * The sticky hand-off of MINGA_WORKERS=2 attacked over raw TCP, against one real primary with two
 * workers (node dist/server/main.js), a real Redis and one SQLite file: bodies that never end,
 * framing tricks between the primary's head parsing and Node's parser, forged Socket.IO sessions.
 * Whatever a client sends, it gets a 4xx or a closed connection, never a 5xx, a hang or a loop,
 * and the site keeps answering.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureServerBuilt, startServerProcess, type ServerProcess } from '../../helpers/process.ts';
import { startRedis, type TestRedis } from '../../helpers/redis.ts';

const dir = mkdtempSync(join(tmpdir(), 'minga-sticky-attacks-'));
let redis: TestRedis;
let server: ServerProcess;
let port = 0;

beforeAll(async () => {
  redis = await startRedis();
  await ensureServerBuilt();
  server = await startServerProcess({ MINGA_DB: join(dir, 'minga.db'), MINGA_WORKERS: '2', MINGA_REDIS_URL: redis.url, MINGA_REDIS_PREFIX: redis.prefix() }, 60_000);
  port = Number(new URL(server.url).port);
}, 180_000);

afterAll(async () => {
  const children = server ? spawnSync('ps', ['-o', 'pid=', '--ppid', String(server.child.pid)], { encoding: 'utf8' }).stdout : '';
  for (const pid of children.split('\n').map((l) => Number(l.trim())).filter((p) => p > 0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone already
    }
  }
  server?.child.kill('SIGKILL');
  await redis?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Sends `bytes` on a new connection; what came back once the server closed it (null if it did not within `ms`). */
function exchange(bytes: string | Buffer, ms = 4_000): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' }, () => socket.write(bytes));
    let received = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(null);
    }, ms);
    socket.on('data', (chunk) => (received += chunk.toString('latin1')));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(received);
    });
  });
}

const status = (answer: string | null) => Number(/^HTTP\/1\.1 (\d{3})/.exec(answer ?? '')?.[1] ?? 0);

async function siteAnswers() {
  const health = await fetch(`${server.url}/api/health`);
  expect(health.status).toBe(200);
}

describe('the sticky hand-off under attack', () => {
  it('stops relaying a body that never ends once the worker has answered, and closes the connection', async () => {
    const outcome = await new Promise<{ answer: string; closed: boolean }>((resolve) => {
      // Half-open: an attacker keeps sending after the server's FIN.
      const socket = createConnection({ port, host: '127.0.0.1', allowHalfOpen: true });
      let answer = '';
      let done = false;
      const finish = (closed: boolean) => {
        if (done) return;
        done = true;
        clearInterval(flood);
        clearTimeout(timer);
        socket.destroy();
        resolve({ answer, closed });
      };
      socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
      socket.on('error', () => finish(true));
      socket.on('close', () => finish(true));
      // A body announced far past the limit, arriving piece by piece (the primary relays it over IPC).
      socket.write(`POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000000000\r\n\r\n{`);
      const junk = Buffer.alloc(64 * 1024, 'a');
      const flood = setInterval(() => {
        if (!socket.destroyed) socket.write(junk);
      }, 5);
      const timer = setTimeout(() => finish(false), 5_000);
    });
    expect(status(outcome.answer)).toBeGreaterThanOrEqual(400);
    expect(status(outcome.answer)).toBeLessThan(500);
    expect(outcome.closed).toBe(true);
    await siteAnswers();
  });

  it('answers framing tricks with a 4xx, never a 5xx or a hang', async () => {
    const tricks = [
      'POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 40\r\n\r\n{}',
      'POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
      'POST /api/auth/login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n',
      `GET /api/health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20 * 1024)}\r\n\r\n`,
    ];
    for (const trick of tricks) {
      const answer = await exchange(trick);
      expect(answer, trick.slice(0, 80)).not.toBeNull();
      expect(status(answer), `${trick.slice(0, 80)} → ${answer?.slice(0, 80)}`).toBeGreaterThanOrEqual(400);
      expect(status(answer)).toBeLessThan(500);
    }
    await siteAnswers();
  });

  it('answers a long poll naming a session nobody holds with a 400, without rerouting it for ever', async () => {
    const forged = 'AAAAAAAAAAAAAAAAAAAA';
    for (const method of ['GET', 'POST']) {
      const body = method === 'POST' ? '1:1' : '';
      const answer = await exchange(
        `${method} /socket.io/?EIO=4&transport=polling&sid=${forged} HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
      );
      expect(status(answer), answer ?? 'no answer').toBe(400);
    }
    await siteAnswers();
  });
});
