import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { posts, threadReads } from '../../../db/schema/index.ts';

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
  const recordStmt = db
    .insert(threadReads)
    .values({ userId: sql.placeholder('userId'), threadId: sql.placeholder('threadId'), lastRead: sql.placeholder('number'), updatedAt: sql.placeholder('at') })
    .onConflictDoUpdate({
      target: [threadReads.userId, threadReads.threadId],
      set: { lastRead: sql`max(${threadReads.lastRead}, excluded.last_read)`, updatedAt: sql`excluded.updated_at` },
      setWhere: sql`excluded.last_read > ${threadReads.lastRead}`,
    })
    .prepare();
  const lastReadStmt = db
    .select({ lastRead: threadReads.lastRead })
    .from(threadReads)
    .where(and(eq(threadReads.userId, sql.placeholder('userId')), eq(threadReads.threadId, sql.placeholder('threadId'))))
    .prepare();
  const highestStmt = db
    .select({ n: sql<number | null>`max(${posts.number})` })
    .from(posts)
    .where(eq(posts.threadId, sql.placeholder('threadId')))
    .prepare();
  const unreadStmt = db
    .select({ n: sql<number>`count(*)` })
    .from(posts)
    .where(
      and(
        eq(posts.threadId, sql.placeholder('threadId')),
        sql`${posts.number} > ${sql.placeholder('after')}`,
        eq(posts.hidden, false),
        sql`${posts.deletedAt} IS NULL`,
      ),
    )
    .prepare();

  return {
    /** Records reading up to a post number; never lowers it. Says whether it moved. */
    record(userId: number, threadId: number, number: number, at = new Date()): boolean {
      return recordStmt.run({ userId, threadId, number, at }).changes > 0;
    },

    /** The highest post number the member has read in the thread (0 = never opened). */
    lastRead: (userId: number, threadId: number): number => lastReadStmt.get({ userId, threadId })?.lastRead ?? 0,

    /** Whether the member ever opened the thread. */
    opened: (userId: number, threadId: number): boolean => lastReadStmt.get({ userId, threadId }) !== undefined,

    /** The thread's highest post number (0 for none). */
    highest: (threadId: number): number => highestStmt.get({ threadId })?.n ?? 0,

    /** Visible posts after a post number. */
    unreadAfter: (threadId: number, after: number): number => unreadStmt.get({ threadId, after })?.n ?? 0,

    /**
     * The read state of several threads for one reader, in one query: unread counts only
     * visible posts; muted threads count nothing; "new" needs a thread started since they joined.
     */
    stateFor(userId: number, joinedAt: Date, threadIds: number[]): Map<number, ReadState> {
      const out = new Map<number, ReadState>();
      if (threadIds.length === 0) return out;
      const ids = [...new Set(threadIds)];
      const rows = db.all<{ id: number; lastRead: number | null; muted: number; createdAt: number; unread: number }>(sql`
        SELECT t.id AS id, r.last_read AS lastRead, (w.level = 'muted') AS muted, t.created_at AS createdAt,
          CASE WHEN r.last_read IS NULL OR w.level = 'muted' THEN 0 ELSE
            (SELECT count(*) FROM posts p WHERE p.thread_id = t.id AND p.number > r.last_read AND p.hidden = 0 AND p.deleted_at IS NULL)
          END AS unread
        FROM threads t
        LEFT JOIN thread_reads r ON r.thread_id = t.id AND r.user_id = ${userId}
        LEFT JOIN thread_watches w ON w.thread_id = t.id AND w.user_id = ${userId}
        WHERE t.id IN (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})`);
      for (const row of rows) {
        const muted = row.muted === 1;
        out.set(row.id, { unread: row.unread, isNew: !muted && row.lastRead === null && row.createdAt >= joinedAt.getTime() });
      }
      return out;
    },

    /**
     * The read state of several threads for one reader, each "new" measured from when they joined
     * the thread's community (or, outside it, from their account): what every thread list shows.
     */
    stateOf(userId: number, threadIds: number[]): Map<number, ReadState> {
      const out = new Map<number, ReadState>();
      if (threadIds.length === 0) return out;
      const ids = [...new Set(threadIds)];
      const rows = db.all<{ id: number; unread: number; isNew: number }>(sql`
        SELECT t.id AS id,
          CASE WHEN r.last_read IS NULL OR w.level = 'muted' THEN 0 ELSE
            (SELECT count(*) FROM posts p WHERE p.thread_id = t.id AND p.number > r.last_read AND p.hidden = 0 AND p.deleted_at IS NULL)
          END AS unread,
          (r.last_read IS NULL AND w.level IS NOT 'muted' AND t.created_at >= coalesce(
            (SELECT m.created_at FROM community_members m WHERE m.community_id = t.community_id AND m.user_id = ${userId}),
            (SELECT u.created_at FROM users u WHERE u.id = ${userId}))) AS isNew
        FROM threads t
        LEFT JOIN thread_reads r ON r.thread_id = t.id AND r.user_id = ${userId}
        LEFT JOIN thread_watches w ON w.thread_id = t.id AND w.user_id = ${userId}
        WHERE t.id IN (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})`);
      for (const row of rows) out.set(row.id, { unread: row.unread, isNew: row.isNew === 1 });
      return out;
    },

    /**
     * Mark all read: every thread of a forum or community that counts for the member (opened
     * before, or started since they joined) read to its end. Says which threads moved.
     */
    markAllRead(userId: number, scope: { communityId: number; forumId?: number; joinedAt: Date; includeHidden: boolean }, at = new Date()): number[] {
      const where = scope.forumId !== undefined ? sql`t.forum_id = ${scope.forumId}` : sql`t.community_id = ${scope.communityId}`;
      const rows = db.all<{ threadId: number }>(sql`
        INSERT INTO thread_reads (user_id, thread_id, last_read, updated_at)
        SELECT ${userId}, t.id, (SELECT max(p.number) FROM posts p WHERE p.thread_id = t.id), ${at.getTime()}
        FROM threads t
        WHERE ${where} AND t.community_id = ${scope.communityId} AND (${scope.includeHidden ? 1 : 0} OR t.hidden = 0)
          AND ((t.last_post_at >= ${scope.joinedAt.getTime()} AND t.created_at >= ${scope.joinedAt.getTime()})
            OR EXISTS (SELECT 1 FROM thread_reads r WHERE r.user_id = ${userId} AND r.thread_id = t.id))
          AND EXISTS (SELECT 1 FROM posts p WHERE p.thread_id = t.id)
        ON CONFLICT (user_id, thread_id) DO UPDATE SET last_read = excluded.last_read, updated_at = excluded.updated_at
          WHERE excluded.last_read > thread_reads.last_read
        RETURNING thread_id AS threadId`);
      return rows.map((r) => r.threadId);
    },
  };
}

export type ReadsRepository = ReturnType<typeof createReadsRepository>;
