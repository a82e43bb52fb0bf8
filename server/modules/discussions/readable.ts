import { and, eq, type SQL } from 'drizzle-orm';
import { threads } from '../../../db/schema/index.ts';
import { readableCommunity } from '../communities/readable.ts';

/**
 * THE SQL condition "anyone at all may read this thread", the twin of the thread gate
 * (access.ts) for an anonymous reader: its community is readable by nobody in particular
 * (communities/readable.ts, the one condition) and the thread is shown to readers who moderate
 * nothing (`canSeeThread`: hidden threads, merged-away ones included, exist only for moderators).
 * Surfaces that publish threads to the world (sitemaps) ask here.
 *
 * Needs `communities` joined on `threads.communityId`.
 */
export function readableThreadByAnyone(): SQL {
  return and(readableCommunity(threads.communityId, null), eq(threads.hidden, false))!;
}
