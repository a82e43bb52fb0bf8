/**
 * A crowded workshop room: attendees connected to one room, messages sent over their sockets
 * at a steady rate in total, and the time from sending until each attendee has the message
 * (p50 and p99 over every delivery), with the server's memory while the room is full.
 * Aim: p99 < 100 ms at 500 attendees and 20 messages a second for 30 seconds.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { buildWorld } from '../helpers/forums.ts';
import { openWorkshop } from '../helpers/workshops.ts';
import { FULL } from './measure.ts';

const size = FULL ? { attendees: 500, senders: 10, perSecond: 20, seconds: 30 } : { attendees: 5, senders: 2, perSecond: 20, seconds: 1 };
const dir = mkdtempSync(join(tmpdir(), 'minga-bench-'));
let t: TestApp;
let url: string;
let workshopId: number;
let attendeeCookie: string;
let senderCookie: string;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

beforeAll(async () => {
  t = await buildTestApp({ dbFile: join(dir, 'bench.db') });
  const w = await buildWorld(t.app);
  workshopId = (await openWorkshop(t.app, w.moderator, w.slug)).id;
  // Senders are members, not hosts: their messages meet every check an attendee's does.
  attendeeCookie = w.outsider.cookie;
  senderCookie = w.member.cookie;
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  url = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
});

afterAll(async () => {
  await t.app.close();
  rmSync(dir, { recursive: true, force: true });
});

const percentile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

it('delivers every message to every attendee of a crowded room', async () => {
  gc();
  const before = process.memoryUsage();
  let full: NodeJS.MemoryUsage | null = null;
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 250);
  const child = spawn(
    process.execPath,
    [join(import.meta.dirname, 'workshop-room-clients.mjs'), JSON.stringify({ url, workshopId, attendeeCookie, senderCookie, ...size })],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines: string[] = [];
  let buffer = '';
  child.stdout!.on('data', (chunk) => {
    buffer += chunk;
    let index;
    while ((index = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, index);
      buffer = buffer.slice(index + 1);
      lines.push(line);
      if (line.includes('"connected"')) {
        gc();
        full = process.memoryUsage();
        child.stdin!.write('go\n');
      }
    }
  });
  await new Promise<void>((resolve, reject) => child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`clients exited ${code}`)))));
  clearInterval(sampler);
  const result = JSON.parse(lines.at(-1)!) as { latencies: number[]; expected: number; delivered: number; refused: string[]; elapsedMs: number };
  expect(result.refused).toEqual([]);
  expect(result.delivered).toBe(result.expected);
  const sorted = result.latencies.sort((a, b) => a - b);
  const connected = full!;
  process.stdout.write(
    `\n[bench] workshop room (${FULL ? 'full' : 'tiny smoke'}: ${size.attendees} attendees, ${size.perSecond} messages/s for ${size.seconds} s over ${size.senders} sender sockets)\n` +
      `  send → each attendee has workshop:message   p50 ${percentile(sorted, 0.5).toFixed(1)} ms  p99 ${percentile(sorted, 0.99).toFixed(1)} ms  max ${sorted.at(-1)!.toFixed(1)} ms  (${result.delivered} deliveries)\n` +
      `  server memory: rss ${mb(before.rss)} before → ${mb(connected.rss)} with the room full (heap ${mb(connected.heapUsed)}), peak rss ${mb(peakRss)} during the load\n`,
  );
});
