import type { MemberHistory, Warning } from '../../../shared/schemas/moderation.ts';
import { AppError } from '../../lib/errors.ts';
import type { UndoableEntry } from '../audit/index.ts';
import type { Actor } from '../auth/actor.ts';
import { authorRef, futureDate, moderatedCommunity, requireActor, requireAdmin, toLogEntry, type ModerationContext } from './context.ts';
import { canSanction } from './policy.ts';

/** Reports closed by the same action, and how to close them inside its transaction. */
interface Closing {
  reportIds: number[];
  close: () => void;
}
const noReports: Closing = { reportIds: [], close: () => {} };
/** A suspension with no end: the blocked account of a spammer. */
export const FOREVER = new Date('9999-12-31T00:00:00.000Z');

/**
 * Warnings (a private message to acknowledge), silences in a community, bans, site-wide
 * suspensions and "delete spammer". Each takes effect at once: the write check reads the
 * sanction on every write, over REST and sockets alike.
 */
export function createSanctions(ctx: ModerationContext) {
  const { repo, audit, bus, communities } = ctx;

  function targetUser(id: number) {
    const user = ctx.users.findById(id);
    if (!user) throw new AppError('USER_NOT_FOUND');
    return user;
  }

  /** The one sanction rule (policy.ts): nobody sanctions themselves or an admin; only admins and owners sanction a moderator. */
  function requireSanctionable(actor: Actor, communityId: number | null, userId: number): void {
    const user = targetUser(userId);
    const community = communityId !== null ? communities.findById(communityId) : undefined;
    const where = community ? { community, membership: communities.membership(community.id, userId) } : undefined;
    if (!canSanction(actor, user, where)) throw new AppError('FORBIDDEN');
  }

  function toWarning(row: ReturnType<typeof repo.warningsOf>[number]): Warning {
    const w = row.warning;
    return {
      id: w.id,
      reason: w.reason,
      community: row.slug ? { slug: row.slug, name: row.name! } : null,
      issuedBy: w.issuedById !== null && row.username ? { id: w.issuedById, username: row.username, displayName: row.displayName! } : null,
      createdAt: w.createdAt.toISOString(),
      acknowledgedAt: w.acknowledgedAt?.toISOString() ?? null,
    };
  }

  const sanctions = {
    warnWithin(actor: Actor, userId: number, communityId: number | null, reason: string, closing: Closing = noReports): number {
      requireSanctionable(actor, communityId, userId);
      const text = reason.trim();
      if (!text) throw new AppError('FIELD_REQUIRED', { field: 'reason' });
      let warningId = 0;
      let logId = 0;
      audit.within([], () => {
        warningId = repo.insertWarning({ userId, communityId, issuedById: actor.id, reason: text }).id;
        closing.close();
        logId = audit.record({
          actorId: actor.id,
          action: 'user.warn',
          communityId,
          targetType: 'user',
          targetId: userId,
          reason: text,
          before: { reportIds: closing.reportIds },
          after: { warningId },
          undoable: true,
        } satisfies UndoableEntry);
      });
      bus.publish('warning.issued', { userId, warningId, communityId, actorId: actor.id });
      return logId;
    },

    silenceWithin(actor: Actor, communityId: number, userId: number, until: Date | null, reason: string | null, closing: Closing = noReports): number {
      requireSanctionable(actor, communityId, userId);
      const membership = communities.membership(communityId, userId);
      if (!membership) throw new AppError('MEMBER_NOT_FOUND');
      return audit.within([], () => {
        communities.setSilencedUntil(communityId, userId, until);
        closing.close();
        return audit.record({
          actorId: actor.id,
          action: until ? 'member.silence' : 'member.unsilence',
          communityId,
          targetType: 'user',
          targetId: userId,
          reason,
          before: { silencedUntil: membership.silencedUntil?.getTime() ?? null, reportIds: closing.reportIds },
          after: { silencedUntil: until?.getTime() ?? null },
          undoable: true,
        } satisfies UndoableEntry);
      });
    },

    banWithin(actor: Actor, communityId: number, userId: number, reason: string | null, closing: Closing = noReports): number {
      requireSanctionable(actor, communityId, userId);
      const current = communities.membership(communityId, userId);
      const logId = audit.within([], () => {
        communities.setMembership(communityId, userId, { role: 'member', status: 'banned' });
        closing.close();
        return audit.record({
          actorId: actor.id,
          action: 'member.ban',
          communityId,
          targetType: 'user',
          targetId: userId,
          reason,
          before: current ? { role: current.role, status: current.status, reportIds: closing.reportIds } : { reportIds: closing.reportIds },
          after: { role: 'member', status: 'banned' },
          undoable: true,
        } satisfies UndoableEntry);
      });
      bus.publish('community.membership.changed', { communityId, userId, status: 'banned', previous: current?.status ?? 'none', actorId: actor.id });
      return logId;
    },

    warn(actor: Actor | null, userId: number, input: { reason: string; community?: string }) {
      requireActor(actor);
      let communityId: number | null = null;
      if (input.community) {
        const access = ctx.gate.bySlug(actor, input.community);
        communityId = moderatedCommunity(ctx, actor, access.community.id).community.id;
        // A community's moderators warn the people of their community, nobody else on the site.
        targetUser(userId);
        if (!communities.membership(communityId, userId)) throw new AppError('MEMBER_NOT_FOUND');
      } else requireAdmin(actor);
      sanctions.warnWithin(actor, userId, communityId, input.reason);
    },

    silence(actor: Actor | null, slug: string, userId: number, input: { until: string | null; reason?: string }) {
      const access = ctx.gate.bySlug(actor, slug);
      moderatedCommunity(ctx, actor, access.community.id);
      requireActor(actor);
      const until = input.until === null ? null : futureDate(input.until);
      sanctions.silenceWithin(actor, access.community.id, userId, until, input.reason?.trim() || null);
      return sanctions.standing(userId, access.community.id);
    },

    ban(actor: Actor | null, slug: string, userId: number, reason?: string) {
      const access = ctx.gate.bySlug(actor, slug);
      moderatedCommunity(ctx, actor, access.community.id);
      requireActor(actor);
      sanctions.banWithin(actor, access.community.id, userId, reason?.trim() || null);
    },

    suspend(actor: Actor | null, userId: number, input: { until: string | null; reason?: string }) {
      requireAdmin(actor);
      requireSanctionable(actor, null, userId);
      const until = input.until === null ? null : futureDate(input.until);
      const before = repo.suspendedUntil(userId);
      audit.within(
        [
          {
            actorId: actor.id,
            action: until ? 'user.suspend' : 'user.unsuspend',
            communityId: null,
            targetType: 'user',
            targetId: userId,
            reason: input.reason?.trim() || null,
            before: { suspendedUntil: before?.getTime() ?? null },
            after: { suspendedUntil: until?.getTime() ?? null },
            undoable: true,
          } satisfies UndoableEntry,
        ],
        () => ctx.users.setSuspendedUntil(userId, until),
      );
      return sanctions.standing(userId, null);
    },

    standing(userId: number, communityId: number | null) {
      const membership = communityId !== null ? communities.membership(communityId, userId) : undefined;
      return {
        userId,
        suspendedUntil: repo.suspendedUntil(userId)?.toISOString() ?? null,
        silencedUntil: membership?.silencedUntil?.toISOString() ?? null,
      };
    },

    myWarnings(actor: Actor | null) {
      requireActor(actor);
      return { items: repo.warningsOf(actor.id, { unacknowledgedOnly: true }).map(toWarning), nextCursor: null };
    },

    acknowledge(actor: Actor | null, warningId: number): void {
      requireActor(actor);
      const warning = repo.findWarning(warningId);
      if (!warning || warning.userId !== actor.id || warning.retractedAt) throw new AppError('WARNING_NOT_FOUND');
      if (!warning.acknowledgedAt) repo.setWarning(warningId, { acknowledgedAt: new Date() });
    },

    /** Removes a new account's content and blocks the account, in one step (admins). */
    deleteSpammer(actor: Actor | null, userId: number, reason?: string) {
      requireAdmin(actor);
      requireSanctionable(actor, null, userId);
      if (!ctx.rules.isNew(userId)) throw new AppError('NOT_A_NEW_ACCOUNT');
      const now = new Date();
      const postRows = ctx.posts.liveBy(userId);
      const threadRows = ctx.threads.visibleBy(userId);
      const before = repo.suspendedUntil(userId);
      audit.within(
        [
          {
            actorId: actor.id,
            action: 'user.delete_spammer',
            communityId: null,
            targetType: 'user',
            targetId: userId,
            reason: reason?.trim() || null,
            before: { suspendedUntil: before?.getTime() ?? null, postIds: postRows.map((p) => p.id), threadIds: threadRows.map((t) => t.id) },
            after: { suspendedUntil: FOREVER.getTime() },
            undoable: true,
          } satisfies UndoableEntry,
        ],
        () => {
          ctx.posts.setDeletedMany(postRows.map((p) => p.id), now);
          ctx.threads.setHiddenMany(threadRows.map((t) => t.id), true);
          ctx.users.setSuspendedUntil(userId, FOREVER);
          ctx.threads.recount([...postRows.map((p) => p.threadId), ...threadRows.map((t) => t.id)]);
        },
      );
      for (const post of postRows) bus.publish('post.updated', { threadId: post.threadId, postId: post.id, mentionedUserIds: [] });
      for (const thread of threadRows) bus.publish('thread.updated', { threadId: thread.id });
      return { posts: postRows.length, threads: threadRows.length };
    },

    memberHistory(actor: Actor | null, slug: string, userId: number): MemberHistory {
      const access = ctx.gate.bySlug(actor, slug);
      moderatedCommunity(ctx, actor, access.community.id);
      const user = targetUser(userId);
      const membership = communities.membership(access.community.id, userId);
      const log = ctx.audit.list({ communityIds: [access.community.id], siteWide: false, targetType: 'user', targetId: userId, limit: 50 });
      return {
        user: authorRef(user),
        membership: membership
          ? { role: membership.role, status: membership.status, silencedUntil: membership.silencedUntil?.toISOString() ?? null }
          : null,
        suspendedUntil: repo.suspendedUntil(userId)?.toISOString() ?? null,
        warnings: repo.warningsOf(userId, { communityId: access.community.id }).map(toWarning),
        log: log.map(toLogEntry),
        reportsAgainst: repo.reportsAgainst(userId, access.community.id),
      };
    },
  };
  return sanctions;
}

export type Sanctions = ReturnType<typeof createSanctions>;
