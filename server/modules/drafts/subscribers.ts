import type { EventBus } from '../../lib/event-bus.ts';
import type { PostsRepository } from '../discussions/posts-repository.ts';
import type { ThreadsRepository } from '../discussions/threads-repository.ts';
import type { DraftsService } from './service.ts';

/**
 * Posting deletes the draft it came from, in this one place: a new thread its forum's draft,
 * a reply its thread's, an edit the editor's draft of that post.
 */
export function subscribeDrafts(bus: EventBus, deps: { drafts: DraftsService; threads: ThreadsRepository; posts: PostsRepository }): void {
  const { drafts, threads, posts } = deps;
  bus.subscribe('thread.created', async ({ threadId }) => {
    const thread = await threads.findById(threadId);
    if (thread) await drafts.discard(thread.authorId, `thread:${thread.forumId}`);
  });
  bus.subscribe('post.created', async ({ threadId, postId }) => {
    const post = await posts.findById(postId);
    // The opening post of a new thread is not a reply: thread.created has cleared its draft.
    if (post && (await threads.findById(threadId))?.firstPostId !== postId) await drafts.discard(post.authorId, `reply:${threadId}`);
  });
  bus.subscribe('post.updated', async ({ postId, editorId }) => {
    if (editorId !== undefined) await drafts.discard(editorId, `edit:${postId}`);
  });
}
