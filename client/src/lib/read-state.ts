import type { ReadsChanged } from '../../../shared/events.ts';

type Marked = { id: number; forumId: number; unread?: number; isNew?: boolean };
type Counted = { id: number; unreadThreads?: number; newThreads?: number };

/**
 * A live summary arrives without the reader's marks (it is the same for every follower): it
 * keeps the ones the list already had, which `reads:changed` (to the reader alone) then moves.
 */
export function keepMarks<T extends { unread?: number; isNew?: boolean }>(incoming: T, previous: T | undefined): T {
  if (incoming.unread !== undefined || !previous || previous.unread === undefined) return incoming;
  return { ...incoming, unread: previous.unread, isNew: previous.isNew };
}

/** The reader's new marks on the threads of a list (the event reaches signed-in readers only). */
export function applyThreadMarks(items: Marked[], change: ReadsChanged): void {
  for (const item of items) {
    if (change.thread && item.id === change.thread.id) {
      item.unread = change.thread.unread;
      item.isNew = change.thread.isNew;
    } else if (change.cleared && (change.cleared.forumId === null || change.cleared.forumId === item.forumId)) {
      item.unread = 0;
      item.isNew = false;
    }
  }
}

/** The member's counts on a community's forums. */
export function applyForumCounts(forums: Counted[], change: ReadsChanged): void {
  for (const counts of change.forums ?? []) {
    const forum = forums.find((f) => f.id === counts.forumId);
    if (!forum) continue;
    forum.unreadThreads = counts.unreadThreads;
    forum.newThreads = counts.newThreads;
  }
}
