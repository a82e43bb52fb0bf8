import type { ReportCreate, ResolveBody } from '../../../shared/schemas/moderation.ts';
import { AppError } from '../../lib/errors.ts';
import type { UndoableEntry } from '../audit/index.ts';
import type { Actor } from '../auth/actor.ts';
import { requireCanPost } from '../communities/access.ts';
import { moderatedCommunity, requireActor, type ModerationContext } from './context.ts';
import { isStaff } from './policy.ts';
import type { Sanctions } from './sanctions.ts';

/**
 * Members report posts and threads; enough trusted reporters hide a post at once. Moderators
 * resolve all open reports on an item in one action, and the reporters learn the outcome.
 */
export function createReports(ctx: ModerationContext, sanctions: Sanctions) {
  const { repo, bus, audit, posts, threads } = ctx;

  /** Staff are trusted reporters from their first day, like everyone past the new-account stage. */
  async function isTrusted(userId: number, communityId: number): Promise<boolean> {
    const membership = await ctx.communities.membership(communityId, userId);
    const user = await ctx.users.findById(userId);
    if ((user && await isStaff(user, repo.moderatesSomewhere)) || (membership?.role === 'moderator' && membership.status === 'active')) return true;
    return !await ctx.rules.isNew(userId);
  }

  async function setHidden(targetType: 'post' | 'thread', targetId: number, hidden: boolean): Promise<void> {
    if (targetType === 'post') {
      const post = (await posts.findById(targetId))!;
      await posts.setFlags(post, (await threads.findById(post.threadId))!.forumId, { hidden });
    } else {
      const thread = (await threads.findById(targetId))!;
      await threads.setFlags(thread, { hidden });
    }
  }

  async function publishVisibility(targetType: 'post' | 'thread', targetId: number, threadId: number): Promise<void> {
    if (targetType === 'post') await bus.publish('post.updated', { threadId, postId: targetId, mentionedUserIds: [] });
    else await bus.publish('thread.updated', { threadId });
  }

  const isHidden = async (targetType: 'post' | 'thread', targetId: number) =>
    targetType === 'post' ? !!(await posts.findById(targetId))?.hidden : !!(await threads.findById(targetId))?.hidden;

  return {
    async create(actor: Actor | null, targetType: 'post' | 'thread', targetId: number, input: ReportCreate) {
      const access = targetType === 'post' ? await ctx.threadGate.post(actor, targetId) : await ctx.threadGate.thread(actor, targetId);
      requireCanPost(actor, access);
      const postId = targetType === 'post' ? targetId : access.thread.firstPostId;
      if (await repo.findReportBy(actor.id, targetType, targetId)) throw new AppError('REPORT_EXISTS');
      const communityId = access.community.id;
      const note = input.note?.trim() || null;
      let autoHidden = false;
      const report = await audit.within(
        () => {
          if (!autoHidden) return [];
          return [
            {
              actorId: actor.id,
              action: `${targetType}.auto_hide`,
              communityId,
              targetType,
              targetId,
              reason: 'reports',
              before: { hidden: false },
              after: { hidden: true },
              undoable: true,
            } satisfies UndoableEntry,
          ];
        },
        async () => {
          // Reports arriving at once take turns: each counts the others, one hides, and its entry's "before" is true.
          await repo.lockTarget(targetType, targetId);
          const row = await repo.insertReport({ communityId, targetType, targetId, threadId: access.thread.id, postId, reporterId: actor.id, reason: input.reason, note });
          if (!await isHidden(targetType, targetId)) {
            const threshold = (await ctx.settings.community(communityId)).reportThreshold;
            const trusted = new Set<number>();
            for (const report of await repo.openReportsOn(targetType, targetId)) {
              if (!trusted.has(report.reporterId) && (await isTrusted(report.reporterId, communityId))) trusted.add(report.reporterId);
            }
            if (trusted.size >= threshold) {
              await setHidden(targetType, targetId, true);
              autoHidden = true;
            }
          }
          return row;
        },
      );
      await bus.publish('report.created', { reportId: report.id, communityId });
      if (autoHidden) await publishVisibility(targetType, targetId, access.thread.id);
      return {
        report: { id: report.id, reason: report.reason, status: report.status, createdAt: report.createdAt.toISOString() },
        autoHidden,
      };
    },

    /** One click on a queue item: dismiss, hide, warn, silence or ban; every open report on the item is closed. */
    async resolve(actor: Actor | null, reportId: number, input: ResolveBody) {
      const report = await repo.findReport(reportId);
      if (!report) throw new AppError('REPORT_NOT_FOUND');
      const access = await moderatedCommunity(ctx, actor, report.communityId);
      requireActor(actor);
      const open = await repo.openReportsOn(report.targetType, report.targetId);
      if (open.length === 0) throw new AppError('REPORT_NOT_FOUND');
      const reportIds = open.map((r) => r.id);
      const { targetType, targetId } = report;
      const post = report.postId !== null ? await posts.findById(report.postId) : undefined;
      const authorId = post?.authorId ?? (await threads.findById(report.threadId))!.authorId;
      const reason = input.reason?.trim() || null;
      const outcome = input.action === 'dismiss' ? 'dismissed' : 'upheld';
      const closeReports = async () =>
        await repo.setReports(reportIds, { status: outcome, resolution: input.action, resolvedById: actor.id, resolvedAt: new Date() });
      const base = { actorId: actor.id, communityId: report.communityId, reason, undoable: true as const };

      let logId = 0;
      if (input.action === 'dismiss' || input.action === 'hide') {
        const hidden = input.action === 'hide';
        const wasHidden = await audit.within([], async () => {
          // Read under the lock, in the transaction that writes: the entry's "before" is what was there.
          await repo.lockTarget(targetType, targetId);
          const wasHidden = await isHidden(targetType, targetId);
          if (wasHidden !== hidden) await setHidden(targetType, targetId, hidden);
          await closeReports();
          logId = await audit.record({
            ...base,
            action: hidden ? `${targetType}.hide` : 'report.dismiss',
            targetType,
            targetId,
            before: { hidden: wasHidden, reportIds },
            after: { hidden },
          } satisfies UndoableEntry);
          return wasHidden;
        });
        if (wasHidden !== hidden) await publishVisibility(targetType, targetId, report.threadId);
      } else if (input.action === 'warn') {
        logId = await sanctions.warnWithin(actor, authorId, report.communityId, reason ?? '', { reportIds, close: closeReports });
      } else if (input.action === 'silence') {
        const until = new Date(Date.now() + (input.days ?? 7) * 86_400_000);
        logId = await sanctions.silenceWithin(actor, access.community.id, authorId, until, reason, { reportIds, close: closeReports });
      } else {
        logId = await sanctions.banWithin(actor, access.community.id, authorId, reason, { reportIds, close: closeReports });
      }
      const reporterIds = [...new Set(open.map((r) => r.reporterId))];
      await bus.publish('report.resolved', { communityId: report.communityId, reporterIds, outcome, actorId: actor.id, logId });
      return { outcome, reportIds };
    },

    setHidden,
    publishVisibility,
  };
}

export type Reports = ReturnType<typeof createReports>;
