import { and, desc, eq, isNull, lt, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../../db/client.ts';
import { changed, prepared, rows as allRows, transaction } from '../../../db/access.ts';
import { jsonValues } from '../../../db/dialect.ts';
import {
  communities,
  notifications,
  posts,
  specialists,
  threads,
  threadWatches,
  users,
  type NotificationRow,
} from '../../../db/schema/index.ts';
import { readableCommunity } from '../communities/readable.ts';
import { liveRecord } from '../knowledge/withdrawal.ts';

export type NewNotification = Omit<NotificationRow, 'id' | 'createdAt' | 'readAt' | 'reason' | 'others'> & Partial<Pick<NotificationRow, 'reason' | 'others'>>;

export function createNotificationsRepository(db: Db) {
  const actors = alias(users, 'actors');

  /**
   * A notification is shown only while its content is readable by its recipient: the
   * community it is about now (the thread's, wherever the thread has moved since; else the one
   * it was written for) readable by the one condition of communities/readable.ts, the post
   * and thread not hidden or deleted. Losing access hides it from the list and the count alike.
   */
  const about = sql`coalesce(${threads.communityId}, ${notifications.communityId})`;
  /** What a moderator did to the recipient's own post is told though the post is hidden from everyone else. */
  const ownPostNotice = sql`(${notifications.kind} IN ('post_hidden', 'post_held', 'post_rejected')
    AND ${posts.authorId} = ${notifications.userId} AND ${posts.deletedAt} IS NULL)`;
  const readable = (userId: SQLWrapper | number): SQL => sql`(${about} IS NULL OR ${readableCommunity(communities.id, userId)})
    AND (${ownPostNotice} OR ((${notifications.threadId} IS NULL OR ${threads.hidden} = 0)
      AND (${notifications.postId} IS NULL OR (${posts.hidden} = 0 AND ${posts.deletedAt} IS NULL))))`;

  const unreadStmt = prepared<{ n: number }>(
    db,
    sql`SELECT count(*) AS n FROM ${notifications}
      LEFT JOIN ${threads} ON ${threads.id} = ${notifications.threadId}
      LEFT JOIN ${communities} ON ${communities.id} = ${about}
      LEFT JOIN ${posts} ON ${posts.id} = ${notifications.postId}
      WHERE ${notifications.userId} = ${sql.placeholder('userId')} AND ${notifications.readAt} IS NULL AND ${readable(sql.placeholder('userId'))}`,
  );

  async function listQuery(userId: number, options: { beforeId?: number; unreadOnly?: boolean; limit: number; id?: number }) {
    return db
      .select({
        n: notifications,
        actorUsername: actors.username,
        actorDisplayName: actors.displayName,
        actorAvatar: actors.avatarSha256,
        threadTitle: threads.title,
        communitySlug: communities.slug,
        communityName: communities.name,
      })
      .from(notifications)
      .leftJoin(actors, eq(actors.id, notifications.actorId))
      .leftJoin(threads, eq(threads.id, notifications.threadId))
      .leftJoin(communities, eq(communities.id, about))
      .leftJoin(posts, eq(posts.id, notifications.postId))
      .where(
        and(
          eq(notifications.userId, userId),
          readable(userId),
          options.beforeId !== undefined ? lt(notifications.id, options.beforeId) : undefined,
          options.unreadOnly ? isNull(notifications.readAt) : undefined,
          options.id !== undefined ? eq(notifications.id, options.id) : undefined,
        ),
      )
      .orderBy(desc(notifications.id))
      .limit(options.limit);
  }

  return {
    /**
     * The member's notifications for their data export (issue 19): kind, dates, reason, and the
     * thread's title only while its community is readable to them (the one condition).
     */
    async forExport(userId: number, afterId: number, limit: number) {
      return db
        .select({
          id: notifications.id,
          kind: notifications.kind,
          actorId: notifications.actorId,
          threadId: notifications.threadId,
          postId: notifications.postId,
          threadTitle: sql<string | null>`CASE WHEN ${threads.id} IS NOT NULL AND ${threads.hidden} = 0 AND ${readableCommunity(threads.communityId, userId)} THEN ${threads.title} END`,
          reason: notifications.reason,
          others: notifications.others,
          createdAt: notifications.createdAt,
          readAt: notifications.readAt,
        })
        .from(notifications)
        .leftJoin(threads, eq(threads.id, notifications.threadId))
        .leftJoin(communities, eq(communities.id, threads.communityId))
        .where(and(eq(notifications.userId, userId), sql`${notifications.id} > ${afterId}`))
        .orderBy(notifications.id)
        .limit(limit);
    },

    /** Inserts the ones not already there (one per user and event); returns the new rows. */
    async insertMany(rows: NewNotification[]): Promise<NotificationRow[]> {
      if (rows.length === 0) return [];
      return db.insert(notifications).values(rows).onConflictDoNothing().returning();
    },

    list: listQuery,

    /** The recipient's unread notification of a coalesced kind about a post, if any. */
    async unreadAbout(userId: number, kind: NotificationRow['kind'], postId: number): Promise<{ id: number } | undefined> {
      const found = await db
        .select({ id: notifications.id })
        .from(notifications)
        .where(and(eq(notifications.userId, userId), eq(notifications.kind, kind), eq(notifications.postId, postId), isNull(notifications.readAt)))
        .limit(1);
      return found[0];
    },

    /**
     * A reaction's notice, coalesced in one transaction (two reactions at once must not both
     * find none unread and add two): the unread one about the post brought up to date, or
     * `row` added. Returns the id that changed.
     */
    keepReaction(row: NewNotification & { postId: number; actorId: number }, others: number): Promise<number | null> {
      return transaction(db, async () => {
        const [unread] = await db
          .select({ id: notifications.id })
          .from(notifications)
          .where(and(eq(notifications.userId, row.userId), eq(notifications.kind, 'reaction'), eq(notifications.postId, row.postId), isNull(notifications.readAt)))
          .limit(1);
        if (unread) {
          await db.update(notifications).set({ actorId: row.actorId, others, createdAt: new Date() }).where(eq(notifications.id, unread.id));
          return unread.id;
        }
        const [added] = await db.insert(notifications).values({ ...row, others }).onConflictDoNothing().returning({ id: notifications.id });
        return added?.id ?? null;
      });
    },

    /** A coalesced notification brought up to date: the latest actor, how many others, and now. */
    async refresh(id: number, values: { actorId: number; others: number }): Promise<void> {
      await db.update(notifications).set({ ...values, createdAt: new Date() }).where(eq(notifications.id, id));
    },

    unreadCount: async (userId: number): Promise<number> => Number((await unreadStmt.get({ userId }))!.n),

    async markRead(userId: number, id: number): Promise<boolean> {
      return (
        changed(
          await db
            .update(notifications)
            .set({ readAt: new Date() })
            .where(and(eq(notifications.id, id), eq(notifications.userId, userId))),
        ) > 0
      );
    },

    async markAllRead(userId: number): Promise<void> {
      await db.update(notifications).set({ readAt: new Date() }).where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
    },

    /** Accounts of the specialists a question is for: the one addressed, or those of its areas. */
    async specialistAccounts(addressedId: number | null, expertise: string[]): Promise<number[]> {
      const found = await allRows<{ userId: number }>(
        db,
        sql`SELECT DISTINCT ${specialists.userId} AS "userId" FROM ${specialists}
            WHERE ${specialists.userId} IS NOT NULL AND ${liveRecord(specialists)} AND (${specialists.id} = ${addressedId ?? -1}
              OR EXISTS (SELECT 1 FROM ${jsonValues(specialists.expertise)} AS e WHERE e.value IN ${jsonValues(JSON.stringify(expertise))}))`,
      );
      return found.map((r) => r.userId);
    },

    /** People who watch the thread (not muted), and those who muted it. */
    async watchers(threadId: number): Promise<{ watching: number[]; muted: Set<number> }> {
      const rows = await db
        .select({ userId: threadWatches.userId, level: threadWatches.level })
        .from(threadWatches)
        .where(eq(threadWatches.threadId, threadId));
      return {
        watching: rows.filter((r) => r.level === 'watching').map((r) => r.userId),
        muted: new Set(rows.filter((r) => r.level === 'muted').map((r) => r.userId)),
      };
    },
  };
}

export type NotificationsRepository = ReturnType<typeof createNotificationsRepository>;
