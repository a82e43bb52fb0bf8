import type { Post, ThreadPage } from '../../../shared/schemas/discussions.ts';
import { coherentCache, LOCAL_ONLY, type CacheShared } from '../../cluster/cache-coherence.ts';
import type { Actor } from '../auth/actor.ts';
import { canEditPost, type Standing } from './policy.ts';

/** The part of a thread page that is the same for every reader with the same moderation view. */
export type SharedThreadPage = Omit<ThreadPage, 'permissions'> & {
  /** The whole page as anonymous readers see it, built on first use. */
  anonymous?: ThreadPage;
  /** Authors of the thread's hidden posts (they see their own, marked), found on first use. */
  hiddenAuthors?: Set<number>;
};

/**
 * Thread pages as an anonymous reader (or a moderator) sees them, kept until a write to the
 * thread. Reading a busy thread then costs the visibility check and the reader's own bits
 * (their reactions, what they may edit), not the assembly of fifty posts. Writes invalidate
 * through the domain events (see subscribers.ts); every write to a thread publishes one, and
 * with several processes the events of the others reach it too. While they cannot (Redis down)
 * the cache neither answers nor keeps (cluster/cache-coherence.ts).
 */
const MAX_PAGES_PER_THREAD = 64;

/**
 * When a page began to be built: a page is kept only if no invalidation of its thread (nor a
 * clear) landed while it was read from the database, across its awaits; else it may hold what
 * the write changed, and a later reader would get it until the next write.
 */
export interface FillStamp {
  readonly epoch: number;
  readonly generation: number;
}

export class ThreadPageCache {
  readonly #pages = new Map<number, Map<string, SharedThreadPage>>();
  readonly #usable: () => boolean;
  /** Bumped by `clear`: every fill begun before it is dropped. */
  #epoch = 0;
  /** Per thread, how many invalidations it had in this epoch (bounded: past the limit, a new epoch). */
  readonly #generations = new Map<number, number>();

  constructor(
    private readonly maxThreads = 2000,
    shared: CacheShared = LOCAL_ONLY,
  ) {
    this.#usable = coherentCache(shared, () => this.clear());
  }

  get(threadId: number, key: string): SharedThreadPage | undefined {
    if (!this.#usable()) return undefined;
    const pages = this.#pages.get(threadId);
    const page = pages?.get(key);
    if (page) {
      // Most recently read threads stay; the least recently read are dropped first.
      this.#pages.delete(threadId);
      this.#pages.set(threadId, pages!);
    }
    return page;
  }

  /** Taken before a page is read from the database; `set` keeps the page only if it still holds. */
  stamp(threadId: number): FillStamp {
    return { epoch: this.#epoch, generation: this.#generations.get(threadId) ?? 0 };
  }

  /** Keeps a page; `stamp` is the one taken before it was read (none: a page built just now, without awaits). */
  set(threadId: number, key: string, page: SharedThreadPage, stamp: FillStamp = this.stamp(threadId)): void {
    if (!this.#usable()) return;
    if (stamp.epoch !== this.#epoch || stamp.generation !== (this.#generations.get(threadId) ?? 0)) return;
    let pages = this.#pages.get(threadId);
    if (!pages) {
      if (this.#pages.size >= this.maxThreads) this.#pages.delete(this.#pages.keys().next().value!);
      pages = new Map();
      this.#pages.set(threadId, pages);
    }
    // Windows of one thread are bounded too (cursors and positions come from readers).
    if (pages.size >= MAX_PAGES_PER_THREAD && !pages.has(key)) pages.delete(pages.keys().next().value!);
    pages.set(key, page);
  }

  invalidate(threadId: number): void {
    this.#pages.delete(threadId);
    if (this.#generations.size >= this.maxThreads * 4 && !this.#generations.has(threadId)) {
      this.clear();
      return;
    }
    this.#generations.set(threadId, (this.#generations.get(threadId) ?? 0) + 1);
  }

  clear(): void {
    this.#pages.clear();
    this.#generations.clear();
    this.#epoch += 1;
  }
}

/** A shared post made personal: whether the reader reacted, and whether they may edit it. */
export function personalize(post: Post, reacted: Map<number, Set<string>>, reader: Actor, standing: Standing): Post {
  const mine = reacted.get(post.id);
  const editable = canEditPost(reader, standing, post);
  if (!mine && !editable) return post;
  return {
    ...post,
    canEdit: editable,
    reactions: mine ? post.reactions.map((r) => (mine.has(r.kind) ? { ...r, reacted: true } : r)) : post.reactions,
  };
}
