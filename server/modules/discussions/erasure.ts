import type { LinksRepository } from '../links/repository.ts';
import type { UsersRepository } from '../users/repository.ts';
import type { DiscussionErasure } from './erasure-repository.ts';
import type { ThreadsRepository } from './threads-repository.ts';
import { cookAsync, cookResolver } from './cooking.ts';

const BATCH = 200;

/**
 * The discussions' part of erasing a member, for the account-deletion area: runs inside its
 * transaction, answers what changed so it can publish once the transaction commits.
 */
export function createAuthorErasure(deps: { erasure: DiscussionErasure; threads: ThreadsRepository; users: UsersRepository; links: LinksRepository }) {
  const { erasure, threads } = deps;
  const resolver = cookResolver(deps.users, deps.links);
  const cookOr = async (body: string, fallback: string): Promise<string> => {
    try {
      return (await cookAsync(body, resolver)).html;
    } catch {
      return fallback;
    }
  };

  return {
    eraseReaderRows: erasure.eraseReaderRows,

    /**
     * Rewrites the member's mentions and quote attributions in others' posts and in their earlier
     * versions, in batches, cooked again through the same pipeline. Answers the posts changed.
     */
    async anonymiseNames(
      userId: number,
      needles: string[],
      rewrite: (body: string, threadId: number) => string | Promise<string>,
    ): Promise<{ postId: number; threadId: number }[]> {
      const changed: { postId: number; threadId: number }[] = [];
      for (let after = 0; ; ) {
        const batch = await erasure.postsNaming(userId, needles, after, BATCH);
        for (const post of batch) {
          const body = await rewrite(post.body, post.threadId);
          if (body === post.body) continue;
          await erasure.rewritePost(post.id, body, await cookOr(body, ''));
          changed.push({ postId: post.id, threadId: post.threadId });
        }
        if (batch.length < BATCH) break;
        after = batch.at(-1)!.id;
      }
      for (let after = 0; ; ) {
        const batch = await erasure.revisionsNaming(userId, needles, after, BATCH);
        for (const revision of batch) {
          const body = await rewrite(revision.body, revision.threadId);
          if (body !== revision.body) await erasure.rewriteRevision(revision.id, body, await cookOr(body, ''));
        }
        if (batch.length < BATCH) break;
        after = batch.at(-1)!.id;
      }
      await erasure.forgetMentionsOf(userId);
      return changed;
    },

    /** The member's posts soft-deleted, threads with only theirs hidden, counters recomputed. */
    async removePosts(userId: number, at: Date) {
      const removed = await erasure.removePostsOf(userId, at);
      await threads.recount([...removed.threadIds, ...removed.hiddenThreadIds]);
      return removed;
    },
  };
}

export type AuthorErasure = ReturnType<typeof createAuthorErasure>;
