import { AppError } from '../../lib/errors.ts';
import type { Actor } from '../auth/actor.ts';
import type { CommunityGate } from '../communities/access.ts';
import { canModerateThreads, canSeePost, canSeeThread } from './policy.ts';
import type { PostsRepository } from './posts-repository.ts';
import type { ThreadsRepository } from './threads-repository.ts';

/**
 * Who may see a thread or a post: the community's visibility, then hidden threads and posts
 * exist only for moderators. REST handlers and socket rooms both ask here.
 */
export function createThreadGate(deps: { gate: CommunityGate; threads: ThreadsRepository; posts: PostsRepository }) {
  const { gate, threads, posts } = deps;

  async function thread(actor: Actor | null, threadId: number, notFound: AppError['code'] = 'THREAD_NOT_FOUND') {
    const found = await threads.findWithCommunity(threadId);
    if (!found) throw new AppError(notFound);
    const row = found.thread;
    const access = await gate.of(actor, found.community, notFound);
    const canModerate = canModerateThreads(actor, access.membership);
    if (!canSeeThread({ canModerate }, row)) throw new AppError(notFound);
    return { ...access, thread: row, canModerate };
  }

  async function post(actor: Actor | null, postId: number) {
    const row = await posts.findById(postId);
    if (!row) throw new AppError('POST_NOT_FOUND');
    const access = await thread(actor, row.threadId, 'POST_NOT_FOUND');
    if (!canSeePost(access, row)) throw new AppError('POST_NOT_FOUND');
    return { ...access, post: row };
  }

  return { thread, post };
}

export type ThreadGate = ReturnType<typeof createThreadGate>;
export type ThreadAccess = Awaited<ReturnType<ThreadGate['thread']>>;
