import type { Db } from '../../../db/client.ts';
import { moderationLog } from '../../../db/schema/index.ts';
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

export function createAuditTrail(db: Db): AuditTrail {
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
      return db.transaction(() => {
        const result = write();
        for (const entry of typeof entries === 'function' ? entries(result) : entries) record(entry);
        return result;
      });
    },
  };
}

/** Actions other areas publish (workshop hosts' pins, mutes, …) go to the log too; they are not undoable here. */
export function subscribeAuditEvents(bus: EventBus, audit: AuditTrail): void {
  bus.subscribe('audit.action', (event) => {
    audit.record({ ...event, undoable: false });
  });
}
