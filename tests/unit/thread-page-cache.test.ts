/**
 * The thread-page cache stays bounded however readers ask (issue 16: windows around any post
 * number, cursors both ways): a few dozen pages per thread, a bounded number of threads.
 */
import { describe, expect, it } from 'vitest';
import { ThreadPageCache, type SharedThreadPage } from '../../server/modules/discussions/thread-page-cache.ts';

const page = (n: number) => ({ posts: [], highestNumber: n }) as unknown as SharedThreadPage;

describe('thread-page cache', () => {
  it('keeps at most 64 pages of one thread, dropping the oldest first', () => {
    const cache = new ThreadPageCache(10);
    for (let i = 0; i < 200; i++) cache.set(1, `n:${i}`, page(i));
    const kept = Array.from({ length: 200 }, (_, i) => cache.get(1, `n:${i}`)).filter(Boolean);
    expect(kept).toHaveLength(64);
    expect(cache.get(1, 'n:199')).toBeDefined();
    expect(cache.get(1, 'n:0')).toBeUndefined();
    // A page asked again replaces itself, and drops nothing else.
    cache.set(1, 'n:199', page(5));
    expect(Array.from({ length: 200 }, (_, i) => cache.get(1, `n:${i}`)).filter(Boolean)).toHaveLength(64);
  });

  it('keeps a bounded number of threads', () => {
    const cache = new ThreadPageCache(3);
    for (let id = 1; id <= 5; id++) cache.set(id, '', page(id));
    expect([1, 2, 3, 4, 5].map((id) => cache.get(id, '') !== undefined)).toEqual([false, false, true, true, true]);
  });

  it('does not keep a page whose thread was written to while it was being read (the fill spans awaits)', () => {
    const cache = new ThreadPageCache(10);
    const before = cache.stamp(1);
    cache.invalidate(1);
    cache.set(1, '', page(1), before);
    expect(cache.get(1, '')).toBeUndefined();
    // Another thread's write does not matter; a clear does.
    const fresh = cache.stamp(1);
    cache.invalidate(2);
    cache.set(1, '', page(1), fresh);
    expect(cache.get(1, '')).toBeDefined();
    const again = cache.stamp(3);
    cache.clear();
    cache.set(3, '', page(3), again);
    expect(cache.get(3, '')).toBeUndefined();
  });
});
