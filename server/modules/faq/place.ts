import { AppError } from '../../lib/errors.ts';
import type { Actor } from '../auth/actor.ts';
import type { ThreadGate } from '../discussions/access.ts';
import type { PostsRepository } from '../discussions/posts-repository.ts';
import type { ThreadsRepository } from '../discussions/threads-repository.ts';
import { canEditKnowledge } from '../knowledge/policy.ts';

/**
 * The one rule for drawing knowledge (an FAQ entry, an experience) from a thread: the proposer
 * may read it (its gate; else 404), moderates its community or is an editor (else 403), the
 * community is public (what is drawn is published to everyone), and the thread is a question
 * with an accepted answer still shown.
 */
export function createSolvedThreads(deps: { threadGate: ThreadGate; posts: PostsRepository; threads: ThreadsRepository }) {
  return {
    async solvedFor(actor: Actor | null, threadId: number) {
      if (!actor) throw new AppError('UNAUTHENTICATED');
      const access = await deps.threadGate.thread(actor, threadId);
      if (!access.canModerate && !canEditKnowledge(actor)) throw new AppError('FORBIDDEN');
      if (access.community.visibility !== 'public') throw new AppError('PROPOSAL_COMMUNITY_PRIVATE', { field: 'threadId' });
      const { thread } = access;
      const accepted = thread.acceptedPostId !== null ? await deps.posts.findById(thread.acceptedPostId) : undefined;
      if (thread.kind !== 'question' || !accepted || accepted.hidden || accepted.deletedAt !== null || thread.firstPostId === null) {
        throw new AppError('THREAD_NOT_SOLVED', { field: 'threadId' });
      }
      const question = (await deps.posts.findById(thread.firstPostId))!;
      return { actor, thread, question, accepted, canModerate: access.canModerate };
    },

    titleOf: async (threadId: number): Promise<string> => (await deps.threads.findById(threadId))?.title ?? '',

    /** Who sees a thread's proposals on its page: its moderators and the editors (after its gate). */
    async requireProposer(actor: Actor | null, threadId: number) {
      if (!actor) throw new AppError('UNAUTHENTICATED');
      const access = await deps.threadGate.thread(actor, threadId);
      if (!access.canModerate && !canEditKnowledge(actor)) throw new AppError('FORBIDDEN');
      return actor;
    },
  };
}

export type SolvedThreads = ReturnType<typeof createSolvedThreads>;

export function requireEditor(actor: Actor | null): Actor {
  if (!actor) throw new AppError('UNAUTHENTICATED');
  if (!canEditKnowledge(actor)) throw new AppError('FORBIDDEN');
  return actor;
}
