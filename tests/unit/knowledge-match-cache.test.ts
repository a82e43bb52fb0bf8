import { describe, expect, it } from 'vitest';
import { MatchCache, type MatchSet } from '../../server/modules/knowledge/match-cache.ts';

const set = (n: number): MatchSet => ({ byRank: Int32Array.of(n), member: new Uint8Array(1), rank: new Float64Array(1), counts: null });

describe('the cache of text matches', () => {
  it('asks the index again once an entry is older than its time to live', () => {
    let now = 0;
    const cache = new MatchCache({ max: 4, ttlMs: 1000, now: () => now });
    let asked = 0;
    const compute = () => set((asked += 1));
    expect(cache.get('"formacion"*', compute).byRank[0]).toBe(1);
    now = 1000;
    expect(cache.get('"formacion"*', compute).byRank[0]).toBe(1);
    now = 1001;
    expect(cache.get('"formacion"*', compute).byRank[0]).toBe(2);
    cache.clear();
    expect(cache.get('"formacion"*', compute).byRank[0]).toBe(3);
  });

  it('keeps at most `max` queries, dropping the least recently used', () => {
    const cache = new MatchCache({ max: 2, ttlMs: 60_000 });
    let asked = 0;
    const compute = () => set((asked += 1));
    cache.get('a', compute);
    cache.get('b', compute);
    cache.get('a', compute); // a is now the most recent
    cache.get('c', compute); // drops b
    expect(asked).toBe(3);
    cache.get('a', compute);
    expect(asked).toBe(3);
    cache.get('b', compute);
    expect(asked).toBe(4);
  });
});
