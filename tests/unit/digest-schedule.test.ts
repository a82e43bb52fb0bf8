import { describe, expect, it } from 'vitest';
import { coveredSince, periodKey } from '../../server/modules/digests/period.ts';
import { createDigestScheduler } from '../../server/modules/digests/scheduler.ts';

describe('digest periods', () => {
  it('names the UTC day and the ISO week, across the turn of the year', () => {
    expect(periodKey('daily', new Date('2026-12-06T23:59:00Z'))).toBe('D2026-12-06');
    expect(periodKey('weekly', new Date('2026-12-06T10:00:00Z'))).toBe('W2026-49');
    expect(periodKey('weekly', new Date('2026-12-07T00:00:00Z'))).toBe('W2026-50');
    expect(periodKey('weekly', new Date('2026-12-31T12:00:00Z'))).toBe('W2026-53');
    expect(periodKey('weekly', new Date('2027-01-03T12:00:00Z'))).toBe('W2026-53');
    expect(periodKey('weekly', new Date('2027-01-04T00:00:00Z'))).toBe('W2027-01');
    expect(periodKey('weekly', new Date('2025-12-29T00:00:00Z'))).toBe('W2026-01');
  });

  it('covers what is new since the last digest, at most one period back', () => {
    const now = new Date('2027-03-08T10:00:00Z');
    expect(coveredSince('weekly', now, null).toISOString()).toBe('2027-03-01T10:00:00.000Z');
    expect(coveredSince('weekly', now, new Date('2027-03-05T00:00:00Z')).toISOString()).toBe('2027-03-05T00:00:00.000Z');
    expect(coveredSince('daily', now, new Date('2027-01-01T00:00:00Z')).toISOString()).toBe('2027-03-07T10:00:00.000Z');
  });
});

describe('the digest scheduler', () => {
  it('runs at start and every tick, one run at a time, and leaves no timer when stopped', async () => {
    const runs: Date[] = [];
    let release: () => void = () => {};
    const scheduler = createDigestScheduler({
      runDue: async (now) => {
        runs.push(now);
        await new Promise<void>((resolve) => (release = resolve));
        return { due: 0, active: 0, sent: 0, empty: 0 };
      },
      log: { error: () => {}, info: () => {} },
      tickMs: 10,
      firstRunMs: 0,
    });
    expect(scheduler.idle()).toBe(true);
    scheduler.start();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(runs).toHaveLength(1); // the first run is still in flight: no second one
    release();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(runs.length).toBeGreaterThanOrEqual(2);
    const stopping = scheduler.stop();
    release();
    await stopping;
    expect(scheduler.idle()).toBe(true);
    const count = runs.length;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(runs).toHaveLength(count);
  });
});
