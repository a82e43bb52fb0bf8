import { AppError } from '../../lib/errors.ts';
import type { Thread } from '../../../shared/schemas/discussions.ts';
import type { Actor } from '../auth/actor.ts';
import type { DiscussionsContext } from './context.ts';
import { isAcceptableAnswer, requireCanAccept } from './policy.ts';

/** Answers: a question's author (or a moderator) accepts one reply as the answer. */
export function createAnswers(ctx: DiscussionsContext) {
  const { threads, posts, bus, threadGate } = ctx;
  return {
    /** The question's author or a moderator picks the answer; null takes the choice back. */
    async accept(actor: Actor | null, threadId: number, postId: number | null): Promise<Thread> {
      const access = await threadGate.thread(actor, threadId);
      requireCanAccept(actor, access);
      const { thread } = access;
      if (postId !== null && !isAcceptableAnswer(thread, await posts.findById(postId))) {
        throw new AppError('REPLY_TARGET_INVALID', { field: 'postId' });
      }
      await threads.update(threadId, { acceptedPostId: postId });
      await bus.publish('thread.updated', { threadId });
      if (postId !== null && postId !== thread.acceptedPostId) await bus.publish('answer.accepted', { threadId, postId, actorId: actor.id });
      return ctx.threadOut(threadId, actor);
    },
  };
}
