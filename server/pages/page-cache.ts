import { coherentCache, LOCAL_ONLY, type CacheShared } from '../cluster/cache-coherence.ts';
import type { DomainEventName, EventBus } from '../lib/event-bus.ts';

/** A rendered page as it was sent to an anonymous reader. */
export interface CachedPage {
  status: number;
  html: string;
  etag: string;
  /** For feeds: when the answer was built, as an HTTP date. */
  lastModified?: string;
}

/**
 * What each domain event does to anonymous readers' pages: `thread` drops that thread's pages
 * and every list (lists show the latest threads), `all` drops everything (names, titles and
 * counts appear on many pages), `none` changes nothing an anonymous reader sees. A Record, so a
 * new event cannot be added without deciding.
 */
const EFFECT: Record<DomainEventName, 'thread' | 'all' | 'none'> = {
  'user.registered': 'all',
  'user.updated': 'all',
  'session.ended': 'none',
  'user.email.verified': 'none',
  'identity.linked': 'none',
  // Its page changes are `user.updated`'s, published with it: subscribed here everywhere, this
  // event would carry the erased account's address through Redis to every process.
  'user.erased': 'none',
  'community.created': 'all',
  'community.updated': 'all',
  'forum.updated': 'all',
  'community.membership.changed': 'all',
  'answer.accepted': 'thread',
  'notification.created': 'none',
  'knowledge.updated': 'all',
  'notifications.read': 'none',
  'thread.created': 'thread',
  'thread.updated': 'all',
  'post.created': 'thread',
  'post.updated': 'thread',
  'post.reacted': 'thread',
  'audit.action': 'all',
  'workshop.created': 'all',
  'workshop.room.changed': 'all',
  'workshop.message.created': 'all',
  'workshop.message.deleted': 'all',
  'workshop.questions.changed': 'all',
  'workshop.attendee.muted': 'none',
  'report.resolved': 'all',
  'warning.issued': 'none',
  'workshop.registered': 'all',
  'workshop.opened': 'all',
  'thread.viewed': 'none',
  'thread.read': 'none',
  'audit.recorded': 'none',
  'post.held': 'none',
  'reads.changed': 'none',
  'report.created': 'none',
  'institution.representatives.changed': 'all',
  'agreement.created': 'all',
  'cooperation.created': 'all',
  'cooperation.updated': 'all',
  'cooperation.responded': 'all',
  'faq.changed': 'all',
  // The news list, its item pages and the home show news to visitors.
  'news.published': 'all',
  'news.updated': 'all',
  'news.unpublished': 'all',
  'agreement.updated': 'all',
  'affiliation.changed': 'all',
  'data.export.changed': 'none',
  // The invitation's landing page (/invite/<token>) a visitor may have cached now shows it gone.
  'invitation.revoked': 'all',
  // An account's own security: no anonymous page shows it.
  'second-factor.changed': 'none',
};

/** Bounds on what the cache holds (any address with any query is a key): past either, it starts afresh. */
const MAX_ENTRIES = 2000;
const MAX_BYTES = 64 * 1024 * 1024;

/**
 * Rendered pages for anonymous readers, by language and address: the page every visitor and
 * crawler gets is rendered once, until a write changes what it shows. Thread pages are kept
 * apart so a reply elsewhere leaves them alone. With several processes every process's events
 * drop what they change here too, and while they cannot arrive (Redis down) nothing is answered
 * from memory (cluster/cache-coherence.ts).
 */
export class PageCache {
  readonly #lists = new Map<string, CachedPage>();
  readonly #threads = new Map<number, Map<string, CachedPage>>();
  #size = 0;
  #bytes = 0;
  #generation = 0;
  readonly #usable: () => boolean;

  constructor(bus: EventBus, shared: CacheShared = LOCAL_ONLY) {
    const everywhere = { everywhere: true };
    for (const [event, effect] of Object.entries(EFFECT) as [DomainEventName, string][]) {
      if (effect === 'all') bus.subscribe(event, () => this.clear(), everywhere);
      if (effect === 'thread') {
        bus.subscribe(event, (payload) => this.#dropThread((payload as { threadId: number }).threadId), everywhere);
      }
    }
    this.#usable = coherentCache(shared, () => this.clear());
  }

  get(key: string, threadId: number | null): CachedPage | undefined {
    if (!this.#usable()) return undefined;
    return threadId === null ? this.#lists.get(key) : this.#threads.get(threadId)?.get(key);
  }

  /** Moves on whenever anything is dropped: a page built across a change is not kept (`set`'s `builtSince`). */
  get generation(): number {
    return this.#generation;
  }

  /**
   * Keeps a page; with `builtSince` (the `generation` when its build began), only if nothing was
   * dropped meanwhile: it may hold what that write took away.
   */
  set(key: string, threadId: number | null, page: CachedPage, builtSince?: number): void {
    if (builtSince !== undefined && builtSince !== this.#generation) return;
    if (!this.#usable()) return;
    if (this.#size >= MAX_ENTRIES || this.#bytes + page.html.length > MAX_BYTES) this.clear();
    let map = this.#lists;
    if (threadId !== null) {
      map = this.#threads.get(threadId) ?? new Map();
      this.#threads.set(threadId, map);
    }
    const before = map.get(key);
    if (!before) this.#size += 1;
    this.#bytes += page.html.length - (before?.html.length ?? 0);
    map.set(key, page);
  }

  clear(): void {
    this.#generation += 1;
    this.#lists.clear();
    this.#threads.clear();
    this.#size = 0;
    this.#bytes = 0;
  }

  #dropThread(threadId: number): void {
    this.#generation += 1;
    for (const map of [this.#lists, this.#threads.get(threadId)]) {
      for (const page of map?.values() ?? []) {
        this.#size -= 1;
        this.#bytes -= page.html.length;
      }
    }
    this.#lists.clear();
    this.#threads.delete(threadId);
  }
}
