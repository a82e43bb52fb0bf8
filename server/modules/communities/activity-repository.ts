import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { communities, forums, threads } from '../../../db/schema/index.ts';

/**
 * The activity counters of forums and communities (threads, posts, latest activity): the
 * communities area owns these columns; the discussions repositories ask for them to move,
 * inside their own transaction, when a thread or post is written, hidden or moved.
 */
export function createActivityCounters(db: Db) {
  // A reply is the hot path: prepared once. Timestamps in SET clauses bypass the column
  // mapper: they go in as Unix milliseconds.
  const bumpForum = db
    .update(forums)
    .set({ postCount: sql`${forums.postCount} + 1`, lastPostAt: sql`${sql.placeholder('atMs')}` })
    .where(eq(forums.id, sql.placeholder('id')))
    .prepare();
  const touchCommunity = db
    .update(communities)
    .set({ lastActivityAt: sql`${sql.placeholder('atMs')}` })
    .where(eq(communities.id, sql.placeholder('id')))
    .prepare();

  return {
    /** A reply: one more post in its forum, and its community's latest activity. */
    postAdded(forumId: number, communityId: number, at: Date): void {
      const atMs = at.getTime();
      bumpForum.run({ id: forumId, atMs });
      touchCommunity.run({ id: communityId, atMs });
    },

    /** A new thread with its first post. */
    threadAdded(forumId: number, communityId: number, at: Date): void {
      db.update(forums)
        .set({ threadCount: sql`${forums.threadCount} + 1`, postCount: sql`${forums.postCount} + 1`, lastPostAt: at })
        .where(eq(forums.id, forumId))
        .run();
      db.update(communities).set({ lastActivityAt: at }).where(eq(communities.id, communityId)).run();
    },

    /** A forum's counts recomputed from its visible threads (after hide, delete, restore, move). */
    recountForum(forumId: number): void {
      db.update(forums)
        .set({
          threadCount: sql`(SELECT count(*) FROM ${threads} WHERE ${threads.forumId} = ${forumId} AND ${threads.hidden} = 0)`,
          postCount: sql`(SELECT coalesce(sum(${threads.postCount}), 0) FROM ${threads} WHERE ${threads.forumId} = ${forumId} AND ${threads.hidden} = 0)`,
        })
        .where(eq(forums.id, forumId))
        .run();
    },
  };
}

export type ActivityCounters = ReturnType<typeof createActivityCounters>;
