import { describe, expect, it } from 'vitest';
import { createCoalescer } from '../../server/lib/coalesce.ts';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('coalesced recounts', () => {
  it('folds callers arriving during a run into one more run, and each settles after a run that began after its call', async () => {
    const coalesce = createCoalescer();
    let value = 0;
    const starts: number[] = [];
    const work = async () => {
      starts.push(value);
      await tick();
    };
    const calls: Promise<{ asked: number; seen: number }>[] = [];
    for (let i = 1; i <= 10; i += 1) {
      value = i;
      const asked = i;
      calls.push(coalesce('thread:1', work).then(() => ({ asked, seen: starts.at(-1)! })));
    }
    const settled = await Promise.all(calls);
    // The first caller's run, then one run for the nine that came while it ran.
    expect(starts).toEqual([1, 10]);
    for (const { asked, seen } of settled) expect(seen).toBeGreaterThanOrEqual(asked);
    // Nothing left over: the next call runs at once.
    value = 11;
    await coalesce('thread:1', work);
    expect(starts).toEqual([1, 10, 11]);
  });

  it('keeps keys apart and goes on after a failed run', async () => {
    const coalesce = createCoalescer();
    const runs: string[] = [];
    const failing = coalesce('a', async () => {
      runs.push('a1');
      await tick();
      throw new Error('database gone');
    });
    const after = coalesce('a', async () => {
      runs.push('a2');
    });
    const other = coalesce('b', async () => {
      runs.push('b1');
    });
    await expect(failing).rejects.toThrow('database gone');
    await after;
    await other;
    expect(runs.sort()).toEqual(['a1', 'a2', 'b1']);
  });
});
