import { describe, expect, it } from 'vitest';
import { restartDelay, WorkerSlots } from '../../server/cluster/slots.ts';

const policy = { earlyDeathMs: 10_000, firstDelayMs: 1_000, maxDelayMs: 30_000 };

describe('restartDelay', () => {
  it('restarts at once after a worker that ran long, then doubles up to the ceiling', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 10].map((n) => restartDelay(n, policy))).toEqual([0, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
  });
});

describe('WorkerSlots', () => {
  it('gives a dead worker’s slot back for its replacement, with the back-off of its early deaths', () => {
    const slots = new WorkerSlots(2, policy);
    expect(slots.numbers()).toEqual([1, 2]);
    slots.started(1, 11, 0);
    slots.started(2, 12, 0);
    expect(slots.held()).toBe(2);

    // Ran a minute: replaced at once.
    expect(slots.exited(12, 60_000)).toEqual({ slot: 2, delayMs: 0, ranMs: 60_000, earlyDeaths: 0 });
    expect(slots.held()).toBe(1);
    slots.started(2, 13, 60_000);
    expect(slots.slotOf(13)).toBe(2);

    // Dies at start again and again: waits grow.
    expect(slots.exited(13, 61_000)?.delayMs).toBe(1_000);
    slots.started(2, 14, 62_000);
    expect(slots.exited(14, 63_000)?.delayMs).toBe(2_000);
    slots.started(2, 15, 65_000);
    // This one lived: the count starts over.
    expect(slots.exited(15, 200_000)).toMatchObject({ slot: 2, delayMs: 0, earlyDeaths: 0 });
    // The other slot was never disturbed, and an unknown worker frees nothing.
    expect(slots.slotOf(11)).toBe(1);
    expect(slots.exited(99)).toBeUndefined();
  });
});
