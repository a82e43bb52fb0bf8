import { sql } from 'drizzle-orm';
import { prepared, rows } from '../../../db/access.ts';
import type { Db } from '../../../db/client.ts';
import { greatest } from '../../../db/dialect.ts';
import { posts, threadReads } from '../../../db/schema/index.ts';
import { param } from './compiled.ts';

/** A thread's read state for one reader, as thread lists show it. */
export interface ReadState {
  /** Visible posts after the reader's last read; 0 when read through, never opened, or muted. */
  unread: number;
  /** Never opened and started since the reader joined; never on a muted thread. */
  isNew: boolean;
}

/**
 * How far each member has read each thread (`thread_reads`): only this repository writes it.
 * Post numbers are the posts' own (`posts.number`), so hiding a post moves nobody's place.
 */
export function createReadsRepository(db: Db) {
  const recordStmt = prepared(
    db,
    sql`INSERT INTO ${threadReads} (user_id, thread_id, last_read, updated_at)
      VALUES (${param('userId')}, ${param('threadId')}, ${param('number')}, ${param('at')})
      ON CONFLICT (user_id, thread_id) DO UPDATE SET last_read = ${greatest(sql`thread_reads.last_read`, sql`excluded.last_read`)}, updated_at = excluded.updated_at
      WHERE excluded.last_read > thread_reads.last_read`,
  );
  const lastReadStmt = prepared<{ lastRead: number }>(
    db,
    sql`SELECT ${threadReads.lastRead} AS "lastRead" FROM ${threadReads} WHERE ${threadReads.userId} = ${param('userId')} AND ${threadReads.threadId} = ${param('threadId')}`,
  );
  const highestStmt = prepared<{ n: number | null }>(db, sql`SELECT max(${posts.number}) AS n FROM ${posts} WHERE ${posts.threadId} = ${param('threadId')}`);
  const unreadStmt = prepared<{ n: number }>(
    db,
    sql`SELECT count(*) AS n FROM ${posts}
      WHERE ${posts.threadId} = ${param('threadId')} AND ${posts.number} > ${param('after')} AND ${posts.hidden} = 0 AND ${posts.deletedAt} IS NULL`,
  );
  const idList = (threadIds: number[]) => sql.join([...new Set(threadIds)].map((id) => sql`${id}`), sql`, `);

  return {
    /** Records reading up to a post number; never lowers it (one guarded statement). Says whether it moved. */
    async record(userId: number, threadId: number, number: number, at = new Date()): Promise<boolean> {
      return (await recordStmt.run({ userId, threadId, number, at: at.getTime() })) > 0;
    },

    /** The highest post number the member has read in the thread (0 = never opened). */
    lastRead: async (userId: number, threadId: number): Promise<number> => Number((await lastReadStmt.get({ userId, threadId }))?.lastRead ?? 0),

    /** Whether the member ever opened the thread. */
    opened: async (userId: number, threadId: number): Promise<boolean> => (await lastReadStmt.get({ userId, threadId })) !== undefined,

    /** The thread's highest post number (0 for none). */
    highest: async (threadId: number): Promise<number> => Number((await highestStmt.get({ threadId }))?.n ?? 0),

    /** Visible posts after a post number. */
    unreadAfter: async (threadId: number, after: number): Promise<number> => Number((await unreadStmt.get({ threadId, after }))?.n ?? 0),

    /**
     * The read state of several threads for one reader, in one query: unread counts only
     * visible posts; muted threads count nothing; "new" needs a thread started since they joined.
     */
    async stateFor(userId: number, joinedAt: Date, threadIds: number[]): Promise<Map<number, ReadState>> {
      const out = new Map<number, ReadState>();
      if (threadIds.length === 0) return out;
      const found = await rows<{ id: number; lastRead: number | null; muted: number; createdAt: number; unread: number }>(db, sql`
        SELECT t.id AS id, r.last_read AS "lastRead", CASE WHEN w.level = 'muted' THEN 1 ELSE 0 END AS muted, t.created_at AS "createdAt",
          CASE WHEN r.last_read IS NULL OR w.level = 'muted' THEN 0 ELSE
            (SELECT count(*) FROM posts p WHERE p.thread_id = t.id AND p.number > r.last_read AND p.hidden = 0 AND p.deleted_at IS NULL)
          END AS unread
        FROM threads t
        LEFT JOIN thread_reads r ON r.thread_id = t.id AND r.user_id = ${userId}
        LEFT JOIN thread_watches w ON w.thread_id = t.id AND w.user_id = ${userId}
        WHERE t.id IN (${idList(threadIds)})`);
      for (const row of found) {
        const muted = Number(row.muted) === 1;
        out.set(Number(row.id), { unread: Number(row.unread), isNew: !muted && row.lastRead === null && Number(row.createdAt) >= joinedAt.getTime() });
      }
      return out;
    },

    /**
     * The read state of several threads for one reader, each "new" measured from when they joined
     * the thread's community (or, outside it, from their account): what every thread list shows.
     */
    async stateOf(userId: number, threadIds: number[]): Promise<Map<number, ReadState>> {
      const out = new Map<number, ReadState>();
      if (threadIds.length === 0) return out;
      const found = await rows<{ id: number; unread: number; isNew: number }>(db, sql`
        SELECT t.id AS id,
          CASE WHEN r.last_read IS NULL OR w.level = 'muted' THEN 0 ELSE
            (SELECT count(*) FROM posts p WHERE p.thread_id = t.id AND p.number > r.last_read AND p.hidden = 0 AND p.deleted_at IS NULL)
          END AS unread,
          CASE WHEN r.last_read IS NULL AND coalesce(w.level, '') <> 'muted' AND t.created_at >= coalesce(
            (SELECT m.created_at FROM community_members m WHERE m.community_id = t.community_id AND m.user_id = ${userId}),
            (SELECT u.created_at FROM users u WHERE u.id = ${userId})) THEN 1 ELSE 0 END AS "isNew"
        FROM threads t
        LEFT JOIN thread_reads r ON r.thread_id = t.id AND r.user_id = ${userId}
        LEFT JOIN thread_watches w ON w.thread_id = t.id AND w.user_id = ${userId}
        WHERE t.id IN (${idList(threadIds)})`);
      for (const row of found) out.set(Number(row.id), { unread: Number(row.unread), isNew: Number(row.isNew) === 1 });
      return out;
    },

    /**
     * Mark all read: every thread of a forum or community that counts for the member (opened
     * before, or started since they joined) read to its end. Says which threads moved.
     */
    async markAllRead(
      userId: number,
      scope: { communityId: number; forumId?: number; joinedAt: Date; includeHidden: boolean },
      at = new Date(),
    ): Promise<number[]> {
      const where = scope.forumId !== undefined ? sql`t.forum_id = ${scope.forumId}` : sql`t.community_id = ${scope.communityId}`;
      const shown = scope.includeHidden ? sql`` : sql` AND t.hidden = 0`;
      const moved = await rows<{ threadId: number }>(db, sql`
        INSERT INTO thread_reads (user_id, thread_id, last_read, updated_at)
        SELECT CAST(${userId} AS BIGINT), t.id, (SELECT max(p.number) FROM posts p WHERE p.thread_id = t.id), CAST(${at.getTime()} AS BIGINT)
        FROM threads t
        WHERE ${where} AND t.community_id = ${scope.communityId}${shown}
          AND ((t.last_post_at >= ${scope.joinedAt.getTime()} AND t.created_at >= ${scope.joinedAt.getTime()})
            OR EXISTS (SELECT 1 FROM thread_reads r WHERE r.user_id = ${userId} AND r.thread_id = t.id))
          AND EXISTS (SELECT 1 FROM posts p WHERE p.thread_id = t.id)
        ON CONFLICT (user_id, thread_id) DO UPDATE SET last_read = excluded.last_read, updated_at = excluded.updated_at
          WHERE excluded.last_read > thread_reads.last_read
        RETURNING thread_id AS "threadId"`);
      return moved.map((r) => Number(r.threadId));
    },
  };
}

export type ReadsRepository = ReturnType<typeof createReadsRepository>;
