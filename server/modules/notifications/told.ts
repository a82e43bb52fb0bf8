import type { DomainEvents } from '../../lib/event-bus.ts';
import type { PostsRepository } from '../discussions/posts-repository.ts';
import type { ThreadsRepository } from '../discussions/threads-repository.ts';
import type { NewNotification, NotificationsRepository } from './repository.ts';

type Recorded = DomainEvents['audit.recorded'];
type ToldKind = 'post_hidden' | 'post_rejected' | 'thread_moved' | 'thread_merged' | 'thread_split';

const idsOf = (value: unknown, key: string): number[] => {
  const ids = (value as Record<string, unknown> | null)?.[key];
  return Array.isArray(ids) ? ids.filter((id): id is number => Number.isInteger(id)) : [];
};
const idOf = (value: unknown, key: string): number | null => {
  const id = (value as Record<string, unknown> | null)?.[key];
  return Number.isInteger(id) ? (id as number) : null;
};

/**
 * Told, not vanished: what a moderator did to someone's post or thread, and why, for its
 * author(s). Read from the audit log's entries as they commit, so moderation never calls here.
 */
export function createToldNotices(deps: {
  notifications: NotificationsRepository;
  threads: ThreadsRepository;
  posts: PostsRepository;
  canRead: (userId: number, communityId: number) => Promise<boolean>;
  store: (rows: NewNotification[], updatedIds?: number[], updatedFor?: number) => Promise<void>;
  wantsReactions: (userId: number) => boolean | Promise<boolean>;
}) {
  const { notifications: repo, threads, posts, canRead, store } = deps;

  /** One notice per author (never the moderator who acted on their own content), about a thread they may read. */
  async function tell(event: Recorded, kind: ToldKind, authorIds: number[], threadId: number, postId: number | null): Promise<void> {
    const thread = await threads.findById(threadId);
    if (!thread) return;
    const readers: number[] = [];
    for (const userId of new Set(authorIds)) {
      if (userId !== event.actorId && (await canRead(userId, thread.communityId))) readers.push(userId);
    }
    const rows: NewNotification[] = readers
      .map((userId) => ({
        userId,
        kind,
        actorId: null,
        threadId,
        postId,
        communityId: thread.communityId,
        eventKey: `log:${event.logId}`,
        reason: event.reason,
        others: 0,
      }));
    await store(rows);
  }

  const authorsOf = async (postIds: number[]) => (await posts.findMany(postIds)).map((p) => p.authorId);

  return {
    async onAuditRecorded(event: Recorded): Promise<void> {
      switch (event.action) {
        case 'post.hide':
        case 'post.reject': {
          const post = await posts.findById(event.targetId);
          if (post) await tell(event, event.action === 'post.hide' ? 'post_hidden' : 'post_rejected', [post.authorId], post.threadId, post.id);
          return;
        }
        case 'thread.move': {
          const thread = await threads.findById(event.targetId);
          if (thread) await tell(event, 'thread_moved', [thread.authorId], thread.id, null);
          return;
        }
        case 'thread.merge': {
          const into = idOf(event.after, 'intoThreadId');
          if (into !== null) await tell(event, 'thread_merged', await authorsOf(idsOf(event.before, 'postIds')), into, null);
          return;
        }
        case 'thread.split':
          await tell(event, 'thread_split', await authorsOf(idsOf(event.before, 'postIds')), event.targetId, null);
          return;
      }
    },

    /** A held post's author learns it waits for a moderator (not that it failed). */
    async onPostHeld(event: DomainEvents['post.held']): Promise<void> {
      const thread = await threads.findById(event.threadId);
      if (!thread) return;
      await store([
        {
          userId: event.authorId,
          kind: 'post_held',
          actorId: null,
          threadId: thread.id,
          postId: event.postId,
          communityId: thread.communityId,
          eventKey: `held:${event.postId}`,
          reason: null,
          others: 0,
        },
      ]);
    },

    /**
     * Reactions tell the post's author, coalesced: while the notice about a post is unread, the
     * next reaction updates it ("Ana and 2 others") instead of adding one more.
     */
    async onReacted(event: DomainEvents['post.reacted']): Promise<void> {
      if (!event.added) return;
      const post = await posts.findById(event.postId);
      const thread = await threads.findById(event.threadId);
      if (!post || !thread || post.hidden || thread.hidden || post.authorId === event.actorId) return;
      if (!(await deps.wantsReactions(post.authorId)) || !(await canRead(post.authorId, thread.communityId))) return;
      const people = new Set((await posts.reactors(post.id)).map((r) => r.id));
      people.delete(post.authorId);
      const others = Math.max(0, people.size - 1);
      const id = await repo.keepReaction(
        {
          userId: post.authorId,
          kind: 'reaction',
          actorId: event.actorId,
          threadId: thread.id,
          postId: post.id,
          communityId: thread.communityId,
          eventKey: `reaction:${post.id}:${Date.now()}:${event.actorId}`,
          reason: null,
        },
        others,
      );
      if (id !== null) await store([], [id], post.authorId);
    },
  };
}
