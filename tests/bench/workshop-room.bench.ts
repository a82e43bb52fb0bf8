/**
 * A crowded workshop room: attendees connected to one room, messages sent over members'
 * sockets at a steady rate in total, and the time from sending until each attendee has the
 * message (p50 and p99 over every delivery), with the server's memory and event-loop delay.
 * Aim: p99 < 100 ms at 500 attendees and 20 messages a second for 30 seconds.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { afterAll, beforeAll, expect, it, onTestFinished } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { buildWorld } from '../helpers/forums.ts';
import { openWorkshop } from '../helpers/workshops.ts';
import { FULL } from './measure.ts';

const size = FULL
  ? { attendees: 500, processes: 4, senders: 10, perSecond: 20, seconds: 30 }
  : { attendees: 5, processes: 1, senders: 2, perSecond: 20, seconds: 1 };
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
  // Readers of a public community attend; senders are members, not hosts, so their messages
  // meet every check an attendee's does.
  attendeeCookie = w.outsider.cookie;
  senderCookie = w.member.cookie;
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  url = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
});

afterAll(async () => {
  await t.app.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A client process and its JSON lines, in order. */
function clients(job: object) {
  const child: ChildProcess = spawn(process.execPath, [join(import.meta.dirname, 'workshop-room-clients.mjs'), JSON.stringify({ url, workshopId, ...job })], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const waiting: ((value: unknown) => void)[] = [];
  const lines: unknown[] = [];
  let buffer = '';
  child.stdout!.on('data', (chunk) => {
    buffer += chunk;
    let index;
    while ((index = buffer.indexOf('\n')) >= 0) {
      const value = JSON.parse(buffer.slice(0, index));
      buffer = buffer.slice(index + 1);
      const waiter = waiting.shift();
      if (waiter) waiter(value);
      else lines.push(value);
    }
  });
  const exited = new Promise<void>((resolve, reject) => child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`clients exited ${code}`)))));
  return {
    next: <T>() => (lines.length ? Promise.resolve(lines.shift() as T) : new Promise<T>((resolve) => waiting.push(resolve as (v: unknown) => void))),
    tell: (word: string) => child.stdin!.write(`${word}\n`),
    exited,
  };
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

it('delivers every message to every attendee of a crowded room', async () => {
  const total = Math.round(size.perSecond * size.seconds);
  gc();
  const before = process.memoryUsage();
  const perProcess = Math.ceil(size.attendees / size.processes);
  const groups = Array.from({ length: size.processes }, (_, i) =>
    clients({ mode: 'attendees', attendees: Math.min(perProcess, size.attendees - i * perProcess), cookie: attendeeCookie, total }),
  );
  for (const group of groups) await group.next();
  const sender = clients({ mode: 'sender', senders: size.senders, perSecond: size.perSecond, total, cookie: senderCookie });
  await sender.next();
  gc();
  const full = process.memoryUsage();
  let peakRss = full.rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 250);
  // The worker outlives this file (isolate: false): a failure before the clearInterval below must not leave it ticking.
  onTestFinished(() => clearInterval(sampler));
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();

  for (const group of [...groups, sender]) group.tell('go');
  const sent = await sender.next<{ sent: number; refused: string[] }>();
  for (const group of groups) group.tell('done');
  const results = await Promise.all(groups.map((g) => g.next<{ delivered: number; expected: number; histogram: [number, number][] }>()));
  loop.disable();
  clearInterval(sampler);
  await Promise.all([...groups, sender].map((g) => g.exited));

  expect(sent.refused).toEqual([]);
  const delivered = results.reduce((n, r) => n + r.delivered, 0);
  expect(delivered).toBe(total * size.attendees);
  const histogram = new Map<number, number>();
  for (const r of results) for (const [tenth, count] of r.histogram) histogram.set(tenth, (histogram.get(tenth) ?? 0) + count);
  const ordered = [...histogram.entries()].sort((a, b) => a[0] - b[0]);
  const at = (q: number) => {
    let seen = 0;
    for (const [tenth, count] of ordered) if ((seen += count) > q * delivered) return tenth / 10;
    return ordered.at(-1)![0] / 10;
  };
  process.stdout.write(
    `\n[bench] workshop room (${FULL ? 'full' : 'tiny smoke'}: ${size.attendees} attendees in ${size.processes} client processes, ${size.perSecond} messages/s for ${size.seconds} s over ${size.senders} member sockets)\n` +
      `  send → each attendee has workshop:message   p50 ${at(0.5).toFixed(1)} ms  p99 ${at(0.99).toFixed(1)} ms  max ${(ordered.at(-1)![0] / 10).toFixed(1)} ms  (${delivered} deliveries)\n` +
      `  server event-loop delay during the load (1 ms timer): p50 ${(loop.percentile(50) / 1e6).toFixed(1)} ms  p99 ${(loop.percentile(99) / 1e6).toFixed(1)} ms  max ${(loop.max / 1e6).toFixed(1)} ms\n` +
      `  server memory: rss ${mb(before.rss)} before → ${mb(full.rss)} with the room full (heap ${mb(full.heapUsed)}), peak rss ${mb(peakRss)} during the load\n`,
  );
});
