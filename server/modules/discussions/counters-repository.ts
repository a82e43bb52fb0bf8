import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { forums, posts, threads } from '../../../db/schema/index.ts';

/**
 * Counters recomputed from the rows, for the rarer writes (hide, delete, restore). The hot
 * path (a new post) moves them by one instead.
 *
 * Part of the discussions repositories, not a service: only the threads and posts
 * repositories call these, inside their own transactions (tests/unit/table-owners.test.ts
 * keeps it so). `forums` counters are the one write of that communities table from here.
 */
export function recountThread(db: Db, threadId: number): void {
  db.update(threads)
    .set({
      postCount: sql`(SELECT count(*) FROM ${posts} WHERE ${posts.threadId} = ${threadId} AND ${posts.hidden} = 0 AND ${posts.deletedAt} IS NULL)`,
    })
    .where(eq(threads.id, threadId))
    .run();
}

export function recountForum(db: Db, forumId: number): void {
  db.update(forums)
    .set({
      threadCount: sql`(SELECT count(*) FROM ${threads} WHERE ${threads.forumId} = ${forumId} AND ${threads.hidden} = 0)`,
      postCount: sql`(SELECT coalesce(sum(${threads.postCount}), 0) FROM ${threads} WHERE ${threads.forumId} = ${forumId} AND ${threads.hidden} = 0)`,
    })
    .where(eq(forums.id, forumId))
    .run();
}
