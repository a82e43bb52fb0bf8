import { and, asc, eq, gt, inArray, isNull, ne, or, sql } from 'drizzle-orm';
import { changed } from '../../../db/access.ts';
import type { Db } from '../../../db/client.ts';
import { position } from '../../../db/dialect.ts';
import { postMentions, postReactions, postRevisions, posts, threadReads, threads, threadWatches } from '../../../db/schema/index.ts';
import { htmlToText } from '../../lib/markdown.ts';

/** A post (or an earlier version of one) whose text names an erased member. */
export interface NamingText {
  id: number;
  threadId: number;
  body: string;
}

/**
 * What the discussions area erases of a member, in its own tables: their reading state, watches
 * and reactions; their posts (soft-deleted when they asked); the mentions and quotes of them in
 * others' posts (rewritten, found through `post_mentions` and the quotes' links to their posts).
 */
export function createDiscussionErasure(db: Db) {
  return {
    /** Read positions, watched and muted threads, reactions (the counts are counted from these rows). */
    async eraseReaderRows(userId: number): Promise<Record<string, number>> {
      return {
        thread_reads: changed(await db.delete(threadReads).where(eq(threadReads.userId, userId))),
        thread_watches: changed(await db.delete(threadWatches).where(eq(threadWatches.userId, userId))),
        post_reactions: changed(await db.delete(postReactions).where(eq(postReactions.userId, userId))),
      };
    },

    /**
     * Soft-deletes the member's live posts (the caller recounts the threads: `threads.recount`) and hides the threads
     * that had only their posts; threads with others' replies stay, the opening post deleted.
     */
    async removePostsOf(userId: number, at: Date): Promise<{ postIds: number[]; threadIds: number[]; hiddenThreadIds: number[]; threadOf: Map<number, number> }> {
      const live = await db.select({ id: posts.id, threadId: posts.threadId }).from(posts).where(and(eq(posts.authorId, userId), isNull(posts.deletedAt)));
      const postIds = live.map((p) => p.id);
      const threadIds = [...new Set(live.map((p) => p.threadId))];
      for (let i = 0; i < postIds.length; i += 500) {
        await db.update(posts).set({ deletedAt: at }).where(inArray(posts.id, postIds.slice(i, i + 500)));
      }
      const started = (await db.select({ id: threads.id }).from(threads).where(and(eq(threads.authorId, userId), eq(threads.hidden, false)))).map((t) => t.id);
      const hiddenThreadIds: number[] = [];
      for (const threadId of started) {
        const others = await db.select({ id: posts.id }).from(posts).where(and(eq(posts.threadId, threadId), ne(posts.authorId, userId), isNull(posts.deletedAt))).limit(1);
        if (others.length === 0) hiddenThreadIds.push(threadId);
      }
      if (hiddenThreadIds.length) await db.update(threads).set({ hidden: true }).where(inArray(threads.id, hiddenThreadIds));
      // An accepted answer that is gone is no longer accepted.
      if (postIds.length) {
        await db
          .update(threads)
          .set({ acceptedPostId: null })
          .where(sql`${threads.acceptedPostId} IN (SELECT ${posts.id} FROM ${posts} WHERE ${posts.authorId} = ${userId} AND ${posts.deletedAt} IS NOT NULL)`);
      }
      return { postIds, threadIds, hiddenThreadIds, threadOf: new Map(live.map((p) => [p.id, p.threadId])) };
    },

    /**
     * Others' posts that may name the member, in id order after `afterId`: those that mention
     * them (`post_mentions`) and those whose text holds one of `needles` (a quote's attribution).
     */
    async postsNaming(userId: number, needles: string[], afterId: number, limit: number): Promise<NamingText[]> {
      const holds = needles.map((needle) => sql`${position(sql`lower(${posts.body})`, sql`lower(${needle})`)} > 0`);
      return db
        .select({ id: posts.id, threadId: posts.threadId, body: posts.body })
        .from(posts)
        .where(
          and(
            gt(posts.id, afterId),
            ne(posts.authorId, userId),
            or(sql`${posts.id} IN (SELECT ${postMentions.postId} FROM ${postMentions} WHERE ${postMentions.userId} = ${userId})`, ...holds),
          ),
        )
        .orderBy(asc(posts.id))
        .limit(limit);
    },

    /** Earlier versions of others' posts that may name the member (mentions go by the @name itself). */
    async revisionsNaming(userId: number, needles: string[], afterId: number, limit: number): Promise<NamingText[]> {
      const holds = needles.map((needle) => sql`${position(sql`lower(${postRevisions.body})`, sql`lower(${needle})`)} > 0`);
      return db
        .select({ id: postRevisions.id, threadId: posts.threadId, body: postRevisions.body })
        .from(postRevisions)
        .innerJoin(posts, eq(posts.id, postRevisions.postId))
        .where(and(gt(postRevisions.id, afterId), ne(posts.authorId, userId), or(...holds)))
        .orderBy(asc(postRevisions.id))
        .limit(limit);
    },

    /** The rewritten text, cooked again: no edit, no revision (nobody edited it). */
    async rewritePost(postId: number, body: string, bodyHtml: string): Promise<void> {
      await db.update(posts).set({ body, bodyHtml, bodyText: htmlToText(bodyHtml) }).where(eq(posts.id, postId));
    },

    async rewriteRevision(revisionId: number, body: string, bodyHtml: string): Promise<void> {
      await db.update(postRevisions).set({ body, bodyHtml }).where(eq(postRevisions.id, revisionId));
    },

    /** The member is mentioned nowhere any more (their mentions were rewritten). */
    async forgetMentionsOf(userId: number): Promise<number> {
      return changed(await db.delete(postMentions).where(eq(postMentions.userId, userId)));
    },
  };
}

export type DiscussionErasure = ReturnType<typeof createDiscussionErasure>;
