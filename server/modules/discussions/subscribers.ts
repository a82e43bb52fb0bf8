import type { EventBus } from '../../lib/event-bus.ts';
import type { ThreadPageCache } from './thread-page-cache.ts';

/** Keeps cached thread pages true to the database: any write to a thread drops its pages. */
export function subscribeThreadPageCache(bus: EventBus, cache: ThreadPageCache): void {
  const dropThread = ({ threadId }: { threadId: number }) => cache.invalidate(threadId);
  bus.subscribe('post.created', dropThread);
  bus.subscribe('post.updated', dropThread);
  bus.subscribe('post.reacted', dropThread);
  bus.subscribe('thread.updated', dropThread);
  // Names shown on every page: authors, forums and communities.
  bus.subscribe('user.updated', () => cache.clear());
  bus.subscribe('affiliation.changed', () => cache.clear());
  bus.subscribe('community.updated', () => cache.clear());
  bus.subscribe('forum.updated', () => cache.clear());
  // Linked-knowledge cards show an item's current title.
  bus.subscribe('knowledge.updated', () => cache.clear());
}
