import { closedReports, handle, type ActionHandlers, type LoggedAction } from '../audit/index.ts';
import { AppError } from '../../lib/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { communityPolicy } from '../communities/policy.ts';
import { moderatedCommunity, requireAdmin, type ModerationContext } from './context.ts';
import { canSanction } from './policy.ts';
import type { Reports } from './reports.ts';
import type { ThreadTools } from './thread-tools.ts';

/** What to publish once an undo is committed. */
type Effects = (() => unknown)[];

const date = (ms: number | null) => (ms === null ? null : new Date(ms));
const conflict = (): never => {
  throw new AppError('UNDO_CONFLICT');
};

/**
 * How each reversible action is undone: one reverter per action of the audit log's typed
 * union (server/modules/audit/actions.ts), each given its own entry type, so a new undoable
 * action does not compile until it has its reverter here.
 */
export function createReverters(ctx: ModerationContext, parts: { reports: Reports; tools: ThreadTools }) {
  const { repo, bus } = ctx;
  const { reports, tools } = parts;

  const visibility = async (entry: LoggedAction<'post.hide' | 'post.unhide' | 'post.auto_hide' | 'thread.hide' | 'thread.unhide' | 'thread.auto_hide' | 'report.dismiss'>): Promise<Effects> => {
    const targetType = entry.targetType === 'post' ? 'post' : 'thread';
    const threadId = targetType === 'post' ? ((await ctx.posts.findById(entry.targetId))?.threadId ?? 0) : entry.targetId;
    if (!threadId || !await ctx.threads.findById(threadId)) conflict();
    await reports.setHidden(targetType, entry.targetId, entry.before.hidden);
    return [async () => await reports.publishVisibility(targetType, entry.targetId, threadId)];
  };

  const threadFlags = async (entry: LoggedAction<'thread.pin' | 'thread.unpin' | 'thread.lock' | 'thread.unlock'>): Promise<Effects> => {
    const thread = await ctx.threads.findById(entry.targetId) ?? conflict();
    await ctx.threads.setFlags(thread, 'pinned' in entry.before ? { pinned: entry.before.pinned } : { locked: entry.before.locked });
    return [async () => await bus.publish('thread.updated', { threadId: entry.targetId })];
  };

  const membership = async (entry: LoggedAction<`member.${'add' | 'update' | 'approve' | 'decline' | 'remove' | 'role' | 'ban' | 'unban'}`>): Promise<Effects> => {
    const communityId = entry.communityId ?? conflict();
    const { role, status } = entry.before;
    if (status) await ctx.communities.setMembership(communityId, entry.targetId, { role: role ?? 'member', status });
    else await ctx.communities.removeMembership(communityId, entry.targetId);
    const previous = entry.after.status === 'pending' ? 'none' : (entry.after.status ?? 'none');
    return [
      async () => await bus.publish('community.membership.changed', { communityId, userId: entry.targetId, status: status ?? 'none', previous, actorId: entry.actorId ?? 0 }),
    ];
  };

  const silence = async (entry: LoggedAction<'member.silence' | 'member.unsilence'>): Promise<Effects> => {
    await ctx.communities.setSilencedUntil(entry.communityId ?? conflict(), entry.targetId, date(entry.before.silencedUntil));
    return [];
  };

  const suspension = async (entry: LoggedAction<'user.suspend' | 'user.unsuspend'>): Promise<Effects> => {
    await ctx.users.setSuspendedUntil(entry.targetId, date(entry.before.suspendedUntil));
    return [];
  };

  const heldDecision = async (entry: LoggedAction<'post.approve' | 'post.reject'>): Promise<Effects> => {
    const held = await repo.held(entry.targetId) ?? conflict();
    await repo.setHeld(entry.targetId, { status: 'held', decidedById: null, decidedAt: null });
    if (entry.action !== 'post.approve') return [];
    await ctx.posts.setHiddenMany([entry.targetId], true);
    if (held.opensThread) await ctx.threads.setHiddenMany([held.threadId], true);
    await ctx.threads.recount([held.threadId]);
    return [
      async () => await bus.publish('thread.updated', { threadId: held.threadId }),
      async () => await bus.publish('post.updated', { threadId: held.threadId, postId: entry.targetId, mentionedUserIds: [] }),
    ];
  };

  const reverters: ActionHandlers<Promise<Effects>> = {
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

    'user.warn': async (entry) => {
      await repo.setWarning(entry.after.warningId, { retractedAt: new Date() });
      return [];
    },

    'thread.move': async (entry) => {
      const thread = await ctx.threads.findById(entry.targetId) ?? conflict();
      await tools.placeThread(entry.targetId, entry.before.forumId, entry.before.communityId);
      await ctx.threads.recount([entry.targetId]);
      await ctx.threads.recountForum(thread.forumId);
      return [async () => await bus.publish('thread.updated', { threadId: entry.targetId })];
    },

    'thread.merge': async (entry) => {
      const into = entry.before.intoThreadId;
      const communityId = entry.communityId ?? conflict();
      if (!await ctx.threads.findById(entry.targetId) || !await ctx.threads.findById(into)) conflict();
      const { postIds } = entry.before;
      await tools.movePosts(postIds, entry.targetId, [entry.targetId, into]);
      await tools.moveHeld(postIds, entry.targetId, communityId);
      await repo.movePostReports(postIds, { threadId: entry.targetId, communityId });
      await ctx.threads.setHiddenMany([entry.targetId], entry.before.hidden);
      await repo.removeRedirect(entry.targetId);
      await ctx.threads.recount([entry.targetId, into]);
      return [async () => await bus.publish('thread.updated', { threadId: entry.targetId }), async () => await bus.publish('thread.updated', { threadId: into })];
    },

    'thread.split': async (entry) => {
      const { fromThreadId: from, postIds } = entry.before;
      const communityId = entry.communityId ?? conflict();
      // Only exactly what was split off goes back: a reply written since would be lost.
      const now = await ctx.posts.idsInThread(entry.targetId);
      if (now.length !== postIds.length || now.some((id) => !postIds.includes(id))) conflict();
      const forumId = (await ctx.threads.findById(entry.targetId))?.forumId ?? conflict();
      if (!await ctx.threads.findById(from)) conflict();
      await tools.movePosts(postIds, from, [from]);
      await tools.moveHeld(postIds, from, communityId);
      await repo.movePostReports(postIds, { threadId: from });
      await ctx.threads.remove(entry.targetId);
      await ctx.threads.recountForum(forumId);
      return [async () => await bus.publish('thread.updated', { threadId: from })];
    },

    'thread.slow_mode': async (entry) => {
      if (!await ctx.threads.findById(entry.targetId)) conflict();
      await tools.setSlowMode(entry.targetId, entry.before.seconds);
      return [async () => await bus.publish('thread.updated', { threadId: entry.targetId })];
    },

    'user.delete_spammer': async (entry) => {
      const { postIds, threadIds } = entry.before;
      await ctx.posts.setDeletedMany(postIds, null);
      await ctx.threads.setHiddenMany(threadIds, false);
      await ctx.users.setSuspendedUntil(entry.targetId, date(entry.before.suspendedUntil));
      const touched = [...new Set([...(await ctx.posts.findMany(postIds)).map((p) => p.threadId), ...threadIds])];
      await ctx.threads.recount(touched);
      return [
        async () => {
          for (const threadId of touched) await bus.publish('thread.updated', { threadId });
        },
      ];
    },

    'community.settings': async (entry) => {
      await ctx.settings.setCommunity(entry.targetId, entry.before);
      return [];
    },

    // A site role given on the people page: the role before comes back (never the last admin's).
    'user.role': async (entry) => {
      await ctx.users.setRole(entry.targetId, entry.before.role);
      return [async () => await bus.publish('user.updated', { userId: entry.targetId })];
    },

    'site.trust_settings': async (entry) => {
      await ctx.settings.setTrust(entry.before);
      return [];
    },
  };

  const same = (a: number | null | undefined, b: number | null | undefined) => (a ?? null) === (b ?? null);

  /** The thread an entry's content lives in now (undefined when it is gone). */
  async function currentThread(entry: LoggedAction) {
    if (entry.targetType === 'post') {
      const held = entry.action === 'post.approve' || entry.action === 'post.reject' ? await repo.held(entry.targetId) : undefined;
      const threadId = held?.threadId ?? (await ctx.posts.findById(entry.targetId))?.threadId;
      return threadId === undefined ? undefined : await ctx.threads.findById(threadId);
    }
    if (entry.targetType === 'thread') {
      // What a merge moved now lives in the thread it went into.
      if (entry.action === 'thread.merge') return await ctx.threads.findById(entry.before.intoThreadId);
      return await ctx.threads.findById(entry.targetId);
    }
    return undefined;
  }

  /** Content entries: moderator rights where the content is now, and the state the action left still there. */
  async function checkContent(actor: Actor, entry: LoggedAction): Promise<void> {
    const thread = await currentThread(entry) ?? conflict();
    if (thread.communityId !== entry.communityId) {
      requireAdmin(actor);
      await moderatedCommunity(ctx, actor, thread.communityId);
    }
    const target = (entry.targetType === 'post' ? await ctx.posts.findById(entry.targetId) : await ctx.threads.findById(entry.targetId)) ?? conflict();
    const after = entry.after;
    if ('hidden' in after && target.hidden !== after.hidden) conflict();
    if ('pinned' in after && 'pinned' in target && target.pinned !== after.pinned) conflict();
    if ('locked' in after && 'locked' in target && target.locked !== after.locked) conflict();
    if (entry.action === 'thread.move') {
      if (entry.before.communityId !== thread.communityId) requireAdmin(actor);
      if (thread.forumId !== entry.after.forumId) conflict();
    }
    if ((entry.action === 'post.approve' || entry.action === 'post.reject') && (await repo.held(entry.targetId))?.status !== entry.after.status) conflict();
  }

  /** Sanctions and memberships: the one sanction rule, roles only by who may manage them, and the state the action left still there. */
  async function checkUser(actor: Actor, entry: LoggedAction): Promise<void> {
    const user = await ctx.users.findById(entry.targetId) ?? conflict();
    if (entry.action === 'user.role') {
      // A site role: admins only, and the role must still be what the change left.
      requireAdmin(actor);
      if (user.role !== entry.after.role) conflict();
      return;
    }
    const communityId = entry.communityId;
    const community = communityId !== null ? await ctx.communities.findById(communityId) : undefined;
    const membership = communityId !== null ? await ctx.communities.membership(communityId, entry.targetId) : undefined;
    // Undoing a warning takes nothing from anyone: only the self-rule applies to it.
    if (entry.action === 'user.warn') {
      if (entry.targetId === actor.id) throw new AppError('FORBIDDEN');
    } else if (!canSanction(actor, user, community ? { community, membership } : undefined)) throw new AppError('FORBIDDEN');
    switch (entry.action) {
      case 'member.silence':
      case 'member.unsilence':
        if (!membership || !same(membership.silencedUntil?.getTime(), entry.after.silencedUntil)) conflict();
        return;
      case 'user.suspend':
      case 'user.unsuspend':
      case 'user.delete_spammer':
        if (!same((await repo.suspendedUntil(entry.targetId))?.getTime(), entry.after.suspendedUntil)) conflict();
        return;
      case 'user.warn': {
        const warning = await repo.findWarning(entry.after.warningId);
        if (!warning || warning.retractedAt) conflict();
        return;
      }
      case 'member.add':
      case 'member.update':
      case 'member.approve':
      case 'member.decline':
      case 'member.remove':
      case 'member.role':
      case 'member.ban':
      case 'member.unban':
        if ((entry.before.role === 'moderator' || entry.after.role === 'moderator') && community && !communityPolicy.canManageRoles(actor, community)) {
          throw new AppError('FORBIDDEN');
        }
        if (entry.after.status) {
          if (!membership || membership.role !== entry.after.role || membership.status !== entry.after.status) conflict();
        } else if (membership) conflict();
        return;
      default:
        return;
    }
  }

  /** Reverts an entry: the original action's rules run again, reports it closed are opened again, then its own reverter runs. */
  return async function revert(actor: Actor, entry: LoggedAction): Promise<Effects> {
    if (entry.targetType === 'thread' || entry.targetType === 'post') await checkContent(actor, entry);
    else if (entry.targetType === 'user') await checkUser(actor, entry);
    const reopened = closedReports(entry);
    if (reopened.length) await repo.setReports(reopened, { status: 'open', resolution: null, resolvedById: null, resolvedAt: null });
    return await handle(reverters, entry);
  };
}
