import type { RecentThread } from '../../../shared/schemas/communities.ts';
import type { ThreadSummary } from '../../../shared/schemas/discussions.ts';

/**
 * Moves (or adds) `item` to where `compare` puts it among the loaded items of a list that
 * changes live. Returns false when that place lies past the loaded part of an incomplete list:
 * the item is left out, and a further page will bring it.
 */
export function placeInOrder<T extends { id: number }>(
  list: T[],
  item: T,
  compare: (a: T, b: T) => number,
  complete: boolean,
): boolean {
  const current = list.findIndex((other) => other.id === item.id);
  if (current >= 0) list.splice(current, 1);
  const index = list.findIndex((other) => compare(item, other) < 0);
  if (index >= 0) {
    list.splice(index, 0, item);
    return true;
  }
  if (!complete) return false;
  list.push(item);
  return true;
}

/** Newest activity first, then the newest thread (instants are ISO strings from the server). */
export function byActivity(a: { id: number; lastPostAt: string }, b: { id: number; lastPostAt: string }): number {
  return b.lastPostAt.localeCompare(a.lastPostAt) || b.id - a.id;
}

/** A forum's order: pinned threads first, then by activity (as GET /api/forums/:id/threads). */
export function forumOrder(a: ThreadSummary, b: ThreadSummary): number {
  return Number(b.pinned) - Number(a.pinned) || byActivity(a, b);
}

/** A thread's summary as a community's "recent activity" line, if its forum is known. */
export function recentLine(
  thread: ThreadSummary,
  forums: { id: number; name: string }[],
  previous: RecentThread | undefined,
): RecentThread | null {
  const forumName = forums.find((forum) => forum.id === thread.forumId)?.name ?? previous?.forumName;
  if (forumName === undefined) return null;
  return {
    id: thread.id,
    title: thread.title,
    kind: thread.kind,
    forumId: thread.forumId,
    forumName,
    postCount: thread.postCount,
    lastPostAt: thread.lastPostAt,
    solved: thread.acceptedPostId !== null,
  };
}
