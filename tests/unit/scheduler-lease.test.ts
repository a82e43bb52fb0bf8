/**
 * The scheduler lease on its own (issue 20, part 3): two holders on one database with one clock
 * the test moves. Taken by one, refused to the other while valid, taken over once lapsed (the
 * former holder's fence already closed), handed over at once on release.
 */
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.ts';
import { leaseRepository } from '../../server/cluster/lease-repository.ts';
import { createLease, leaseTimingFromEnv } from '../../server/cluster/lease.ts';
import { processHost } from '../../server/cluster/process-host.ts';
import { createScheduler } from '../../server/cluster/scheduler.ts';

const database = openDatabase(':memory:');
const quiet = { info() {}, warn() {}, error() {} };
let clock = 1_000_000;
const now = () => clock;
const made: { stop(): void }[] = [];
afterEach(async () => {
  for (const lease of made.splice(0)) await lease.stop();
});

function lease(holder: string) {
  const l = createLease({ repo: leaseRepository(database), name: `test-${expect.getState().currentTestName}`, holder, log: quiet, timing: { ttlMs: 30_000, renewMs: 10_000_000 }, now });
  made.push(l);
  return l;
}
// A try on demand (the loop's interval is far away): a fresh start makes one at once.
const tryAgain = async (l: ReturnType<typeof lease>) => {
  l.abandon();
  await l.start();
};

describe('the scheduler lease', () => {
  it('is held by one holder at a time, taken over only once it lapsed, and at once when released', async () => {
    const a = lease('a');
    const b = lease('b');
    await a.start();
    await b.start();
    expect([a.holds(), b.holds()]).toEqual([true, false]);
    expect((await a.current())?.holder).toBe('a');

    // a dies (no more renewals): b waits until the lease has lapsed.
    a.abandon();
    clock += 29_999;
    await tryAgain(b);
    expect(b.holds()).toBe(false);
    clock += 1;
    await tryAgain(b);
    expect(b.holds()).toBe(true);
    expect((await b.current())?.holder).toBe('b');

    // Released at a clean stop: a takes it at its next try, long before 30 s.
    await b.stop();
    await tryAgain(a);
    expect(a.holds()).toBe(true);
  });

  it('is taken at once from a holder on this host whose process is gone (a restart after kill -9)', async () => {
    const gone = spawnSync('true').pid;
    const dead = lease(`${processHost()}:${gone}:0000`);
    await dead.start();
    const alive = lease(`${processHost()}:${process.ppid}:0000`);
    const successor = lease(`${processHost()}:${process.pid}:1111`);
    await successor.start();
    expect(successor.holds()).toBe(true);
    // But not from one whose process still runs: that one's lease must lapse.
    await successor.stop();
    await alive.start();
    await tryAgain(successor);
    expect([alive.holds(), successor.holds()]).toEqual([true, false]);
  });

  it('is not taken at once from a holder that only shares the host name (another machine, or a container with its own pids)', async () => {
    // A pid free here may be a live process there: its lease must lapse first.
    const gone = spawnSync('true').pid;
    const elsewhere = lease(`${hostname()}:${gone}:0000`);
    await elsewhere.start();
    const successor = lease(`${processHost()}:${process.pid}:1111`);
    await successor.start();
    expect([elsewhere.holds(), successor.holds()]).toEqual([true, false]);
    expect((await successor.current())?.holder).toBe(`${hostname()}:${gone}:0000`);
  });

  it('closes its fence when its own renewal is overdue, before another can have it', async () => {
    const a = lease('a');
    await a.start();
    clock += 29_999;
    expect(a.holds()).toBe(true);
    clock += 1;
    expect(a.holds()).toBe(false);
  });

  it('starts the jobs in the holder only and stops them when the lease is lost', async () => {
    const events: string[] = [];
    const a = lease('a');
    const b = lease('b');
    const job = (who: string) => ({ start: () => void events.push(`${who} start`), stop: () => void events.push(`${who} stop`) });
    const sa = createScheduler({ lease: a, log: quiet });
    const sb = createScheduler({ lease: b, log: quiet });
    sa.add('job', job('a'));
    sb.add('job', job('b'));
    await sa.start();
    await sb.start();
    expect(events).toEqual(['a start']);
    a.abandon();
    await sa.settled();
    expect(events).toEqual(['a start', 'a stop']);
  });

  it('reads MINGA_SCHEDULER_LEASE_S', () => {
    expect(leaseTimingFromEnv({})).toEqual({ ttlMs: 30_000, renewMs: 10_000 });
    expect(leaseTimingFromEnv({ MINGA_SCHEDULER_LEASE_S: '3' })).toEqual({ ttlMs: 3_000, renewMs: 1_000 });
    expect(() => leaseTimingFromEnv({ MINGA_SCHEDULER_LEASE_S: 'soon' })).toThrow(/MINGA_SCHEDULER_LEASE_S/);
  });
});
