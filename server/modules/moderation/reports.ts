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
  function isTrusted(userId: number, communityId: number): boolean {
    const membership = ctx.communities.membership(communityId, userId);
    const user = ctx.users.findById(userId);
    if ((user && isStaff(user, repo.moderatesSomewhere)) || (membership?.role === 'moderator' && membership.status === 'active')) return true;
    return !ctx.rules.isNew(userId);
  }

  function setHidden(targetType: 'post' | 'thread', targetId: number, hidden: boolean): void {
    if (targetType === 'post') {
      const post = posts.findById(targetId)!;
      posts.setFlags(post, threads.findById(post.threadId)!.forumId, { hidden });
    } else {
      const thread = threads.findById(targetId)!;
      threads.setFlags(thread, { hidden });
    }
  }

  function publishVisibility(targetType: 'post' | 'thread', targetId: number, threadId: number): void {
    if (targetType === 'post') bus.publish('post.updated', { threadId, postId: targetId, mentionedUserIds: [] });
    else bus.publish('thread.updated', { threadId });
  }

  const isHidden = (targetType: 'post' | 'thread', targetId: number) =>
    targetType === 'post' ? !!posts.findById(targetId)?.hidden : !!threads.findById(targetId)?.hidden;

  return {
    create(actor: Actor | null, targetType: 'post' | 'thread', targetId: number, input: ReportCreate) {
      const access = targetType === 'post' ? ctx.threadGate.post(actor, targetId) : ctx.threadGate.thread(actor, targetId);
      requireCanPost(actor, access);
      const postId = targetType === 'post' ? targetId : access.thread.firstPostId;
      if (repo.findReportBy(actor.id, targetType, targetId)) throw new AppError('REPORT_EXISTS');
      const communityId = access.community.id;
      const note = input.note?.trim() || null;
      let autoHidden = false;
      const report = audit.within(
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
        () => {
          const row = repo.insertReport({ communityId, targetType, targetId, threadId: access.thread.id, postId, reporterId: actor.id, reason: input.reason, note });
          if (!isHidden(targetType, targetId)) {
            const threshold = ctx.settings.community(communityId).reportThreshold;
            const trusted = new Set(repo.openReportsOn(targetType, targetId).map((r) => r.reporterId).filter((id) => isTrusted(id, communityId)));
            if (trusted.size >= threshold) {
              setHidden(targetType, targetId, true);
              autoHidden = true;
            }
          }
          return row;
        },
      );
      bus.publish('report.created', { reportId: report.id, communityId });
      if (autoHidden) publishVisibility(targetType, targetId, access.thread.id);
      return {
        report: { id: report.id, reason: report.reason, status: report.status, createdAt: report.createdAt.toISOString() },
        autoHidden,
      };
    },

    /** One click on a queue item: dismiss, hide, warn, silence or ban; every open report on the item is closed. */
    resolve(actor: Actor | null, reportId: number, input: ResolveBody) {
      const report = repo.findReport(reportId);
      if (!report) throw new AppError('REPORT_NOT_FOUND');
      const access = moderatedCommunity(ctx, actor, report.communityId);
      requireActor(actor);
      const open = repo.openReportsOn(report.targetType, report.targetId);
      if (open.length === 0) throw new AppError('REPORT_NOT_FOUND');
      const reportIds = open.map((r) => r.id);
      const { targetType, targetId } = report;
      const post = report.postId !== null ? posts.findById(report.postId) : undefined;
      const authorId = post?.authorId ?? threads.findById(report.threadId)!.authorId;
      const reason = input.reason?.trim() || null;
      const outcome = input.action === 'dismiss' ? 'dismissed' : 'upheld';
      const wasHidden = isHidden(targetType, targetId);
      const closeReports = () =>
        repo.setReports(reportIds, { status: outcome, resolution: input.action, resolvedById: actor.id, resolvedAt: new Date() });
      const base = { actorId: actor.id, communityId: report.communityId, reason, undoable: true as const };

      let logId = 0;
      if (input.action === 'dismiss' || input.action === 'hide') {
        const hidden = input.action === 'hide';
        audit.within([], () => {
          if (wasHidden !== hidden) setHidden(targetType, targetId, hidden);
          closeReports();
          logId = audit.record({
            ...base,
            action: hidden ? `${targetType}.hide` : 'report.dismiss',
            targetType,
            targetId,
            before: { hidden: wasHidden, reportIds },
            after: { hidden },
          } satisfies UndoableEntry);
        });
        if (wasHidden !== hidden) publishVisibility(targetType, targetId, report.threadId);
      } else if (input.action === 'warn') {
        logId = sanctions.warnWithin(actor, authorId, report.communityId, reason ?? '', { reportIds, close: closeReports });
      } else if (input.action === 'silence') {
        const until = new Date(Date.now() + (input.days ?? 7) * 86_400_000);
        logId = sanctions.silenceWithin(actor, access.community.id, authorId, until, reason, { reportIds, close: closeReports });
      } else {
        logId = sanctions.banWithin(actor, access.community.id, authorId, reason, { reportIds, close: closeReports });
      }
      const reporterIds = [...new Set(open.map((r) => r.reporterId))];
      bus.publish('report.resolved', { communityId: report.communityId, reporterIds, outcome, actorId: actor.id, logId });
      return { outcome, reportIds };
    },

    setHidden,
    publishVisibility,
  };
}

export type Reports = ReturnType<typeof createReports>;
