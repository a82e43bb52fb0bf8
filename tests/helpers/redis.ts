import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './process.ts';

/**
 * A real Redis (Debian's redis-server) on a loopback port of its own, nothing persisted; `.ci/run`
 * installs it when missing. `stop()` and `start()` again on the same port let a test take Redis
 * away mid-run and bring it back.
 */
export interface TestRedis {
  url: string;
  port: number;
  /** A prefix no other test uses, for MINGA_REDIS_PREFIX. */
  prefix(): string;
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

const REDIS_BIN = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((path) => existsSync(path));

export function redisAvailable(): boolean {
  return REDIS_BIN !== undefined;
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (chunk) => {
      socket.destroy();
      resolve(chunk.toString().startsWith('+PONG'));
    });
    socket.once('error', () => resolve(false));
  });
}

let prefixes = 0;

export async function startRedis(): Promise<TestRedis> {
  if (!REDIS_BIN) throw new Error('redis-server is not installed (apt-get install redis-server; .ci/run does it)');
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'minga-redis-'));
  let child: ChildProcess | null = null;
  let output = '';

  const start = async () => {
    child = spawn(REDIS_BIN, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--protected-mode', 'yes'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (chunk) => (output = (output + chunk).slice(-8192)));
    child.stderr!.on('data', (chunk) => (output = (output + chunk).slice(-8192)));
    const deadline = Date.now() + 10_000;
    while (!(await answers(port))) {
      if (Date.now() > deadline) throw new Error(`redis-server did not answer on ${port}:\n${output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const stop = async () => {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve());
      running.kill('SIGKILL');
    });
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    prefix: () => `t${process.pid}-${++prefixes}-${Date.now().toString(36)}:`,
    stop,
    start,
    async close() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
