import { Type, type Static, type TObject } from 'typebox';
import { Value } from 'typebox/value';
import type { ModerationLogRow } from '../../../db/schema/index.ts';
import { CommunityModerationSettings, TrustSettings } from '../../../shared/schemas/moderation.ts';

/**
 * Every undoable action the audit log keeps, with the shape of what it changed: `before` is
 * what was there (enough to put it back exactly), `after` what the action left (an undo
 * checks it is still so). One entry per action name.
 *
 * To add an action: add its name and shapes here, write it with `audit.within([...])` (the
 * entry is checked against these shapes when written), and add its reverter in
 * server/modules/moderation/undo.ts (the compiler then asks for it).
 */
const Ids = Type.Array(Type.Integer());
/** Reports the action closed as upheld (added by the moderation area's hook): an undo opens them again. */
const closed = { reportIds: Type.Optional(Ids) };
const Hidden = Type.Object({ hidden: Type.Boolean(), ...closed });
const Role = Type.Union([Type.Literal('member'), Type.Literal('moderator')]);
const Status = Type.Union([Type.Literal('active'), Type.Literal('pending'), Type.Literal('banned')]);
/** A membership as it was or is: empty when there was none. */
const Membership = Type.Object({ role: Type.Optional(Role), status: Type.Optional(Status), ...closed });
const Moment = Type.Union([Type.Number(), Type.Null()]);
const Silence = Type.Object({ silencedUntil: Moment, ...closed });
const Suspension = Type.Object({ suspendedUntil: Moment });
const SiteRole = Type.Object({ role: Type.Union([Type.Literal('member'), Type.Literal('editor'), Type.Literal('admin')]) });
const Place = Type.Object({ forumId: Type.Integer(), communityId: Type.Integer() });
const Flag = <K extends string>(key: K) => Type.Object({ [key]: Type.Boolean(), ...closed } as Record<K, ReturnType<typeof Type.Boolean>>);

const shape = <B extends TObject, A extends TObject>(before: B, after: A) => ({ before, after });
const visibility = shape(Hidden, Hidden);
const pinned = shape(Flag('pinned'), Flag('pinned'));
const locked = shape(Flag('locked'), Flag('locked'));
const membership = shape(Membership, Membership);
const silence = shape(Silence, Silence);
const suspension = shape(Suspension, Suspension);
const held = shape(Type.Object({ status: Type.Literal('held'), ...closed }), Type.Object({ status: Type.Union([Type.Literal('approved'), Type.Literal('rejected')]) }));

export const UNDOABLE_ACTIONS = {
  'post.hide': visibility,
  'post.unhide': visibility,
  'post.auto_hide': visibility,
  'thread.hide': visibility,
  'thread.unhide': visibility,
  'thread.auto_hide': visibility,
  'report.dismiss': visibility,
  'thread.pin': pinned,
  'thread.unpin': pinned,
  'thread.lock': locked,
  'thread.unlock': locked,
  'member.add': membership,
  'member.update': membership,
  'member.approve': membership,
  'member.decline': membership,
  'member.remove': membership,
  'member.role': membership,
  'member.ban': membership,
  'member.unban': membership,
  'member.silence': silence,
  'member.unsilence': silence,
  'user.suspend': suspension,
  'user.unsuspend': suspension,
  'post.approve': held,
  'post.reject': held,
  'user.warn': shape(Type.Object({ ...closed }), Type.Object({ warningId: Type.Integer() })),
  'thread.move': shape(Place, Place),
  'thread.merge': shape(
    Type.Object({ postIds: Ids, hidden: Type.Boolean(), intoThreadId: Type.Integer(), ...closed }),
    Type.Object({ intoThreadId: Type.Integer() }),
  ),
  'thread.split': shape(Type.Object({ fromThreadId: Type.Integer(), postIds: Ids }), Type.Object({ threadId: Type.Integer() })),
  'thread.slow_mode': shape(Type.Object({ seconds: Type.Integer() }), Type.Object({ seconds: Type.Integer() })),
  'user.delete_spammer': shape(
    Type.Object({ suspendedUntil: Moment, postIds: Ids, threadIds: Ids, ...closed }),
    Type.Object({ suspendedUntil: Type.Number() }),
  ),
  'community.settings': shape(CommunityModerationSettings, CommunityModerationSettings),
  'site.trust_settings': shape(TrustSettings, TrustSettings),
  'user.role': shape(SiteRole, SiteRole),
} as const;

type Shapes = typeof UNDOABLE_ACTIONS;
export type UndoableAction = keyof Shapes;

/** One undoable action with its own before/after shapes: `{action: 'thread.pin', before: {pinned}, after: {pinned}}`. */
export type ActionChange<A extends UndoableAction = UndoableAction> = {
  [K in A]: { action: K; before: Static<Shapes[K]['before']>; after: Static<Shapes[K]['after']> };
}[A];

/** Who did it, where and to what (every entry has these). */
export interface EntryBase {
  actorId: number | null;
  communityId: number | null;
  targetType: string;
  targetId: number;
  reason?: string | null;
}

/** An undoable action to write: checked by the compiler against its shapes. */
export type UndoableEntry = EntryBase & ActionChange & { undoable: true };

/**
 * Any entry, as written: undoable ones are checked against their shapes when recorded; the
 * others (a moderator's edit, workshop hosts' actions, the undo itself) are kept as they come.
 */
export interface AuditInput extends EntryBase {
  action: string;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  undoable?: boolean;
}

/** A stored entry read back, typed by its action. */
export type LoggedAction<A extends UndoableAction = UndoableAction> = {
  [K in A]: Omit<ModerationLogRow, 'action' | 'before' | 'after'> & ActionChange<K>;
}[A];

const isUndoable = (action: string): action is UndoableAction => Object.hasOwn(UNDOABLE_ACTIONS, action);

/** Whether an entry to write has the shapes of its action (an undoable entry that does not is a programming error). */
export function fitsItsAction(entry: AuditInput): boolean {
  if (!isUndoable(entry.action)) return !entry.undoable;
  const shapes = UNDOABLE_ACTIONS[entry.action];
  return Value.Check(shapes.before, entry.before ?? {}) && Value.Check(shapes.after, entry.after ?? {});
}

/** A stored row as its typed action; null when it is not an undoable action or its stored shapes do not fit. */
export function readAction(row: ModerationLogRow): LoggedAction | null {
  const before = row.before ?? {};
  const after = row.after ?? {};
  if (!fitsItsAction({ ...row, before, after, undoable: true })) return null;
  // Checked just above against the schemas of its action.
  return { ...row, before, after } as LoggedAction;
}

/** A handler for every undoable action, each given its own typed entry. */
export type ActionHandlers<R> = { [A in UndoableAction]: (entry: LoggedAction<A>) => R };

/** Runs the handler of an entry's action. */
export function handle<R>(handlers: ActionHandlers<R>, entry: LoggedAction): R {
  // The map is keyed by action, so the handler found takes this very entry's type.
  const handler = handlers[entry.action] as (entry: LoggedAction) => R;
  return handler(entry);
}

/** Reports an entry closed as upheld (any action that took content away). */
export const closedReports = (entry: LoggedAction): number[] => ('reportIds' in entry.before ? (entry.before.reportIds ?? []) : []);
