import { AppError } from '../../lib/errors.ts';
import type { UndoableEntry } from '../audit/index.ts';
import type { Actor } from '../auth/actor.ts';
import { requireCanModerate } from '../communities/access.ts';
import { cleanTitle } from '../discussions/rules.ts';
import { requireActor, type ModerationContext } from './context.ts';

/**
 * Moving, merging and splitting threads, and slow mode. Post ids never change, and a merged
 * thread leaves a redirect, so old links keep working. Threads and posts are written by the
 * discussions repositories; reports, held posts, redirects and slow mode by moderation's.
 */
export function createThreadTools(ctx: ModerationContext) {
  const { audit, bus, repo, threads, posts } = ctx;

  async function moderated(actor: Actor | null, threadId: number) {
    const access = await ctx.threadGate.thread(actor, threadId);
    requireCanModerate(actor, access);
    return access;
  }

  /** Puts a thread (and its reports and held posts) in a forum. */
  async function placeThread(threadId: number, forumId: number, communityId: number): Promise<void> {
    await threads.place(threadId, forumId, communityId);
    await repo.placeThreadItems(threadId, communityId);
  }

  /** Moves posts between threads and puts counters and activity times right. */
  async function movePosts(postIds: number[], toThreadId: number, touched: number[]): Promise<void> {
    await posts.moveTo(postIds, toThreadId);
    await threads.refreshLastPostAt(touched);
    await threads.recount(touched);
  }

  /** Held posts follow their posts; only the opening post of the thread they land in holds that thread back. */
  async function moveHeld(postIds: number[], threadId: number, communityId: number): Promise<void> {
    await repo.moveHeld(postIds, { threadId, communityId, firstPostId: (await threads.findById(threadId))?.firstPostId ?? null });
  }

  const tools = {
    placeThread,
    movePosts,
    moveHeld,

    async move(actor: Actor | null, threadId: number, forumId: number, reason?: string) {
      const access = await moderated(actor, threadId);
      requireActor(actor);
      const target = await ctx.gate.forum(actor, forumId);
      if (target.forum.id === access.thread.forumId) throw new AppError('MOVE_INVALID', { field: 'forumId' });
      // Across communities only admins move: two sets of moderators are involved.
      if (target.community.id !== access.community.id && actor.role !== 'admin') throw new AppError('FORBIDDEN');
      await audit.within(
        (from: { forumId: number; communityId: number }) => [
          {
            actorId: actor.id,
            action: 'thread.move',
            communityId: access.community.id,
            targetType: 'thread',
            targetId: threadId,
            reason: reason ?? null,
            before: from,
            after: { forumId, communityId: target.community.id },
            undoable: true,
          } satisfies UndoableEntry,
        ],
        async () => {
          // Where it was, read under the lock in the transaction that moves it: what undo puts back.
          await repo.lockTarget('thread', threadId);
          const thread = await threads.findById(threadId) ?? access.thread;
          const from = { forumId: thread.forumId, communityId: thread.communityId };
          await placeThread(threadId, forumId, target.community.id);
          await threads.recount([threadId]);
          await threads.recountForum(from.forumId);
          return from;
        },
      );
      await bus.publish('thread.updated', { threadId });
      return { threadId };
    },

    async merge(actor: Actor | null, threadId: number, intoThreadId: number, reason?: string) {
      // Into itself, or into a thread already merged away (its redirects would go round in a circle).
      if (threadId === intoThreadId || (await ctx.repo.movedTo(intoThreadId)) !== null) throw new AppError('MERGE_INVALID', { field: 'intoThreadId' });
      const source = await moderated(actor, threadId);
      const target = await moderated(actor, intoThreadId);
      requireActor(actor);
      if (source.community.id !== target.community.id && actor.role !== 'admin') throw new AppError('FORBIDDEN');
      await audit.within(
        ({ postIds, hidden }: { postIds: number[]; hidden: boolean }) => [
          {
            actorId: actor.id,
            action: 'thread.merge',
            communityId: source.community.id,
            targetType: 'thread',
            targetId: threadId,
            reason: reason ?? null,
            before: { postIds, hidden, intoThreadId },
            after: { intoThreadId },
            undoable: true,
          } satisfies UndoableEntry,
        ],
        async () => {
          // The posts moved and the source's visibility, read under the lock in the transaction that merges.
          await repo.lockTarget('thread', threadId);
          const postIds = await posts.idsInThread(threadId);
          const hidden = (await threads.findById(threadId))?.hidden ?? source.thread.hidden;
          await movePosts(postIds, intoThreadId, [threadId, intoThreadId]);
          await moveHeld(postIds, intoThreadId, target.community.id);
          await repo.moveThreadReports(threadId, { threadId: intoThreadId, communityId: target.community.id });
          await threads.setHiddenMany([threadId], true);
          await repo.redirect(threadId, intoThreadId);
          await threads.recount([threadId, intoThreadId]);
          return { postIds, hidden };
        },
      );
      await bus.publish('thread.updated', { threadId });
      await bus.publish('thread.updated', { threadId: intoThreadId });
      return { threadId: intoThreadId };
    },

    async split(actor: Actor | null, threadId: number, input: { postIds: number[]; title: string; reason?: string }) {
      const access = await moderated(actor, threadId);
      requireActor(actor);
      const title = cleanTitle(input.title);
      const ids = [...new Set(input.postIds)].sort((a, b) => a - b);
      const rows = await posts.inThread(ids, threadId);
      if (rows.length !== ids.length || ids.includes(access.thread.firstPostId ?? -1)) throw new AppError('SPLIT_INVALID', { field: 'postIds' });
      const first = rows.find((p) => p.id === ids[0])!;
      const created = await audit.within(
        (thread: { id: number }) => [
          {
            actorId: actor.id,
            action: 'thread.split',
            communityId: access.community.id,
            targetType: 'thread',
            targetId: thread.id,
            reason: input.reason ?? null,
            before: { fromThreadId: threadId, postIds: ids },
            after: { threadId: thread.id },
            undoable: true,
          } satisfies UndoableEntry,
        ],
        async () => {
          const thread = await threads.insertSplit({
            forumId: access.thread.forumId,
            communityId: access.community.id,
            authorId: first.authorId,
            title,
            language: access.thread.language,
            firstPostId: first.id,
            at: first.createdAt,
          });
          await movePosts(ids, thread.id, [threadId, thread.id]);
          await moveHeld(ids, thread.id, access.community.id);
          await repo.movePostReports(ids, { threadId: thread.id });
          if (access.thread.acceptedPostId !== null && ids.includes(access.thread.acceptedPostId)) await threads.clearAcceptedAnswer(threadId);
          return thread;
        },
      );
      await bus.publish('thread.created', { threadId: created.id, postId: first.id });
      await bus.publish('thread.updated', { threadId });
      return { threadId: created.id };
    },

    async slowMode(actor: Actor | null, threadId: number, seconds: number, reason?: string) {
      const access = await moderated(actor, threadId);
      requireActor(actor);
      await audit.within(
        (before: number) => [
          {
            actorId: actor.id,
            action: 'thread.slow_mode',
            communityId: access.community.id,
            targetType: 'thread',
            targetId: threadId,
            reason: reason ?? null,
            before: { seconds: before },
            after: { seconds },
            undoable: true,
          } satisfies UndoableEntry,
        ],
        async () => {
          await repo.lockTarget('thread', threadId);
          const before = await tools.slowModeOf(threadId);
          await tools.setSlowMode(threadId, seconds);
          return before;
        },
      );
      await bus.publish('thread.updated', { threadId });
      return { threadId, slowModeSeconds: seconds };
    },

    setSlowMode: repo.setSlowMode,
    slowModeOf: repo.slowModeOf,

    async info(actor: Actor | null, threadId: number) {
      await ctx.threadGate.thread(actor, threadId);
      return { threadId, slowModeSeconds: await tools.slowModeOf(threadId) };
    },

    /** Which thread a post is in now (after a split or merge), for old links to it. */
    async locate(actor: Actor | null, postId: number) {
      const { post } = await ctx.threadGate.post(actor, postId);
      return { threadId: post.threadId, postId };
    },
  };
  return tools;
}

export type ThreadTools = ReturnType<typeof createThreadTools>;
