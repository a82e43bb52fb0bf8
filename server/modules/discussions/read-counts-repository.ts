import { sql } from 'drizzle-orm';
import { rows } from '../../../db/access.ts';
import type { Db } from '../../../db/client.ts';

/** How many threads of a place are unread (posts after the member's last read) and new (never opened). */
export interface ReadCounts {
  unread: number;
  new: number;
}

/**
 * A member's unread and new threads per forum, for the communities they are in: what the
 * community page's forum list and the communities list show. Read-only over `thread_reads`
 * (the reads repository writes it), with the same rules as a thread list's `unread`/`isNew`:
 * only visible threads and posts, muted threads never count, "new" means started since they
 * joined. Bounded: unread threads are found from the member's own reads (their primary key),
 * new ones from the threads active since they joined (threads_community_recent_idx).
 */
export function createReadCountsRepository(db: Db) {
  /** Per forum of the given communities (each with when the member joined it); forums with nothing to count are absent. */
  async function byForum(userId: number, memberships: { communityId: number; joinedAt: Date }[]): Promise<Map<number, ReadCounts & { communityId: number }>> {
    const out = new Map<number, ReadCounts & { communityId: number }>();
    if (memberships.length === 0) return out;
    const joined = sql.join(
      memberships.map((m) => sql`(CAST(${m.communityId} AS BIGINT), CAST(${m.joinedAt.getTime()} AS BIGINT))`),
      sql`, `,
    );
    const found = await rows<{ communityId: number; forumId: number; unread: number; fresh: number }>(db, sql`
      WITH joined(community_id, since) AS (VALUES ${joined}),
      unread AS (
        SELECT t.community_id AS community_id, t.forum_id AS forum_id, count(*) AS n
        FROM thread_reads r
        JOIN threads t ON t.id = r.thread_id
        WHERE r.user_id = ${userId} AND t.hidden = 0
          AND t.community_id IN (SELECT community_id FROM joined)
          AND NOT EXISTS (SELECT 1 FROM thread_watches w WHERE w.thread_id = t.id AND w.user_id = ${userId} AND w.level = 'muted')
          AND EXISTS (SELECT 1 FROM posts p WHERE p.thread_id = t.id AND p.number > r.last_read AND p.hidden = 0 AND p.deleted_at IS NULL)
        GROUP BY t.community_id, t.forum_id
      ),
      fresh AS (
        SELECT t.community_id AS community_id, t.forum_id AS forum_id, count(*) AS n
        FROM joined j
        JOIN threads t ON t.community_id = j.community_id AND t.last_post_at >= j.since
        WHERE t.created_at >= j.since AND t.hidden = 0
          AND NOT EXISTS (SELECT 1 FROM thread_reads r WHERE r.user_id = ${userId} AND r.thread_id = t.id)
          AND NOT EXISTS (SELECT 1 FROM thread_watches w WHERE w.thread_id = t.id AND w.user_id = ${userId} AND w.level = 'muted')
        GROUP BY t.community_id, t.forum_id
      )
      SELECT community_id AS "communityId", forum_id AS "forumId", sum(u) AS unread, sum(f) AS fresh FROM (
        SELECT community_id, forum_id, n AS u, 0 AS f FROM unread
        UNION ALL
        SELECT community_id, forum_id, 0 AS u, n AS f FROM fresh
      ) AS counted GROUP BY community_id, forum_id`);
    for (const row of found) out.set(Number(row.forumId), { communityId: Number(row.communityId), unread: Number(row.unread), new: Number(row.fresh) });
    return out;
  }

  return { byForum };
}

export type ReadCountsRepository = ReturnType<typeof createReadCountsRepository>;
