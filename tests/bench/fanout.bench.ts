/**
 * Fan-out: 1,000 sockets in one thread room, a post created over HTTP, and the time until
 * every socket has its `post:created` (p50 and p99 over the posts). Then 5,000 idle
 * authenticated connections and the server's memory per connection.
 * Aims: p99 < 100 ms; < 20 KB per connection.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { buildWorld, startThread } from '../helpers/forums.ts';
import { relaxLimits } from '../helpers/moderation.ts';
import { FULL } from './measure.ts';

const size = FULL ? { readers: 1000, posts: 30, idle: 5000 } : { readers: 20, posts: 3, idle: 50 };
const dir = mkdtempSync(join(tmpdir(), 'minga-bench-'));
let t: TestApp;
let url: string;
let threadId: number;
let posterCookie: string;
let readerCookie: string;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

beforeAll(async () => {
  t = await buildTestApp({ dbFile: join(dir, 'bench.db') });
  const w = await buildWorld(t.app);
  // One account posting as fast as it can: measured without the spam limits in the way.
  await relaxLimits(t.app, w.admin);
  threadId = (await startThread(t.app, w.member, w.forumId)).thread.id;
  posterCookie = w.member.cookie;
  readerCookie = w.moderator.cookie;
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  url = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
});

afterAll(async () => {
  await t.app.close();
  rmSync(dir, { recursive: true, force: true });
});

function clients(job: object, onLine?: (line: string, child: ReturnType<typeof spawn>) => void): Promise<string[]> {
  const child = spawn(process.execPath, [join(import.meta.dirname, 'fanout-clients.mjs'), JSON.stringify({ url, ...job })], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  let buffer = '';
  child.stdout!.on('data', (chunk) => {
    buffer += chunk;
    let index;
    while ((index = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, index);
      buffer = buffer.slice(index + 1);
      lines.push(line);
      onLine?.(line, child);
    }
  });
  return new Promise((resolve, reject) => {
    child.on('close', (code) => (code === 0 ? resolve(lines) : reject(new Error(`clients exited ${code}`))));
  });
}

const percentile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

it('delivers a post to every socket in a crowded room', async () => {
  const [line] = await clients({ mode: 'fanout', threadId, readers: size.readers, posts: size.posts, posterCookie, readerCookie });
  const latencies = (JSON.parse(line!).latencies as number[]).sort((a, b) => a - b);
  expect(latencies).toHaveLength(size.posts);
  process.stdout.write(
    `\n[bench] fanout (${FULL ? 'full' : 'tiny smoke'}: ${size.readers} sockets in one thread room, ${size.posts} posts over HTTP)\n` +
      `  request → every socket has post:created   p50 ${percentile(latencies, 0.5).toFixed(1)} ms  p99 ${percentile(latencies, 0.99).toFixed(1)} ms  max ${latencies.at(-1)!.toFixed(1)} ms\n`,
  );
});

it('holds idle authenticated connections in little memory', async () => {
  gc();
  const before = process.memoryUsage();
  let during: NodeJS.MemoryUsage | null = null;
  await clients({ mode: 'idle', idle: size.idle, readerCookie }, (line, child) => {
    if (!line.includes('idleOpen')) return;
    // Let the handshakes settle, collect garbage, then measure while they are all open.
    setTimeout(() => {
      gc();
      during = process.memoryUsage();
      expect(t.app.io.engine.clientsCount).toBeGreaterThanOrEqual(size.idle);
      child.stdin!.write('done\n');
    }, 500);
  });
  const heap = (during!.heapUsed - before.heapUsed) / size.idle;
  const rss = (during!.rss - before.rss) / size.idle;
  process.stdout.write(
    `\n[bench] idle connections (${FULL ? 'full' : 'tiny smoke'}: ${size.idle} authenticated sockets)\n` +
      `  server memory per connection: heap ${(heap / 1024).toFixed(1)} KB, rss ${(rss / 1024).toFixed(1)} KB\n`,
  );
});
