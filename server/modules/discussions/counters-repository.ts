import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { posts, threads } from '../../../db/schema/index.ts';

/**
 * A thread's post count recomputed from its rows, for the rarer writes (hide, delete, restore).
 * The hot path (a new post) moves it by one instead. Forums' and communities' counters belong
 * to the communities area (communities/activity-repository.ts).
 *
 * Part of the discussions repositories, not a service: only the threads and posts
 * repositories call it, inside their own transactions (tests/unit/table-owners.test.ts keeps
 * it so).
 */
export async function recountThread(db: Db, threadId: number): Promise<void> {
  await db
    .update(threads)
    .set({
      postCount: sql`(SELECT count(*) FROM ${posts} WHERE ${posts.threadId} = ${threadId} AND ${posts.hidden} = 0 AND ${posts.deletedAt} IS NULL)`,
    })
    .where(eq(threads.id, threadId));
}
