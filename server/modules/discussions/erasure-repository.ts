import { and, asc, eq, gt, inArray, isNull, ne, or, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
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
    eraseReaderRows(userId: number): Record<string, number> {
      return {
        thread_reads: db.delete(threadReads).where(eq(threadReads.userId, userId)).run().changes,
        thread_watches: db.delete(threadWatches).where(eq(threadWatches.userId, userId)).run().changes,
        post_reactions: db.delete(postReactions).where(eq(postReactions.userId, userId)).run().changes,
      };
    },

    /**
     * Soft-deletes the member's live posts (the caller recounts the threads: `threads.recount`) and hides the threads
     * that had only their posts; threads with others' replies stay, the opening post deleted.
     */
    removePostsOf(userId: number, at: Date): { postIds: number[]; threadIds: number[]; hiddenThreadIds: number[]; threadOf: Map<number, number> } {
      const live = db.select({ id: posts.id, threadId: posts.threadId }).from(posts).where(and(eq(posts.authorId, userId), isNull(posts.deletedAt))).all();
      const postIds = live.map((p) => p.id);
      const threadIds = [...new Set(live.map((p) => p.threadId))];
      for (let i = 0; i < postIds.length; i += 500) {
        db.update(posts).set({ deletedAt: at }).where(inArray(posts.id, postIds.slice(i, i + 500))).run();
      }
      const started = db.select({ id: threads.id }).from(threads).where(and(eq(threads.authorId, userId), eq(threads.hidden, false))).all().map((t) => t.id);
      const hiddenThreadIds = started.filter(
        (threadId) => !db.select({ id: posts.id }).from(posts).where(and(eq(posts.threadId, threadId), ne(posts.authorId, userId), isNull(posts.deletedAt))).limit(1).get(),
      );
      if (hiddenThreadIds.length) db.update(threads).set({ hidden: true }).where(inArray(threads.id, hiddenThreadIds)).run();
      // An accepted answer that is gone is no longer accepted.
      if (postIds.length) {
        db.update(threads)
          .set({ acceptedPostId: null })
          .where(sql`${threads.acceptedPostId} IN (SELECT ${posts.id} FROM ${posts} WHERE ${posts.authorId} = ${userId} AND ${posts.deletedAt} IS NOT NULL)`)
          .run();
      }
      return { postIds, threadIds, hiddenThreadIds, threadOf: new Map(live.map((p) => [p.id, p.threadId])) };
    },

    /**
     * Others' posts that may name the member, in id order after `afterId`: those that mention
     * them (`post_mentions`) and those whose text holds one of `needles` (a quote's attribution).
     */
    postsNaming(userId: number, needles: string[], afterId: number, limit: number): NamingText[] {
      const holds = needles.map((needle) => sql`instr(lower(${posts.body}), lower(${needle})) > 0`);
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
        .limit(limit)
        .all();
    },

    /** Earlier versions of others' posts that may name the member (mentions go by the @name itself). */
    revisionsNaming(userId: number, needles: string[], afterId: number, limit: number): NamingText[] {
      const holds = needles.map((needle) => sql`instr(lower(${postRevisions.body}), lower(${needle})) > 0`);
      return db
        .select({ id: postRevisions.id, threadId: posts.threadId, body: postRevisions.body })
        .from(postRevisions)
        .innerJoin(posts, eq(posts.id, postRevisions.postId))
        .where(and(gt(postRevisions.id, afterId), ne(posts.authorId, userId), or(...holds)))
        .orderBy(asc(postRevisions.id))
        .limit(limit)
        .all();
    },

    /** The rewritten text, cooked again: no edit, no revision (nobody edited it). */
    rewritePost(postId: number, body: string, bodyHtml: string): void {
      db.update(posts).set({ body, bodyHtml, bodyText: htmlToText(bodyHtml) }).where(eq(posts.id, postId)).run();
    },

    rewriteRevision(revisionId: number, body: string, bodyHtml: string): void {
      db.update(postRevisions).set({ body, bodyHtml }).where(eq(postRevisions.id, revisionId)).run();
    },

    /** The member is mentioned nowhere any more (their mentions were rewritten). */
    forgetMentionsOf(userId: number): number {
      return db.delete(postMentions).where(eq(postMentions.userId, userId)).run().changes;
    },
  };
}

export type DiscussionErasure = ReturnType<typeof createDiscussionErasure>;
