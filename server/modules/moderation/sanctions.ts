import type { MemberHistory, Warning } from '../../../shared/schemas/moderation.ts';
import { AppError } from '../../lib/errors.ts';
import type { UndoableEntry } from '../audit/index.ts';
import type { Actor } from '../auth/actor.ts';
import { authorRef, futureDate, moderatedCommunity, requireActor, requireAdmin, toLogEntry, type ModerationContext } from './context.ts';
import { canSanction } from './policy.ts';

/** Reports closed by the same action, and how to close them inside its transaction. */
interface Closing {
  reportIds: number[];
  close: () => Promise<void> | void;
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

  async function targetUser(id: number) {
    const user = await ctx.users.findById(id);
    if (!user) throw new AppError('USER_NOT_FOUND');
    return user;
  }

  /** The one sanction rule (policy.ts): nobody sanctions themselves or an admin; only admins and owners sanction a moderator. */
  async function requireSanctionable(actor: Actor, communityId: number | null, userId: number): Promise<void> {
    const user = await targetUser(userId);
    const community = communityId !== null ? await communities.findById(communityId) : undefined;
    const where = community ? { community, membership: await communities.membership(community.id, userId) } : undefined;
    if (!canSanction(actor, user, where)) throw new AppError('FORBIDDEN');
  }

