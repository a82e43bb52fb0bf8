import { and, eq, inArray, or } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { moderationLog, reports } from '../../../db/schema/index.ts';
import type { EventBus } from '../../lib/event-bus.ts';

/** One moderator or admin action, as the audit log keeps it. */
export interface AuditEntry {
  actorId: number | null;
  action: string;
  communityId: number | null;
  targetType: string;
  targetId: number;
  reason?: string | null;
  /** What the action changed, as it was: enough to undo it exactly. */
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  undoable?: boolean;
}

/**
 * Records moderation actions. `within` runs the action's write and inserts its log rows in
 * the same transaction: an action and its record stand or fall together.
 */
export interface AuditTrail {
  within<T>(entries: AuditEntry[] | ((result: T) => AuditEntry[]), write: () => T): T;
  record(entry: AuditEntry): number;
}

/** For services built without a log (unit tests of another area). */
export const noAudit: AuditTrail = { within: (_entries, write) => write(), record: () => 0 };

/** Actions that take content away: the open reports on it are upheld by them, whatever page they came from. */
const TAKES_CONTENT_AWAY = new Set(['post.hide', 'thread.hide', 'post.delete', 'post.reject', 'user.delete_spammer']);
const numbers = (value: unknown) => (Array.isArray(value) ? (value as number[]) : []);

export function createAuditTrail(db: Db, bus?: EventBus): AuditTrail {
  /**
   * Closes (as upheld) the open reports on what the entry took away, inside the action's
   * transaction; their ids go into the entry's "before", so an undo opens them again.
   * Returns what to tell the reporters once committed.
   */
  function upholdReports(entry: AuditEntry, logId: () => number): (() => void) | null {
    if (entry.actorId === null || !TAKES_CONTENT_AWAY.has(entry.action)) return null;
    const before = entry.before ?? {};
    const postIds = entry.targetType === 'post' ? [entry.targetId] : numbers(before.postIds);
    const threadIds = entry.targetType === 'thread' ? [entry.targetId] : numbers(before.threadIds);
    if (!postIds.length && !threadIds.length) return null;
    const target = or(
      postIds.length ? inArray(reports.postId, postIds) : undefined,
      threadIds.length ? inArray(reports.threadId, threadIds) : undefined,
    );
    const open = db.select().from(reports).where(and(eq(reports.status, 'open'), target)).all();
    if (!open.length) return null;
    const reportIds = open.map((r) => r.id);
    db.update(reports)
      .set({ status: 'upheld', resolution: 'hide', resolvedById: entry.actorId, resolvedAt: new Date() })
      .where(inArray(reports.id, reportIds))
      .run();
    entry.before = { ...before, reportIds: [...numbers(before.reportIds), ...reportIds] };
    const actorId = entry.actorId;
    const byCommunity = new Map<number, number[]>();
    for (const r of open) byCommunity.set(r.communityId, [...(byCommunity.get(r.communityId) ?? []), r.reporterId]);
    return () => {
      const id = logId();
      for (const [communityId, reporters] of byCommunity) {
        bus?.publish('report.resolved', { communityId, reporterIds: [...new Set(reporters)], outcome: 'upheld', actorId, logId: id });
      }
    };
  }

  function record(entry: AuditEntry): number {
    return db
      .insert(moderationLog)
      .values({
        actorId: entry.actorId,
        action: entry.action,
        communityId: entry.communityId,
        targetType: entry.targetType,
        targetId: entry.targetId,
        reason: entry.reason?.trim() || null,
        before: entry.before ?? null,
        after: entry.after ?? null,
        undoable: entry.undoable ?? false,
      })
      .returning({ id: moderationLog.id })
      .get().id;
  }

  return {
    record,
    within<T>(entries: AuditEntry[] | ((result: T) => AuditEntry[]), write: () => T): T {
      const after: (() => void)[] = [];
      const result = db.transaction(() => {
        const result = write();
        for (const entry of typeof entries === 'function' ? entries(result) : entries) {
          let id = 0;
          const tell = upholdReports(entry, () => id);
          id = record(entry);
          if (tell) after.push(tell);
        }
        return result;
      });
      for (const tell of after) tell();
      return result;
    },
  };
}

/** Actions other areas publish (workshop hosts' pins, mutes, …) go to the log too; they are not undoable here. */
export function subscribeAuditEvents(bus: EventBus, audit: AuditTrail): void {
  bus.subscribe('audit.action', (event) => {
    audit.record({ ...event, undoable: false });
  });
}
