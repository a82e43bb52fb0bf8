import { and, eq, inArray, max } from 'drizzle-orm';
import { heldPosts, posts, reports, threadRedirects, threads, threadSlowMode } from '../../../db/schema/index.ts';
import { AppError } from '../../lib/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { requireCanModerate } from '../communities/access.ts';
import { recountForum } from '../discussions/counters.ts';
import { cleanTitle } from '../discussions/rules.ts';
import { requireActor, type ModerationContext } from './context.ts';
import type { Sanctions } from './sanctions.ts';

/**
 * Moving, merging and splitting threads, and slow mode. Post ids never change, and a merged
 * thread leaves a redirect, so old links keep working.
 */
export function createThreadTools(ctx: ModerationContext, sanctions: Sanctions) {
  const { db, audit, bus } = ctx;

  function moderated(actor: Actor | null, threadId: number) {
    const access = ctx.threadGate.thread(actor, threadId);
    requireCanModerate(actor, access);
    return access;
  }

  /** Puts a thread (and its reports and held posts) in a forum, and recounts both forums. */
  function placeThread(threadId: number, forumId: number, communityId: number): void {
    db.update(threads).set({ forumId, communityId }).where(eq(threads.id, threadId)).run();
    db.update(reports).set({ communityId }).where(eq(reports.threadId, threadId)).run();
    db.update(heldPosts).set({ communityId }).where(eq(heldPosts.threadId, threadId)).run();
  }

  function lastPostAt(threadId: number): Date | null {
    return db.select({ at: max(posts.createdAt) }).from(posts).where(eq(posts.threadId, threadId)).get()?.at ?? null;
  }

  /** Moves posts between threads and puts counters and activity times right. */
  function movePosts(postIds: number[], toThreadId: number, touched: number[]): void {
    if (postIds.length) db.update(posts).set({ threadId: toThreadId }).where(inArray(posts.id, postIds)).run();
    for (const id of touched) {
      const at = lastPostAt(id);
      if (at) db.update(threads).set({ lastPostAt: at }).where(eq(threads.id, id)).run();
    }
    sanctions.recount(touched);
  }

  /**
   * Held posts follow their posts into another thread (and community, whose moderators now
   * decide); only the opening post of the thread they land in holds that thread back.
   */
  function moveHeld(postIds: number[], threadId: number, communityId: number): void {
    if (!postIds.length) return;
    const firstPostId = db.select({ id: threads.firstPostId }).from(threads).where(eq(threads.id, threadId)).get()?.id ?? null;
    db.update(heldPosts).set({ threadId, communityId, opensThread: false }).where(inArray(heldPosts.postId, postIds)).run();
    if (firstPostId !== null && postIds.includes(firstPostId)) {
      db.update(heldPosts).set({ opensThread: true }).where(eq(heldPosts.postId, firstPostId)).run();
    }
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
          },
        ],
        () => {
          placeThread(threadId, forumId, target.community.id);
          sanctions.recount([threadId]);
          recountForum(db, from.forumId);
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
      const postIds = db.select({ id: posts.id }).from(posts).where(eq(posts.threadId, threadId)).all().map((p) => p.id);
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
          },
        ],
        () => {
          movePosts(postIds, intoThreadId, [threadId, intoThreadId]);
          moveHeld(postIds, intoThreadId, target.community.id);
          db.update(reports).set({ threadId: intoThreadId, communityId: target.community.id }).where(eq(reports.threadId, threadId)).run();
          db.update(threads).set({ hidden: true }).where(eq(threads.id, threadId)).run();
          db.insert(threadRedirects).values({ fromThreadId: threadId, toThreadId: intoThreadId }).onConflictDoUpdate({
            target: threadRedirects.fromThreadId,
            set: { toThreadId: intoThreadId },
          }).run();
          sanctions.recount([threadId, intoThreadId]);
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
      const rows = db.select().from(posts).where(and(inArray(posts.id, ids), eq(posts.threadId, threadId))).all();
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
          },
        ],
        () => {
          const thread = db
            .insert(threads)
            .values({
              forumId: access.thread.forumId,
              communityId: access.community.id,
              authorId: first.authorId,
              title,
              kind: 'discussion',
              language: access.thread.language,
              firstPostId: first.id,
              postCount: 0,
              lastPostAt: first.createdAt,
              createdAt: first.createdAt,
            })
            .returning()
            .get();
          movePosts(ids, thread.id, [threadId, thread.id]);
          moveHeld(ids, thread.id, access.community.id);
          db.update(reports).set({ threadId: thread.id }).where(inArray(reports.postId, ids)).run();
          if (access.thread.acceptedPostId !== null && ids.includes(access.thread.acceptedPostId)) {
            db.update(threads).set({ acceptedPostId: null }).where(eq(threads.id, threadId)).run();
          }
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
          },
        ],
        () => tools.setSlowMode(threadId, seconds),
      );
      bus.publish('thread.updated', { threadId });
      return { threadId, slowModeSeconds: seconds };
    },

    setSlowMode(threadId: number, seconds: number): void {
      if (seconds <= 0) db.delete(threadSlowMode).where(eq(threadSlowMode.threadId, threadId)).run();
      else db.insert(threadSlowMode).values({ threadId, seconds }).onConflictDoUpdate({ target: threadSlowMode.threadId, set: { seconds } }).run();
    },

    slowModeOf: (threadId: number): number =>
      db.select({ seconds: threadSlowMode.seconds }).from(threadSlowMode).where(eq(threadSlowMode.threadId, threadId)).get()?.seconds ?? 0,

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
