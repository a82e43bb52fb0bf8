import { AsyncLocalStorage } from 'node:async_hooks';
import { transaction } from '../../../db/access.ts';
import type { Db } from '../../../db/client.ts';
import type { DomainEvents, EventBus } from '../../lib/event-bus.ts';
import { fitsItsAction, readAction, type AuditInput, type LoggedAction, type UndoableEntry } from './actions.ts';
import { createAuditRepository, type LogFilter, type LogRow } from './repository.ts';

/** What an entry may carry to write: an undoable action typed by its shapes, or any other. */
export type AuditEntry = UndoableEntry | AuditInput;

type Effect = () => void | Promise<void>;

/**
 * Runs inside an action's transaction just before its entry is recorded; may add to the
 * entry's "before" (what it changed too), and returns what to do once committed (given the
 * entry's id), or null.
 */
export type AuditHook = (entry: AuditInput) => ((logId: number) => void | Promise<void>) | null | Promise<((logId: number) => void | Promise<void>) | null>;

/**
 * Records the actions of moderators, admins and hosts. `within` runs the action's write and
 * inserts its log rows in the same transaction: an action and its record stand or fall
 * together. Below every area: communities, discussions, moderation and workshops write to it;
 * it imports none of them.
 */
export interface AuditTrail {
  within<T>(entries: AuditEntry[] | ((result: T) => AuditEntry[]), write: () => T | Promise<T>): Promise<T>;
  record(entry: AuditEntry): Promise<number>;
  /** Lets an area act on entries as they are written (moderation closes the reports on content taken away). */
  addHook(hook: AuditHook): void;
  /** A stored entry, typed by its action when it is an undoable one (`action` null otherwise). */
  find(id: number): Promise<{ row: NonNullable<Awaited<ReturnType<ReturnType<typeof createAuditRepository>['find']>>>; action: LoggedAction | null } | undefined>;
  list(filter: LogFilter): Promise<LogRow[]>;
  markUndone(id: number, actorId: number): Promise<void>;
}

/** For services built without a log (unit tests of another area). */
export const noAudit: AuditTrail = {
  within: async (_entries, write) => write(),
  record: async () => 0,
  addHook: () => {},
  find: async () => undefined,
  list: async () => [],
  markUndone: async () => {},
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

/** The effects of the action being recorded, run once its outermost transaction commits. */
interface Pending {
  effects: Effect[];
  /** Set once they ran: anything added later (work started inside and still going) runs at once. */
  flushed: boolean;
}

export function createAuditTrail(db: Db, bus?: EventBus): AuditTrail {
  const repo = createAuditRepository(db);
  const hooks: AuditHook[] = [];

  // Follows each request's own async context: concurrent actions never share (or flush) each other's effects.
  const pending = new AsyncLocalStorage<Pending>();
  let active = 0;

  async function record(entry: AuditEntry): Promise<number> {
    if (!fitsItsAction(entry)) throw new Error(`audit: the entry of ${entry.action} does not fit its action's shapes`);
    const id = await repo.insert(entry);
    if (bus) {
      const tell = () => bus.publish('audit.recorded', recorded(id, entry));
      const waiting = pending.getStore();
      if (waiting && !waiting.flushed) waiting.effects.push(tell);
      else await tell();
    }
    return id;
  }

  const trail: AuditTrail = {
    record,
    addHook: (hook) => {
      hooks.push(hook);
    },
    async within<T>(entries: AuditEntry[] | ((result: T) => AuditEntry[]), write: () => T | Promise<T>): Promise<T> {
      const outer = pending.getStore();
      const mine: Pending = { effects: [], flushed: false };
      active += 1;
      const result = await pending.run(mine, () =>
        transaction(db, async () => {
          const result = await write();
          for (const entry of typeof entries === 'function' ? entries(result) : entries) {
            const tells: ((logId: number) => void | Promise<void>)[] = [];
            for (const hook of hooks) {
              const tell = await hook(entry);
              if (tell) tells.push(tell);
            }
            const id = await record(entry);
            for (const tell of tells) mine.effects.push(() => tell(id));
          }
          return result;
        }),
      ).finally(() => {
        // Off while no action runs: a storage once used hooks every promise of the process (Node 20).
        if (--active === 0) pending.disable();
      });
      // Inside another action's transaction, the effects wait for that one to commit.
      if (outer && !outer.flushed) {
        outer.effects.push(...mine.effects);
        mine.effects = outer.effects;
        return result;
      }
      mine.flushed = true;
      for (const effect of mine.effects) await effect();
      return result;
    },
    async find(id) {
      const row = await repo.find(id);
      return row && { row, action: row.undoable ? readAction(row) : null };
    },
    list: repo.list,
    markUndone: repo.markUndone,
  };

  // Actions other areas publish (workshop hosts' pins, mutes, …) go to the log too; they are not undoable.
  bus?.subscribe('audit.action', async (event) => {
    await trail.record({ ...event, undoable: false });
  });
  return trail;
}
