import type { Db } from '../../../db/client.ts';
import type { DomainEvents, EventBus } from '../../lib/event-bus.ts';
import { fitsItsAction, readAction, type AuditInput, type LoggedAction, type UndoableEntry } from './actions.ts';
import { createAuditRepository, type LogFilter, type LogRow } from './repository.ts';

/** What an entry may carry to write: an undoable action typed by its shapes, or any other. */
export type AuditEntry = UndoableEntry | AuditInput;

/**
 * Runs inside an action's transaction just before its entry is recorded; may add to the
 * entry's "before" (what it changed too), and returns what to do once committed (given the
 * entry's id), or null.
 */
export type AuditHook = (entry: AuditInput) => ((logId: number) => void) | null;

/**
 * Records the actions of moderators, admins and hosts. `within` runs the action's write and
 * inserts its log rows in the same transaction: an action and its record stand or fall
 * together. Below every area: communities, discussions, moderation and workshops write to it;
 * it imports none of them.
 */
export interface AuditTrail {
  within<T>(entries: AuditEntry[] | ((result: T) => AuditEntry[]), write: () => T): T;
  record(entry: AuditEntry): number;
  /** Lets an area act on entries as they are written (moderation closes the reports on content taken away). */
  addHook(hook: AuditHook): void;
  /** A stored entry, typed by its action when it is an undoable one (`action` null otherwise). */
  find(id: number): { row: NonNullable<ReturnType<ReturnType<typeof createAuditRepository>['find']>>; action: LoggedAction | null } | undefined;
  list(filter: LogFilter): LogRow[];
  markUndone(id: number, actorId: number): void;
}

/** For services built without a log (unit tests of another area). */
export const noAudit: AuditTrail = {
  within: (_entries, write) => write(),
  record: () => 0,
  addHook: () => {},
  find: () => undefined,
  list: () => [],
  markUndone: () => {},
};

const recorded = (logId: number, entry: AuditEntry): DomainEvents['audit.recorded'] => ({
  logId,
  actorId: entry.actorId ?? null,
  action: entry.action,
  communityId: entry.communityId ?? null,
  targetType: entry.targetType,
  targetId: entry.targetId,
  reason: entry.reason ?? null,
  before: entry.before ?? null,
  after: entry.after ?? null,
});

export function createAuditTrail(db: Db, bus?: EventBus): AuditTrail {
  const repo = createAuditRepository(db);
  const hooks: AuditHook[] = [];

  /** What to do once the transaction of the action being recorded commits (null outside one). */
  let pending: (() => void)[] | null = null;

  function record(entry: AuditEntry): number {
    if (!fitsItsAction(entry)) throw new Error(`audit: the entry of ${entry.action} does not fit its action's shapes`);
    const id = repo.insert(entry);
    if (bus) {
      const tell = () => bus.publish('audit.recorded', recorded(id, entry));
      if (pending) pending.push(tell);
      else tell();
    }
    return id;
  }

  const trail: AuditTrail = {
    record,
    addHook: (hook) => {
      hooks.push(hook);
    },
    within<T>(entries: AuditEntry[] | ((result: T) => AuditEntry[]), write: () => T): T {
      const after: (() => void)[] = [];
      const outer = pending;
      pending = after;
      let result: T;
      try {
        result = repo.transaction(() => {
          const result = write();
          for (const entry of typeof entries === 'function' ? entries(result) : entries) {
            const tells = hooks.map((hook) => hook(entry)).filter((tell) => tell !== null);
            const id = record(entry);
            for (const tell of tells) after.push(() => tell(id));
          }
          return result;
        });
      } finally {
        pending = outer;
      }
      // Inside another action's transaction, the effects wait for that one to commit.
      if (outer) outer.push(...after);
      else for (const tell of after) tell();
      return result;
    },
    find(id) {
      const row = repo.find(id);
      return row && { row, action: row.undoable ? readAction(row) : null };
    },
    list: repo.list,
    markUndone: repo.markUndone,
  };

  // Actions other areas publish (workshop hosts' pins, mutes, …) go to the log too; they are not undoable.
  bus?.subscribe('audit.action', (event) => {
    trail.record({ ...event, undoable: false });
  });
  return trail;
}
