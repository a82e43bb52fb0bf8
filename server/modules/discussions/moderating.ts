import type { Post, Thread, ThreadModeration } from '../../../shared/schemas/discussions.ts';
import type { Actor } from '../auth/actor.ts';
import type { DiscussionsContext } from './context.ts';
import { requireCanModerateThreads } from './policy.ts';

/** A thread's flags (pinned, locked, hidden) and a post's visibility, set by moderators and logged. */
export function createModerating(ctx: DiscussionsContext) {
  const { threads, posts, bus, threadGate, audit } = ctx;
  const names = { pinned: ['pin', 'unpin'], locked: ['lock', 'unlock'], hidden: ['hide', 'unhide'] } as const;

  return {
    async moderateThread(actor: Actor | null, threadId: number, change: ThreadModeration): Promise<Thread> {
      const access = await threadGate.thread(actor, threadId);
      requireCanModerateThreads(actor, access);
      const { reason, ...flags } = change;
      const entries = (Object.keys(flags) as (keyof typeof flags)[])
        .filter((flag) => flags[flag] !== undefined && flags[flag] !== access.thread[flag])
        .map((flag) => ({
          actorId: actor.id,
          action: `thread.${names[flag][flags[flag] ? 0 : 1]}`,
          communityId: access.community.id,
          targetType: 'thread',
          targetId: threadId,
          reason: reason ?? null,
          before: { [flag]: access.thread[flag] },
          after: { [flag]: flags[flag] },
          undoable: true,
        }));
      await audit.within(entries, () => threads.setFlags(access.thread, flags));
      await bus.publish('thread.updated', { threadId });
      return ctx.threadOut(threadId, actor);
    },

    /**
     * A news item taken down takes its comments thread with it: hidden like a moderator's hide
     * (and logged as one, by the person who unpublished), so its words leave every surface.
     * The news service has authorized the act.
     */
    async withdrawNewsThread(actor: Actor, threadId: number): Promise<void> {
      const thread = await threads.findById(threadId);
      if (!thread || thread.hidden) return;
      const entry = {
        actorId: actor.id,
        action: 'thread.hide',
        communityId: thread.communityId,
        targetType: 'thread',
        targetId: threadId,
        reason: 'news.unpublished',
        before: { hidden: false },
        after: { hidden: true },
        undoable: true,
      };
      await audit.within([entry], () => threads.setFlags(thread, { hidden: true }));
      await bus.publish('thread.updated', { threadId });
    },

    async moderatePost(actor: Actor | null, postId: number, hidden: boolean, reason?: string): Promise<Post> {
      const access = await threadGate.post(actor, postId);
      requireCanModerateThreads(actor, access);
      const entries =
        hidden === access.post.hidden
          ? []
          : [
              {
                actorId: actor.id,
                action: hidden ? 'post.hide' : 'post.unhide',
                communityId: access.community.id,
                targetType: 'post',
                targetId: postId,
                reason: reason ?? null,
                before: { hidden: access.post.hidden },
                after: { hidden },
                undoable: true,
              },
            ];
      const updated = await audit.within(entries, () => posts.setFlags(access.post, access.thread.forumId, { hidden }));
      await bus.publish('post.updated', { threadId: access.post.threadId, postId, mentionedUserIds: [] });
      return ctx.presentOne(updated, actor, true);
    },
  };
}
