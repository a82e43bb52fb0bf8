import { and, desc, eq, isNotNull, lt, lte, sql } from 'drizzle-orm';
import { changed } from '../../../db/access.ts';
import type { Db } from '../../../db/client.ts';
import { bookmarks, communities, posts, threads, type BookmarkRow } from '../../../db/schema/index.ts';
import { readablePostBy } from '../discussions/readable.ts';

const EXCERPT_CHARS = 200;

/** The bookmarks table: only this repository writes it. */
export function createBookmarksRepository(db: Db) {
  const listed = () =>
    db
      .select({
        b: bookmarks,
        threadId: threads.id,
        threadTitle: threads.title,
        excerpt: sql<string>`substr(coalesce(${posts.bodyText}, ${posts.body}), 1, ${EXCERPT_CHARS + 1})`,
      })
      .from(bookmarks)
      .innerJoin(posts, eq(posts.id, bookmarks.postId))
      .innerJoin(threads, eq(threads.id, posts.threadId))
      .innerJoin(communities, eq(communities.id, threads.communityId));

  return {
    /**
     * The member's bookmarks for their data export (issue 19): their note and reminder, and the
     * thread's title only while they may read the post (readablePostBy, the one gate); never the
     * post's words.
     */
    async forExport(userId: number, afterId: number, limit: number) {
      return db
        .select({
          id: bookmarks.id,
          postId: bookmarks.postId,
          threadId: posts.threadId,
          threadTitle: sql<string | null>`CASE WHEN ${readablePostBy(userId)} THEN ${threads.title} END`,
          note: bookmarks.note,
          remindAt: bookmarks.remindAt,
          createdAt: bookmarks.createdAt,
        })
        .from(bookmarks)
        .innerJoin(posts, eq(posts.id, bookmarks.postId))
        .innerJoin(threads, eq(threads.id, posts.threadId))
        .innerJoin(communities, eq(communities.id, threads.communityId))
        .where(and(eq(bookmarks.userId, userId), sql`${bookmarks.id} > ${afterId}`))
        .orderBy(bookmarks.id)
        .limit(limit);
    },

    /** Creates the member's bookmark on a post, or updates the one there (one per member and post). */
    async upsert(userId: number, postId: number, change: { remindAt?: Date | null; note?: string | null }): Promise<BookmarkRow> {
      const set = {
        ...(change.remindAt !== undefined ? { remindAt: change.remindAt } : {}),
        ...(change.note !== undefined ? { note: change.note } : {}),
      };
      const [saved] = await db
        .insert(bookmarks)
        .values({ userId, postId, remindAt: change.remindAt ?? null, note: change.note ?? null })
        .onConflictDoUpdate({ target: [bookmarks.userId, bookmarks.postId], set: Object.keys(set).length > 0 ? set : { userId } })
        .returning();
      return saved!;
    },

    async remove(userId: number, postId: number): Promise<boolean> {
      return changed(await db.delete(bookmarks).where(and(eq(bookmarks.userId, userId), eq(bookmarks.postId, postId)))) > 0;
    },

    /** The member's bookmarks on posts they may read now, newest first. */
    async list(userId: number, options: { beforeId?: number; limit: number; postId?: number; threadId?: number }) {
      return listed()
        .where(
          and(
            eq(bookmarks.userId, userId),
            readablePostBy(userId),
            options.beforeId !== undefined ? lt(bookmarks.id, options.beforeId) : undefined,
            options.postId !== undefined ? eq(bookmarks.postId, options.postId) : undefined,
            options.threadId !== undefined ? eq(posts.threadId, options.threadId) : undefined,
          ),
        )
        .orderBy(desc(bookmarks.id))
        .limit(options.limit);
    },

    /** Reminders whose time has come (whoever may still read the post: the notification's own gate decides). */
    async due(now: Date, limit: number) {
      return db
        .select({ id: bookmarks.id, userId: bookmarks.userId, postId: bookmarks.postId, remindAt: bookmarks.remindAt, threadId: posts.threadId, communityId: threads.communityId })
        .from(bookmarks)
        .innerJoin(posts, eq(posts.id, bookmarks.postId))
        .innerJoin(threads, eq(threads.id, posts.threadId))
        .where(and(isNotNull(bookmarks.remindAt), lte(bookmarks.remindAt, now)))
        .orderBy(bookmarks.remindAt)
        .limit(limit);
    },

    /** Clears a reminder that fired, unless the member set another one meanwhile. */
    async clearReminder(id: number, remindAt: Date): Promise<void> {
      await db
        .update(bookmarks)
        .set({ remindAt: null })
        .where(and(eq(bookmarks.id, id), eq(bookmarks.remindAt, remindAt)));
    },
  };
}

export type BookmarksRepository = ReturnType<typeof createBookmarksRepository>;
export { EXCERPT_CHARS };
