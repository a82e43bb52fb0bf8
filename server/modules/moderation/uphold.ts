import type { EventBus } from '../../lib/event-bus.ts';
import type { AuditHook } from '../audit/index.ts';
import type { ModerationRepository } from './repository.ts';

/** Actions that take content away: the open reports on it are upheld by them, whatever page they came from. */
const TAKES_CONTENT_AWAY = new Set(['post.hide', 'thread.hide', 'post.delete', 'post.reject', 'user.delete_spammer']);
const numbers = (value: unknown): number[] => (Array.isArray(value) ? value.filter((v): v is number => typeof v === 'number') : []);

/**
 * Closes (as upheld) the open reports on what an audited action took away, inside the
 * action's transaction; their ids go into the entry's "before", so an undo opens them again.
 * The reporters learn the outcome once it is committed.
 */
export function upholdReportsHook(repo: ModerationRepository, bus: EventBus): AuditHook {
  return async (entry) => {
    if (entry.actorId === null || !TAKES_CONTENT_AWAY.has(entry.action)) return null;
    const before = entry.before ?? {};
    const postIds = entry.targetType === 'post' ? [entry.targetId] : numbers(before.postIds);
    const threadIds = entry.targetType === 'thread' ? [entry.targetId] : numbers(before.threadIds);
    const open = await repo.openReportsOnContent(postIds, threadIds);
    if (!open.length) return null;
    const reportIds = open.map((r) => r.id);
    const actorId = entry.actorId;
    await repo.setReports(reportIds, { status: 'upheld', resolution: 'hide', resolvedById: actorId, resolvedAt: new Date() });
    entry.before = { ...before, reportIds: [...numbers(before.reportIds), ...reportIds] };
    const byCommunity = new Map<number, number[]>();
    for (const r of open) byCommunity.set(r.communityId, [...(byCommunity.get(r.communityId) ?? []), r.reporterId]);
    return async (logId: number) => {
      for (const [communityId, reporters] of byCommunity) {
        await bus.publish('report.resolved', { communityId, reporterIds: [...new Set(reporters)], outcome: 'upheld', actorId, logId });
      }
    };
  };
}
