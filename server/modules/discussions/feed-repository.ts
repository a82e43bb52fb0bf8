import { and, desc, eq, isNull, type SQL } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { communities, forums, posts, threads, users } from '../../../db/schema/index.ts';
import { readableThreadByAnyone } from './readable.ts';

/** A new thread as a feed shows it: its opening post in full. */
export interface FeedThread {
  id: number;
  title: string;
  language: string | null;
  createdAt: Date;
  authorName: string;
  communityName: string;
  forumName: string;
  /** The opening post's cooked HTML; empty when it is hidden or deleted. */
  html: string;
}

/** A reply as a thread's feed shows it. */
export interface FeedPost {
  id: number;
  number: number;
  createdAt: Date;
  editedAt: Date | null;
  authorName: string;
  html: string;
}

/**
 * What feeds publish of the discussions, read only through the one condition "anyone at all
 * may read this thread" (readable.ts, the sitemaps' too): public communities, threads shown to
 * readers who moderate nothing, posts neither hidden nor deleted.
 */
export function createFeedRepository(db: Db) {
  const newThreads = async (where: SQL | undefined, limit: number): Promise<FeedThread[]> =>
    (
      await db
      .select({
        id: threads.id,
        title: threads.title,
        language: threads.language,
        createdAt: threads.createdAt,
        authorName: users.displayName,
        communityName: communities.name,
        forumName: forums.name,
        html: posts.bodyHtml,
        postHidden: posts.hidden,
        postDeletedAt: posts.deletedAt,
      })
      .from(threads)
      .innerJoin(communities, eq(communities.id, threads.communityId))
      .innerJoin(forums, eq(forums.id, threads.forumId))
      .innerJoin(users, eq(users.id, threads.authorId))
      .leftJoin(posts, eq(posts.id, threads.firstPostId))
      .where(and(readableThreadByAnyone(), where))
      .orderBy(desc(threads.createdAt), desc(threads.id))
      .limit(limit)
    ).map(({ postHidden, postDeletedAt, html, ...row }) => ({ ...row, html: postHidden || postDeletedAt || !html ? '' : html }));

  return {
    /** The newest threads anyone may read, across the site, one community or one forum. */
    newThreads(scope: { communityId?: number; forumId?: number }, limit: number): Promise<FeedThread[]> {
      const where = scope.forumId !== undefined ? eq(threads.forumId, scope.forumId) : scope.communityId !== undefined ? eq(threads.communityId, scope.communityId) : undefined;
      return newThreads(where, limit);
    },

    /** A readable thread's newest posts, newest first (none when the thread is not readable by anyone). */
    async newPosts(threadId: number, limit: number): Promise<FeedPost[]> {
      return db
        .select({
          id: posts.id,
          number: posts.number,
          createdAt: posts.createdAt,
          editedAt: posts.editedAt,
          authorName: users.displayName,
          html: posts.bodyHtml,
        })
        .from(posts)
        .innerJoin(threads, eq(threads.id, posts.threadId))
        .innerJoin(communities, eq(communities.id, threads.communityId))
        .innerJoin(users, eq(users.id, posts.authorId))
        .where(and(eq(posts.threadId, threadId), readableThreadByAnyone(), eq(posts.hidden, false), isNull(posts.deletedAt)))
        .orderBy(desc(posts.id))
        .limit(limit);
    },
  };
}

export type FeedRepository = ReturnType<typeof createFeedRepository>;
