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
  };
}

export type ReadsRepository = ReturnType<typeof createReadsRepository>;
