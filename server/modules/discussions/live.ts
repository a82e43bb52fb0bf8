import type { PostRow } from '../../../db/schema/index.ts';
import type { Post, Thread, ThreadSummary } from '../../../shared/schemas/discussions.ts';
import type { Actor } from '../auth/actor.ts';
import { requireCanPost, type CommunityGate } from '../communities/access.ts';
import type { ThreadGate } from './access.ts';
import { canModerateThreads } from './policy.ts';
import type { PostsRepository } from './posts-repository.ts';
import type { PostPresenter } from './presenter.ts';
import { toThread } from './presenter.ts';
import type { ThreadsRepository } from './threads-repository.ts';
import type { ReadsChanged } from '../../../shared/events.ts';
import type { CommunitiesRepository } from '../communities/repository.ts';
import type { ReadCountsRepository } from './read-counts-repository.ts';
import type { ReadsRepository } from './reads-repository.ts';

const CATCH_UP_LIMIT = 200;

/**
 * What the realtime layer needs from discussions: the same permission checks as the REST
 * routes for joining rooms, catching up after a reconnection, and the payloads to broadcast.
 */
export function createLiveDiscussions(deps: {
  gate: CommunityGate;
  threadGate: ThreadGate;
  threads: ThreadsRepository;
  posts: PostsRepository;
  present: PostPresenter;
  /** A held post (waiting, or rejected) was never shown to readers: they do not learn it exists. */
  neverShown?: (postId: number) => boolean | Promise<boolean>;
  reads?: ReadsRepository;
  readCounts?: ReadCountsRepository;
  communities?: CommunitiesRepository;
}) {
  const { gate, threadGate, threads, posts, present } = deps;

  /** A member's counts in every forum of a community (zeros included); null outside it. */
  async function forumCounts(userId: number, communityId: number): Promise<ReadsChanged['forums']> {
    const membership = await deps.communities?.membership(communityId, userId);
    if (!deps.readCounts || !deps.communities || membership?.status !== 'active') return null;
    const counts = await deps.readCounts.byForum(userId, [{ communityId, joinedAt: membership.createdAt }]);
    return (await deps.communities.forumsOf(communityId)).map((f) => ({
      forumId: f.id,
      unreadThreads: counts.get(f.id)?.unread ?? 0,
      newThreads: counts.get(f.id)?.new ?? 0,
    }));
  }

  /** A hidden post as non-moderators learn of it: that it is gone, not what it said. */
  function redacted(post: Post): Post {
    return { ...post, bodyHtml: '', reactions: [] };
  }

  return {
    /** Throws the REST API's 404 when the actor may not read the thread. */
    async joinThread(actor: Actor | null, threadId: number) {
      const { thread, community, canModerate } = await threadGate.thread(actor, threadId);
      return { communityId: community.id, forumId: thread.forumId, canModerate };
    },

    async joinForum(actor: Actor | null, forumId: number) {
      const { community, membership } = await gate.forum(actor, forumId);
      return { communityId: community.id, canModerate: canModerateThreads(actor, membership) };
    },

    async joinCommunity(actor: Actor | null, slug: string) {
      const { community, membership } = await gate.bySlug(actor, slug);
      return { communityId: community.id, canModerate: canModerateThreads(actor, membership) };
    },

    /** The same check by id: the community room's re-check after a change of access. */
    async joinCommunityById(actor: Actor | null, communityId: number) {
      const { community, membership } = await gate.byId(actor, communityId);
      return { communityId: community.id, canModerate: canModerateThreads(actor, membership) };
    },

    /** The REST API's write check, for writes over the socket (typing): sanctions refuse at once. */
    async requireCanWrite(actor: Actor | null, threadId: number): Promise<void> {
      requireCanPost(actor, await threadGate.thread(actor, threadId));
    },

    /** Visible posts written after `sinceId`, oldest first: what a reconnecting client missed. */
    async postsSince(actor: Actor | null, threadId: number, sinceId: number): Promise<{ missed: Post[]; truncated: boolean }> {
      const { canModerate } = await threadGate.thread(actor, threadId);
      const rows = await posts.page(threadId, { includeHidden: canModerate, afterId: sinceId, limit: CATCH_UP_LIMIT + 1 });
      return { missed: await present(rows.slice(0, CATCH_UP_LIMIT), actor, canModerate), truncated: rows.length > CATCH_UP_LIMIT };
    },

    /**
     * A post as moderators see it, and as everyone else may (redacted when hidden). A broadcast
     * is the same for every socket in the room, so it is presented for no reader in particular
     * (`canEdit` false); each client puts its own rights back in.
     */
    async postForBroadcast(postId: number): Promise<{ threadId: number; full: Post; visible: Post | null } | null> {
      const row: PostRow | undefined = await posts.findById(postId);
      if (!row) return null;
      const full = (await present([row], null, true))[0]!;
      if (row.hidden && (await deps.neverShown?.(postId))) return { threadId: row.threadId, full, visible: null };
      return { threadId: row.threadId, full, visible: row.hidden ? redacted(full) : full };
    },

    /**
     * Where a new post changes readers' marks: its thread's forum and community, unless readers
     * never see it (held, hidden) or the thread is hidden.
     */
    async readersOfPost(postId: number): Promise<{ threadId: number; forumId: number; communityId: number } | null> {
      const post = await posts.findById(postId);
      const thread = post && (await threads.findById(post.threadId));
      if (!post || !thread || post.hidden || thread.hidden) return null;
      return { threadId: thread.id, forumId: thread.forumId, communityId: thread.communityId };
    },

    /** The forum and community a thread's lists are in. */
    async placeOfThread(threadId: number): Promise<{ forumId: number; communityId: number } | null> {
      const row = await threads.findById(threadId);
      return row ? { forumId: row.forumId, communityId: row.communityId } : null;
    },

    /** A member's read state of one thread and their counts in its community, for their own room. */
    async readsOfThread(userId: number, threadId: number): Promise<ReadsChanged | null> {
      const row = await threads.findById(threadId);
      if (!row || !deps.reads) return null;
      const state = (await deps.reads.stateOf(userId, [threadId])).get(threadId) ?? { unread: 0, isNew: false };
      return { communityId: row.communityId, thread: { id: row.id, forumId: row.forumId, ...state }, cleared: null, forums: await forumCounts(userId, row.communityId) };
    },

    /** A member's counts in a community after marking a forum (or all of it) read. */
    async readsCleared(userId: number, communityId: number, forumId: number | null): Promise<ReadsChanged> {
      return { communityId, thread: null, cleared: { forumId }, forums: await forumCounts(userId, communityId) };
    },

    async threadForBroadcast(threadId: number): Promise<{ thread: Thread; summary: ThreadSummary; communityId: number } | null> {
      const row = await threads.findById(threadId);
      if (!row) return null;
      const thread = toThread(await threads.withAuthor(row), 'none');
      const { firstPostId: _first, watching: _watching, ...summary } = thread;
      return { thread, summary, communityId: row.communityId };
    },
  };
}

export type LiveDiscussions = ReturnType<typeof createLiveDiscussions>;
