import { eq, inArray } from 'drizzle-orm';
import { posts, reports as reportsTable, threadRedirects, threads, type ModerationLogRow } from '../../../db/schema/index.ts';
import type { CommunityModerationSettings, TrustSettings } from '../../../shared/schemas/moderation.ts';
import { AppError } from '../../lib/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { communityPolicy } from '../communities/policy.ts';
import { recountForum } from '../discussions/counters.ts';
import { moderatedCommunity, requireAdmin, type ModerationContext } from './context.ts';
import type { Reports } from './reports.ts';
import type { Sanctions } from './sanctions.ts';
import type { ThreadTools } from './thread-tools.ts';

type Json = Record<string, unknown>;
/** Puts an entry's "before" back inside the undo's transaction; returns what to publish once committed. */
type Reverter = (entry: ModerationLogRow, before: Json, after: Json) => (() => void)[];

const date = (ms: unknown) => (typeof ms === 'number' ? new Date(ms) : null);
const ids = (value: unknown) => (Array.isArray(value) ? (value as number[]) : []);

/** How each reversible action is undone, by the action's name in the log. */
export function createReverters(ctx: ModerationContext, parts: { reports: Reports; sanctions: Sanctions; tools: ThreadTools }) {
  const { repo, bus, db } = ctx;
  const { reports, sanctions, tools } = parts;

  const visibility: Reverter = (entry, before) => {
    const targetType = entry.targetType as 'post' | 'thread';
    const threadId = targetType === 'post' ? (ctx.posts.findById(entry.targetId)?.threadId ?? 0) : entry.targetId;
    if (!threadId || !ctx.threads.findById(threadId)) throw new AppError('UNDO_CONFLICT');
    reports.setHidden(targetType, entry.targetId, before.hidden as boolean);
    return [() => reports.publishVisibility(targetType, entry.targetId, threadId)];
  };

  const threadFlags: Reverter = (entry, before) => {
    const thread = ctx.threads.findById(entry.targetId);
    if (!thread) throw new AppError('UNDO_CONFLICT');
    ctx.threads.setFlags(thread, before as { pinned?: boolean; locked?: boolean });
    return [() => bus.publish('thread.updated', { threadId: entry.targetId })];
  };

  const membership: Reverter = (entry, before, after) => {
    const communityId = entry.communityId!;
    if (typeof before.status === 'string') {
      ctx.communities.setMembership(communityId, entry.targetId, { role: before.role as 'member', status: before.status as 'active' });
    } else {
      ctx.communities.removeMembership(communityId, entry.targetId);
    }
    const status = (before.status as 'active' | 'pending' | 'banned' | undefined) ?? 'none';
    const previous = (after.status as 'active' | 'banned' | undefined) ?? 'none';
    return [() => bus.publish('community.membership.changed', { communityId, userId: entry.targetId, status, previous, actorId: entry.actorId ?? 0 })];
  };

  const silence: Reverter = (entry, before) => {
    repo.setSilence(entry.communityId!, entry.targetId, date(before.silencedUntil));
    return [];
  };

  const suspension: Reverter = (entry, before) => {
    repo.setSuspension(entry.targetId, date(before.suspendedUntil));
    return [];
  };

  const heldDecision: Reverter = (entry) => {
    const held = repo.held(entry.targetId);
    if (!held) throw new AppError('UNDO_CONFLICT');
    repo.setHeld(entry.targetId, { status: 'held', decidedById: null, decidedAt: null });
    if (entry.action !== 'post.approve') return [];
    db.update(posts).set({ hidden: true }).where(eq(posts.id, entry.targetId)).run();
    if (held.opensThread) db.update(threads).set({ hidden: true }).where(eq(threads.id, held.threadId)).run();
    sanctions.recount([held.threadId]);
    return [
      () => bus.publish('thread.updated', { threadId: held.threadId }),
      () => bus.publish('post.updated', { threadId: held.threadId, postId: entry.targetId, mentionedUserIds: [] }),
    ];
  };

  const reverters: Record<string, Reverter> = {
    'post.hide': visibility,
    'post.unhide': visibility,
    'post.auto_hide': visibility,
    'thread.hide': visibility,
    'thread.unhide': visibility,
    'thread.auto_hide': visibility,
    'report.dismiss': visibility,
    'thread.pin': threadFlags,
    'thread.unpin': threadFlags,
    'thread.lock': threadFlags,
    'thread.unlock': threadFlags,
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
    'post.approve': heldDecision,
    'post.reject': heldDecision,

    'user.warn': (_entry, _before, after) => {
      repo.setWarning(after.warningId as number, { retractedAt: new Date() });
      return [];
    },

    'thread.move': (entry, before) => {
      const thread = ctx.threads.findById(entry.targetId);
      if (!thread) throw new AppError('UNDO_CONFLICT');
      tools.placeThread(entry.targetId, before.forumId as number, before.communityId as number);
      sanctions.recount([entry.targetId]);
      recountForum(db, thread.forumId);
      return [() => bus.publish('thread.updated', { threadId: entry.targetId })];
    },

    'thread.merge': (entry, before) => {
      const into = before.intoThreadId as number;
      if (!ctx.threads.findById(entry.targetId) || !ctx.threads.findById(into)) throw new AppError('UNDO_CONFLICT');
      const postIds = ids(before.postIds);
      tools.movePosts(postIds, entry.targetId, [entry.targetId, into]);
      tools.moveHeld(postIds, entry.targetId, entry.communityId!);
      if (postIds.length) {
        db.update(reportsTable).set({ threadId: entry.targetId, communityId: entry.communityId! }).where(inArray(reportsTable.postId, postIds)).run();
      }
      db.update(threads).set({ hidden: before.hidden as boolean }).where(eq(threads.id, entry.targetId)).run();
      db.delete(threadRedirects).where(eq(threadRedirects.fromThreadId, entry.targetId)).run();
      sanctions.recount([entry.targetId, into]);
      return [() => bus.publish('thread.updated', { threadId: entry.targetId }), () => bus.publish('thread.updated', { threadId: into })];
    },

    'thread.split': (entry, before) => {
      const from = before.fromThreadId as number;
      const postIds = ids(before.postIds);
      // Only exactly what was split off goes back: a reply written since would be lost.
      const now = db.select({ id: posts.id }).from(posts).where(eq(posts.threadId, entry.targetId)).all().map((p) => p.id);
      if (now.length !== postIds.length || now.some((id) => !postIds.includes(id))) throw new AppError('UNDO_CONFLICT');
      const forumId = ctx.threads.findById(entry.targetId)?.forumId;
      if (forumId === undefined || !ctx.threads.findById(from)) throw new AppError('UNDO_CONFLICT');
      tools.movePosts(postIds, from, [from]);
      tools.moveHeld(postIds, from, entry.communityId!);
      db.update(reportsTable).set({ threadId: from }).where(inArray(reportsTable.postId, postIds)).run();
      db.delete(threads).where(eq(threads.id, entry.targetId)).run();
      recountForum(db, forumId);
      return [() => bus.publish('thread.updated', { threadId: from })];
    },

    'thread.slow_mode': (entry, before) => {
      if (!ctx.threads.findById(entry.targetId)) throw new AppError('UNDO_CONFLICT');
      tools.setSlowMode(entry.targetId, (before.seconds as number) ?? 0);
      return [() => bus.publish('thread.updated', { threadId: entry.targetId })];
    },

    'user.delete_spammer': (entry, before) => {
      const postIds = ids(before.postIds);
      const threadIds = ids(before.threadIds);
      if (postIds.length) db.update(posts).set({ deletedAt: null }).where(inArray(posts.id, postIds)).run();
      if (threadIds.length) db.update(threads).set({ hidden: false }).where(inArray(threads.id, threadIds)).run();
      repo.setSuspension(entry.targetId, date(before.suspendedUntil));
      const touched = [...new Set([...repo.postsByIds(postIds).map((p) => p.threadId), ...threadIds])];
      sanctions.recount(touched);
      return [() => touched.forEach((threadId) => bus.publish('thread.updated', { threadId }))];
    },

    'community.settings': (entry, before) => {
      ctx.settings.setCommunity(entry.targetId, before as CommunityModerationSettings);
      return [];
    },

    // A site role given on the people page: the role before comes back (never the last admin's).
    'user.role': (entry, before) => {
      ctx.users.setRole(entry.targetId, before.role as 'member' | 'editor' | 'admin');
      return [() => bus.publish('user.updated', { userId: entry.targetId })];
    },

    'site.trust_settings': (_entry, before) => {
      ctx.settings.setTrust(before as TrustSettings);
      return [];
    },
  };

  const same = (a: unknown, b: unknown) => (a ?? null) === (b ?? null);
  const conflict = () => {
    throw new AppError('UNDO_CONFLICT');
  };

  /** The thread an entry's content lives in now (undefined when it is gone). */
  function currentThread(entry: ModerationLogRow) {
    if (entry.targetType === 'post') {
      const held = entry.action === 'post.approve' || entry.action === 'post.reject' ? repo.held(entry.targetId) : undefined;
      const post = ctx.posts.findById(entry.targetId);
      const threadId = held?.threadId ?? post?.threadId;
      return threadId === undefined ? undefined : ctx.threads.findById(threadId);
    }
    if (entry.targetType === 'thread') {
      const thread = ctx.threads.findById(entry.targetId);
      // What a merge moved now lives in the thread it went into.
      if (entry.action === 'thread.merge') return ctx.threads.findById((entry.before?.intoThreadId as number) ?? 0) ?? undefined;
      return thread;
    }
    return undefined;
  }

  /**
   * The original action's rules, run again before anything is put back: moderator rights where
   * the content is now (an admin when it left the entry's community), no undo of a sanction on
   * yourself, roles only by who may manage them; and the state must still be what the action left.
   */
  function check(actor: Actor, entry: ModerationLogRow): void {
    const before = entry.before ?? {};
    const after = entry.after ?? {};
    if (entry.targetType === 'thread' || entry.targetType === 'post') {
      const thread = currentThread(entry);
      if (!thread) conflict();
      if (thread!.communityId !== entry.communityId) {
        requireAdmin(actor);
        moderatedCommunity(ctx, actor, thread!.communityId);
      }
      if (entry.action === 'thread.move' && (before.communityId as number) !== thread!.communityId) requireAdmin(actor);
      const targetRow = entry.targetType === 'post' ? ctx.posts.findById(entry.targetId) : ctx.threads.findById(entry.targetId);
      if (!targetRow) conflict();
      if (typeof after.hidden === 'boolean' && targetRow!.hidden !== after.hidden) conflict();
      for (const flag of ['pinned', 'locked'] as const) {
        if (typeof after[flag] === 'boolean' && (targetRow as { pinned: boolean; locked: boolean })[flag] !== after[flag]) conflict();
      }
      if (entry.action === 'thread.move' && thread!.forumId !== after.forumId) conflict();
      if ((entry.action === 'post.approve' || entry.action === 'post.reject') && repo.held(entry.targetId)?.status !== after.status) conflict();
      return;
    }
    if (entry.targetType !== 'user') return;
    if (entry.action === 'user.role') {
      // Admins only (site-wide entry); the role must still be what the change left.
      if (ctx.users.findById(entry.targetId)?.role !== after.role) conflict();
      return;
    }
    if (entry.targetId === actor.id) throw new AppError('FORBIDDEN');
    const user = ctx.users.findById(entry.targetId);
    if (!user) conflict();
    if (user!.role === 'admin' && entry.action !== 'user.warn') throw new AppError('FORBIDDEN');
    const communityId = entry.communityId;
    const membership = communityId !== null ? ctx.communities.membership(communityId, entry.targetId) : undefined;
    const rolesInvolved = before.role === 'moderator' || after.role === 'moderator' || (membership?.role === 'moderator' && membership.status === 'active');
    if (communityId !== null && rolesInvolved && !communityPolicy.canManageRoles(actor, ctx.communities.findById(communityId)!)) {
      throw new AppError('FORBIDDEN');
    }
    if (entry.action.startsWith('member.silence') || entry.action === 'member.unsilence') {
      if (!membership || !same(membership.silencedUntil?.getTime(), after.silencedUntil)) conflict();
    } else if (entry.action.startsWith('member.')) {
      if (typeof after.status === 'string') {
        if (!membership || membership.role !== after.role || membership.status !== after.status) conflict();
      } else if (membership) conflict();
    } else if (entry.action === 'user.suspend' || entry.action === 'user.unsuspend' || entry.action === 'user.delete_spammer') {
      if (!same(repo.suspendedUntil(entry.targetId)?.getTime(), after.suspendedUntil)) conflict();
    } else if (entry.action === 'user.warn') {
      const warning = repo.findWarning(after.warningId as number);
      if (!warning || warning.retractedAt) conflict();
    }
  }

  /** Reverts an entry: reports it closed are opened again, then its own reverter runs. */
  return function revert(actor: Actor, entry: ModerationLogRow): (() => void)[] {
    check(actor, entry);
    const reverter = reverters[entry.action];
    if (!reverter) throw new AppError('NOT_UNDOABLE');
    const before = entry.before ?? {};
    const reopened = ids(before.reportIds);
    if (reopened.length) repo.setReports(reopened, { status: 'open', resolution: null, resolvedById: null, resolvedAt: null });
    return reverter(entry, before, entry.after ?? {});
  };
}
