import { eq, sql } from 'drizzle-orm';
import { prepared } from '../../../db/access.ts';
import type { Db } from '../../../db/client.ts';
import { communities, forums, threads } from '../../../db/schema/index.ts';

/**
 * The activity counters of forums and communities (threads, posts, latest activity): the
 * communities area owns these columns; the discussions repositories ask for them to move,
 * inside their own transaction, when a thread or post is written, hidden or moved.
 */
export function createActivityCounters(db: Db) {
  // A reply is the hot path: compiled once. Moments go in as Unix milliseconds.
  const bumpForum = prepared(
    db,
    sql`UPDATE ${forums} SET post_count = post_count + 1, last_post_at = ${sql.placeholder('atMs')} WHERE id = ${sql.placeholder('id')}`,
  );
  const touchCommunity = prepared(db, sql`UPDATE ${communities} SET last_activity_at = ${sql.placeholder('atMs')} WHERE id = ${sql.placeholder('id')}`);

  return {
    /** A reply: one more post in its forum, and its community's latest activity. */
    async postAdded(forumId: number, communityId: number, at: Date): Promise<void> {
      const atMs = at.getTime();
      await bumpForum.run({ id: forumId, atMs });
      await touchCommunity.run({ id: communityId, atMs });
    },

    /** A new thread with its first post. */
    async threadAdded(forumId: number, communityId: number, at: Date): Promise<void> {
      await db
        .update(forums)
        .set({ threadCount: sql`${forums.threadCount} + 1`, postCount: sql`${forums.postCount} + 1`, lastPostAt: at })
        .where(eq(forums.id, forumId));
      await db.update(communities).set({ lastActivityAt: at }).where(eq(communities.id, communityId));
    },

    /** A forum's counts recomputed from its visible threads (after hide, delete, restore, move). */
    async recountForum(forumId: number): Promise<void> {
      await db
        .update(forums)
        .set({
          threadCount: sql`(SELECT count(*) FROM ${threads} WHERE ${threads.forumId} = ${forumId} AND ${threads.hidden} = 0)`,
          postCount: sql`(SELECT coalesce(sum(${threads.postCount}), 0) FROM ${threads} WHERE ${threads.forumId} = ${forumId} AND ${threads.hidden} = 0)`,
        })
        .where(eq(forums.id, forumId));
    },
  };
}

export type ActivityCounters = ReturnType<typeof createActivityCounters>;
