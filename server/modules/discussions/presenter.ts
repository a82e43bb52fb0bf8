import type { PostRow } from '../../../db/schema/index.ts';
import { REACTION_KINDS, type Post, type ReactionCount, type Thread, type ThreadSummary } from '../../../shared/schemas/discussions.ts';
import type { Actor } from '../auth/actor.ts';
import { toUserCard } from '../users/mapper.ts';
import type { UsersRepository } from '../users/repository.ts';
import { canEditPost } from './policy.ts';
import type { PostsRepository, ReactionData } from './posts-repository.ts';
import type { ThreadWithAuthor } from './threads-repository.ts';

/** What a thread list shows of a thread (the forum's list, the home's, search hits). */
export type ThreadSummaryRow = Pick<
  ThreadWithAuthor,
  'id' | 'forumId' | 'title' | 'kind' | 'language' | 'authorId' | 'author' | 'postCount' | 'lastPostAt' | 'createdAt' | 'pinned' | 'locked' | 'hidden' | 'acceptedPostId'
>;

export function toThreadSummary(row: ThreadSummaryRow): ThreadSummary {
  return {
    id: row.id,
    forumId: row.forumId,
    title: row.title,
    kind: row.kind,
    language: row.language,
    authorId: row.authorId,
    author: row.author,
    postCount: row.postCount,
    lastPostAt: row.lastPostAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
    pinned: row.pinned,
    locked: row.locked,
    hidden: row.hidden,
    acceptedPostId: row.acceptedPostId,
  };
}

export function toThread(row: ThreadWithAuthor, watching: Thread['watching']): Thread {
  return { ...toThreadSummary(row), firstPostId: row.firstPostId, watching };
}

export function reactionCounts(
  postId: number,
  data: ReactionData,
): ReactionCount[] {
  return REACTION_KINDS.flatMap((kind) => {
    const count = data.counts.find((c) => c.postId === postId && c.kind === kind)?.count ?? 0;
    if (count === 0) return [];
    return [{ kind, count, reacted: data.mine.some((m) => m.postId === postId && m.kind === kind) }];
  });
}

/**
 * Turns rows into the API's posts with a fixed number of queries whatever the page size:
 * authors, reply targets and reactions are each fetched once for the whole page.
 */
export function createPostPresenter(deps: { users: UsersRepository; posts: PostsRepository }) {
  const { users, posts } = deps;
  return async function present(rows: PostRow[], viewer: Actor | null, canModerate: boolean): Promise<Post[]> {
    if (rows.length === 0) return [];
    const byId = new Map(rows.map((r) => [r.id, r]));
    const missingTargets = rows.map((r) => r.replyToPostId).filter((id): id is number => id !== null && !byId.has(id));
    const [targets, reactions] = await Promise.all([posts.findMany(missingTargets), posts.reactionsFor(rows.map((r) => r.id), viewer?.id)]);
    for (const target of targets) byId.set(target.id, target);

    const authorIds = [...byId.values()].map((r) => r.authorId);
    const cards = new Map((await users.findManyByIds(authorIds)).map((u) => [u.id, toUserCard(u)]));

    return rows.map((row) => {
      const author = cards.get(row.authorId)!;
      const target = row.replyToPostId !== null ? byId.get(row.replyToPostId) : undefined;
      const targetAuthor = target ? cards.get(target.authorId) : undefined;
      const deleted = row.deletedAt !== null;
      return {
        id: row.id,
        threadId: row.threadId,
        number: row.number,
        authorId: row.authorId,
        author,
        bodyHtml: deleted ? '' : row.bodyHtml,
        createdAt: row.createdAt.toISOString(),
        editedAt: row.editedAt?.toISOString() ?? null,
        deleted,
        hidden: row.hidden,
        replyToPostId: row.replyToPostId,
        replyTo:
          target && targetAuthor
            ? { id: target.id, author: { id: targetAuthor.id, username: targetAuthor.username, displayName: targetAuthor.displayName } }
            : null,
        reactions: reactionCounts(row.id, reactions),
        revisionCount: row.revisionCount,
        canEdit: canEditPost(viewer, { canModerate }, row),
      };
    });
  };
}

export type PostPresenter = ReturnType<typeof createPostPresenter>;
