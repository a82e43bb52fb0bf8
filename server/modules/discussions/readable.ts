import { and, eq, isNull, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { communityMembers, posts, threads, users } from '../../../db/schema/index.ts';
import { readableCommunity, type Viewer } from '../communities/readable.ts';

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

/**
 * THE SQL condition "this viewer may read this post" as a member reads it (no moderator's
 * view of hidden items): its thread's community readable by the viewer (the one condition),
 * thread and post shown, post not deleted. Lists of a member's own things that point at posts
 * (bookmarks) ask here, so a post that became unreadable drops out; so does the FAQ, for
 * anonymous readers too. A null viewer is anyone at all (public communities only: the FAQ, the
 * network map's activity).
 *
 * Needs `threads` joined on the post's thread and `communities` on `threads.communityId`.
 */
export function readablePostBy(viewer: Viewer): SQL {
  return and(readableCommunity(threads.communityId, viewer), eq(threads.hidden, false), eq(posts.hidden, false), isNull(posts.deletedAt))!;
}

/**
 * THE SQL condition "this thread is shown to this viewer" (`canSeeThread` for a list): not
 * hidden, or the viewer moderates its community (an active moderator there, or an admin: the
 * rule of `communityPolicy.canModerate`). Lists of threads across communities (the home) ask
 * here together with `readableCommunity`.
 */
export function shownThreadTo(viewer: number | SQLWrapper | null | undefined): SQL {
  if (viewer === undefined || viewer === null) return eq(threads.hidden, false);
  return sql`(${threads.hidden} = 0
    OR EXISTS (SELECT 1 FROM ${communityMembers} WHERE ${communityMembers.communityId} = ${threads.communityId}
               AND ${communityMembers.userId} = ${viewer} AND ${communityMembers.status} = 'active' AND ${communityMembers.role} = 'moderator')
    OR EXISTS (SELECT 1 FROM ${users} WHERE ${users.id} = ${viewer} AND ${users.role} = 'admin'))`;
}
