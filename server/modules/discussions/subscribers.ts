import type { EventBus } from '../../lib/event-bus.ts';
import type { ThreadPageCache } from './thread-page-cache.ts';

/**
 * Keeps cached thread pages true to the database: any write to a thread drops its pages, in
 * every process (`everywhere`: the pages are each process's own memory).
 */
export function subscribeThreadPageCache(bus: EventBus, cache: ThreadPageCache): void {
  const everywhere = { everywhere: true };
  const dropThread = ({ threadId }: { threadId: number }) => cache.invalidate(threadId);
  bus.subscribe('post.created', dropThread, everywhere);
  bus.subscribe('post.updated', dropThread, everywhere);
  bus.subscribe('post.reacted', dropThread, everywhere);
  bus.subscribe('thread.updated', dropThread, everywhere);
  // Names shown on every page: authors, forums and communities.
  bus.subscribe('user.updated', () => cache.clear(), everywhere);
  bus.subscribe('affiliation.changed', () => cache.clear(), everywhere);
  bus.subscribe('community.updated', () => cache.clear(), everywhere);
  bus.subscribe('forum.updated', () => cache.clear(), everywhere);
  // Linked-knowledge cards show an item's current title.
  bus.subscribe('knowledge.updated', () => cache.clear(), everywhere);
}
