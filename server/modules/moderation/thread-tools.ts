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

  function moderated(actor: Actor | null, threadId: number) {
    const access = ctx.threadGate.thread(actor, threadId);
    requireCanModerate(actor, access);
    return access;
  }

  /** Puts a thread (and its reports and held posts) in a forum. */
  function placeThread(threadId: number, forumId: number, communityId: number): void {
    threads.place(threadId, forumId, communityId);
    repo.placeThreadItems(threadId, communityId);
  }

  /** Moves posts between threads and puts counters and activity times right. */
  function movePosts(postIds: number[], toThreadId: number, touched: number[]): void {
    posts.moveTo(postIds, toThreadId);
    threads.refreshLastPostAt(touched);
    threads.recount(touched);
  }

  /** Held posts follow their posts; only the opening post of the thread they land in holds that thread back. */
  function moveHeld(postIds: number[], threadId: number, communityId: number): void {
    repo.moveHeld(postIds, { threadId, communityId, firstPostId: threads.findById(threadId)?.firstPostId ?? null });
  }

  const tools = {
    placeThread,
    movePosts,
    moveHeld,

    move(actor: Actor | null, threadId: number, forumId: number, reason?: string) {
      const access = moderated(actor, threadId);
      requireActor(actor);
      const target = ctx.gate.forum(actor, forumId);
      if (target.forum.id === access.thread.forumId) throw new AppError('MOVE_INVALID', { field: 'forumId' });
      // Across communities only admins move: two sets of moderators are involved.
      if (target.community.id !== access.community.id && actor.role !== 'admin') throw new AppError('FORBIDDEN');
      const from = { forumId: access.thread.forumId, communityId: access.community.id };
      audit.within(
        [
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
        () => {
          placeThread(threadId, forumId, target.community.id);
          threads.recount([threadId]);
          threads.recountForum(from.forumId);
        },
      );
      bus.publish('thread.updated', { threadId });
      return { threadId };
    },

    merge(actor: Actor | null, threadId: number, intoThreadId: number, reason?: string) {
      // Into itself, or into a thread already merged away (its redirects would go round in a circle).
      if (threadId === intoThreadId || ctx.repo.movedTo(intoThreadId) !== null) throw new AppError('MERGE_INVALID', { field: 'intoThreadId' });
      const source = moderated(actor, threadId);
      const target = moderated(actor, intoThreadId);
      requireActor(actor);
      if (source.community.id !== target.community.id && actor.role !== 'admin') throw new AppError('FORBIDDEN');
      const postIds = posts.idsInThread(threadId);
      audit.within(
        [
          {
            actorId: actor.id,
            action: 'thread.merge',
            communityId: source.community.id,
            targetType: 'thread',
            targetId: threadId,
            reason: reason ?? null,
            before: { postIds, hidden: source.thread.hidden, intoThreadId },
            after: { intoThreadId },
            undoable: true,
          } satisfies UndoableEntry,
        ],
        () => {
          movePosts(postIds, intoThreadId, [threadId, intoThreadId]);
          moveHeld(postIds, intoThreadId, target.community.id);
          repo.moveThreadReports(threadId, { threadId: intoThreadId, communityId: target.community.id });
          threads.setHiddenMany([threadId], true);
          repo.redirect(threadId, intoThreadId);
          threads.recount([threadId, intoThreadId]);
        },
      );
      bus.publish('thread.updated', { threadId });
      bus.publish('thread.updated', { threadId: intoThreadId });
      return { threadId: intoThreadId };
    },

    split(actor: Actor | null, threadId: number, input: { postIds: number[]; title: string; reason?: string }) {
      const access = moderated(actor, threadId);
      requireActor(actor);
      const title = cleanTitle(input.title);
      const ids = [...new Set(input.postIds)].sort((a, b) => a - b);
      const rows = posts.inThread(ids, threadId);
      if (rows.length !== ids.length || ids.includes(access.thread.firstPostId ?? -1)) throw new AppError('SPLIT_INVALID', { field: 'postIds' });
      const first = rows.find((p) => p.id === ids[0])!;
      const created = audit.within(
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
        () => {
          const thread = threads.insertSplit({
            forumId: access.thread.forumId,
            communityId: access.community.id,
            authorId: first.authorId,
            title,
            language: access.thread.language,
            firstPostId: first.id,
            at: first.createdAt,
          });
          movePosts(ids, thread.id, [threadId, thread.id]);
          moveHeld(ids, thread.id, access.community.id);
          repo.movePostReports(ids, { threadId: thread.id });
          if (access.thread.acceptedPostId !== null && ids.includes(access.thread.acceptedPostId)) threads.clearAcceptedAnswer(threadId);
          return thread;
        },
      );
      bus.publish('thread.created', { threadId: created.id, postId: first.id });
      bus.publish('thread.updated', { threadId });
      return { threadId: created.id };
    },

    slowMode(actor: Actor | null, threadId: number, seconds: number, reason?: string) {
      const access = moderated(actor, threadId);
      requireActor(actor);
      const before = tools.slowModeOf(threadId);
      audit.within(
        [
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
        () => tools.setSlowMode(threadId, seconds),
      );
      bus.publish('thread.updated', { threadId });
      return { threadId, slowModeSeconds: seconds };
    },

    setSlowMode: repo.setSlowMode,
    slowModeOf: repo.slowModeOf,

    info(actor: Actor | null, threadId: number) {
      ctx.threadGate.thread(actor, threadId);
      return { threadId, slowModeSeconds: tools.slowModeOf(threadId) };
    },

    /** Which thread a post is in now (after a split or merge), for old links to it. */
    locate(actor: Actor | null, postId: number) {
      const { post } = ctx.threadGate.post(actor, postId);
      return { threadId: post.threadId, postId };
    },
  };
  return tools;
}

export type ThreadTools = ReturnType<typeof createThreadTools>;