  function toWarning(row: Awaited<ReturnType<typeof repo.warningsOf>>[number]): Warning {
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
    async warnWithin(actor: Actor, userId: number, communityId: number | null, reason: string, closing: Closing = noReports): Promise<number> {
      await requireSanctionable(actor, communityId, userId);
      const text = reason.trim();
      if (!text) throw new AppError('FIELD_REQUIRED', { field: 'reason' });
      let warningId = 0;
      let logId = 0;
      await audit.within([], async () => {
        warningId = (await repo.insertWarning({ userId, communityId, issuedById: actor.id, reason: text })).id;
        await closing.close();
        logId = await audit.record({
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
      await bus.publish('warning.issued', { userId, warningId, communityId, actorId: actor.id });
      return logId;
    },

    async silenceWithin(actor: Actor, communityId: number, userId: number, until: Date | null, reason: string | null, closing: Closing = noReports): Promise<number> {
      await requireSanctionable(actor, communityId, userId);
      return await audit.within([], async () => {
        // Read under the lock, in the transaction that writes: the entry's "before" is what was there.
        await repo.lockTarget('user', userId);
        const membership = await communities.membership(communityId, userId);
        if (!membership) throw new AppError('MEMBER_NOT_FOUND');
        await communities.setSilencedUntil(communityId, userId, until);
        await closing.close();
        return await audit.record({
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

    async banWithin(actor: Actor, communityId: number, userId: number, reason: string | null, closing: Closing = noReports): Promise<number> {
      await requireSanctionable(actor, communityId, userId);
      const { logId, previous } = await audit.within([], async () => {
        await repo.lockTarget('user', userId);
        const current = await communities.membership(communityId, userId);
        await communities.setMembership(communityId, userId, { role: 'member', status: 'banned' });
        await closing.close();
        const logId = await audit.record({
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
        return { logId, previous: current?.status ?? ('none' as const) };
      });
      await bus.publish('community.membership.changed', { communityId, userId, status: 'banned', previous, actorId: actor.id });
      return logId;
    },

    async warn(actor: Actor | null, userId: number, input: { reason: string; community?: string }) {
      requireActor(actor);
      let communityId: number | null = null;
      if (input.community) {
        const access = await ctx.gate.bySlug(actor, input.community);
        communityId = (await moderatedCommunity(ctx, actor, access.community.id)).community.id;
        // A community's moderators warn the people of their community, nobody else on the site.
        await targetUser(userId);
        if (!await communities.membership(communityId, userId)) throw new AppError('MEMBER_NOT_FOUND');
      } else requireAdmin(actor);
      await sanctions.warnWithin(actor, userId, communityId, input.reason);
    },

    async silence(actor: Actor | null, slug: string, userId: number, input: { until: string | null; reason?: string }) {
      const access = await ctx.gate.bySlug(actor, slug);
      await moderatedCommunity(ctx, actor, access.community.id);
      requireActor(actor);
      const until = input.until === null ? null : futureDate(input.until);
      await sanctions.silenceWithin(actor, access.community.id, userId, until, input.reason?.trim() || null);
      return await sanctions.standing(userId, access.community.id);
    },

    async ban(actor: Actor | null, slug: string, userId: number, reason?: string) {
      const access = await ctx.gate.bySlug(actor, slug);
      await moderatedCommunity(ctx, actor, access.community.id);
      requireActor(actor);
      await sanctions.banWithin(actor, access.community.id, userId, reason?.trim() || null);
    },

    async suspend(actor: Actor | null, userId: number, input: { until: string | null; reason?: string }) {
      requireAdmin(actor);
      await requireSanctionable(actor, null, userId);
      const until = input.until === null ? null : futureDate(input.until);
      await audit.within(
        (before: Date | null) => [
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
        async () => {
          // Read under the lock, in the transaction that writes: two admins at once take turns.
          await repo.lockTarget('user', userId);
          const before = await repo.suspendedUntil(userId);
          await ctx.users.setSuspendedUntil(userId, until);
          return before;
        },
      );
      return await sanctions.standing(userId, null);
    },

    async standing(userId: number, communityId: number | null) {
      const membership = communityId !== null ? await communities.membership(communityId, userId) : undefined;
      return {
        userId,
        suspendedUntil: (await repo.suspendedUntil(userId))?.toISOString() ?? null,
        silencedUntil: membership?.silencedUntil?.toISOString() ?? null,
      };
    },

    async myWarnings(actor: Actor | null) {
      requireActor(actor);
      return { items: (await repo.warningsOf(actor.id, { unacknowledgedOnly: true })).map(toWarning), nextCursor: null };
    },

    async acknowledge(actor: Actor | null, warningId: number): Promise<void> {
      requireActor(actor);
      const warning = await repo.findWarning(warningId);
      if (!warning || warning.userId !== actor.id || warning.retractedAt) throw new AppError('WARNING_NOT_FOUND');
      if (!warning.acknowledgedAt) await repo.setWarning(warningId, { acknowledgedAt: new Date() });
    },

    /** Removes a new account's content and blocks the account, in one step (admins). */
    async deleteSpammer(actor: Actor | null, userId: number, reason?: string) {
      requireAdmin(actor);
      await requireSanctionable(actor, null, userId);
      if (!await ctx.rules.isNew(userId)) throw new AppError('NOT_A_NEW_ACCOUNT');
      const now = new Date();
      const { postRows, threadRows } = await audit.within(
        ({ postRows, threadRows, before }) => [
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
        async () => {
          // What is taken away and what undo puts back, read under the lock in the transaction that writes.
          await repo.lockTarget('user', userId);
          const postRows = await ctx.posts.liveBy(userId);
          const threadRows = await ctx.threads.visibleBy(userId);
          const before = await repo.suspendedUntil(userId);
          await ctx.posts.setDeletedMany(postRows.map((p) => p.id), now);
          await ctx.threads.setHiddenMany(threadRows.map((t) => t.id), true);
          await ctx.users.setSuspendedUntil(userId, FOREVER);
          await ctx.threads.recount([...postRows.map((p) => p.threadId), ...threadRows.map((t) => t.id)]);
          return { postRows, threadRows, before };
        },
      );
      for (const post of postRows) await bus.publish('post.updated', { threadId: post.threadId, postId: post.id, mentionedUserIds: [] });
      for (const thread of threadRows) await bus.publish('thread.updated', { threadId: thread.id });
      return { posts: postRows.length, threads: threadRows.length };
    },

    async memberHistory(actor: Actor | null, slug: string, userId: number): Promise<MemberHistory> {
      const access = await ctx.gate.bySlug(actor, slug);
      await moderatedCommunity(ctx, actor, access.community.id);
      const user = await targetUser(userId);
      const membership = await communities.membership(access.community.id, userId);
      const log = await ctx.audit.list({ communityIds: [access.community.id], siteWide: false, targetType: 'user', targetId: userId, limit: 50 });
      return {
        user: authorRef(user),
        membership: membership
          ? { role: membership.role, status: membership.status, silencedUntil: membership.silencedUntil?.toISOString() ?? null }
          : null,
        suspendedUntil: (await repo.suspendedUntil(userId))?.toISOString() ?? null,
        warnings: (await repo.warningsOf(userId, { communityId: access.community.id })).map(toWarning),
        log: log.map(toLogEntry),
        reportsAgainst: await repo.reportsAgainst(userId, access.community.id),
      };
    },
  };
  return sanctions;
}

export type Sanctions = ReturnType<typeof createSanctions>;
