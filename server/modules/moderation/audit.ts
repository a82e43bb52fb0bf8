import { eq, inArray } from 'drizzle-orm';
import { posts, reports as reportsTable, threadRedirects, threads } from '../../../db/schema/index.ts';
import type { CommunityModerationSettings, LogList, LogQuery, TrustSettings } from '../../../shared/schemas/moderation.ts';
import { encodeCursor, readCursor } from '../../lib/cursor.ts';
import { AppError } from '../../lib/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { recountForum } from '../discussions/counters.ts';
import { moderatedCommunity, requireActor, requireAdmin, toLogEntry, type ModerationContext } from './context.ts';
import type { Reports } from './reports.ts';
import type { Sanctions } from './sanctions.ts';
import type { ThreadTools } from './thread-tools.ts';

type Json = Record<string, unknown>;
const date = (ms: unknown) => (typeof ms === 'number' ? new Date(ms) : null);
const ids = (value: unknown) => (Array.isArray(value) ? (value as number[]) : []);

/**
 * The audit log as moderators read it (their communities) and admins (everything), and undo:
 * each reversible action puts back exactly what its entry says was there before.
 */
export function createAuditLog(ctx: ModerationContext, parts: { reports: Reports; sanctions: Sanctions; tools: ThreadTools }) {
  const { repo, audit, bus, db } = ctx;
  const { reports, sanctions, tools } = parts;

  /** Puts the entry's "before" back; returns what to publish once committed. */
  function revert(entry: NonNullable<ReturnType<typeof repo.findLogEntry>>, before: Json, after: Json): (() => void)[] {
    const effects: (() => void)[] = [];
    const { action, targetId, communityId } = entry;
    const kind = action.split('.')[0];
    const threadOf = (postId: number) => ctx.posts.findById(postId)?.threadId ?? 0;

    if (ids(before.reportIds).length) {
      repo.setReports(ids(before.reportIds), { status: 'open', resolution: null, resolvedById: null, resolvedAt: null });
    }

    if ((kind === 'thread' || kind === 'post' || action === 'report.dismiss') && 'hidden' in before && !action.startsWith('thread.merge')) {
      const targetType = entry.targetType as 'post' | 'thread';
      reports.setHidden(targetType, targetId, before.hidden as boolean);
      const threadId = targetType === 'post' ? threadOf(targetId) : targetId;
      effects.push(() => reports.publishVisibility(targetType, targetId, threadId));
    } else if (kind === 'thread' && ['pinned', 'locked'].some((flag) => flag in before)) {
      ctx.threads.setFlags(ctx.threads.findById(targetId)!, before as { pinned?: boolean; locked?: boolean });
      effects.push(() => bus.publish('thread.updated', { threadId: targetId }));
    } else if (action === 'member.silence' || action === 'member.unsilence') {
      repo.setSilence(communityId!, targetId, date(before.silencedUntil));
    } else if (kind === 'member') {
      const previous = (after.status as 'active' | 'banned' | undefined) ?? 'none';
      if (typeof before.status === 'string') {
        ctx.communities.setMembership(communityId!, targetId, { role: before.role as 'member', status: before.status as 'active' });
      } else {
        ctx.communities.removeMembership(communityId!, targetId);
      }
      const status = (before.status as 'active' | 'pending' | 'banned' | undefined) ?? 'none';
      effects.push(() => bus.publish('community.membership.changed', { communityId: communityId!, userId: targetId, status, previous, actorId: entry.actorId ?? 0 }));
    } else if (action === 'user.suspend' || action === 'user.unsuspend') {
      repo.setSuspension(targetId, date(before.suspendedUntil));
    } else if (action === 'user.warn') {
      repo.setWarning(after.warningId as number, { retractedAt: new Date() });
    } else if (action === 'post.approve' || action === 'post.reject') {
      const held = repo.held(targetId);
      if (!held) throw new AppError('UNDO_CONFLICT');
      repo.setHeld(targetId, { status: 'held', decidedById: null, decidedAt: null });
      if (action === 'post.approve') {
        db.update(posts).set({ hidden: true }).where(eq(posts.id, targetId)).run();
        if (held.opensThread) db.update(threads).set({ hidden: true }).where(eq(threads.id, held.threadId)).run();
        sanctions.recount([held.threadId]);
        effects.push(() => bus.publish('thread.updated', { threadId: held.threadId }));
        effects.push(() => bus.publish('post.updated', { threadId: held.threadId, postId: targetId, mentionedUserIds: [] }));
      }
    } else if (action === 'thread.move') {
      const thread = ctx.threads.findById(targetId);
      if (!thread) throw new AppError('UNDO_CONFLICT');
      tools.placeThread(targetId, before.forumId as number, before.communityId as number);
      sanctions.recount([targetId]);
      recountForum(db, thread.forumId);
      effects.push(() => bus.publish('thread.updated', { threadId: targetId }));
    } else if (action === 'thread.merge') {
      const into = before.intoThreadId as number;
      const postIds = ids(before.postIds);
      tools.movePosts(postIds, targetId, [targetId, into]);
      if (postIds.length) db.update(reportsTable).set({ threadId: targetId, communityId: communityId! }).where(inArray(reportsTable.postId, postIds)).run();
      db.update(threads).set({ hidden: before.hidden as boolean }).where(eq(threads.id, targetId)).run();
      db.delete(threadRedirects).where(eq(threadRedirects.fromThreadId, targetId)).run();
      sanctions.recount([targetId, into]);
      effects.push(() => bus.publish('thread.updated', { threadId: targetId }), () => bus.publish('thread.updated', { threadId: into }));
    } else if (action === 'thread.split') {
      const from = before.fromThreadId as number;
      const postIds = ids(before.postIds);
      const now = db.select({ id: posts.id }).from(posts).where(eq(posts.threadId, targetId)).all().map((p) => p.id);
      if (now.length !== postIds.length || now.some((id) => !postIds.includes(id))) throw new AppError('UNDO_CONFLICT');
      const forumId = ctx.threads.findById(targetId)!.forumId;
      tools.movePosts(postIds, from, [from]);
      db.delete(threads).where(eq(threads.id, targetId)).run();
      recountForum(db, forumId);
      effects.push(() => bus.publish('thread.updated', { threadId: from }));
    } else if (action === 'thread.slow_mode') {
      tools.setSlowMode(targetId, (before.seconds as number) ?? 0);
      effects.push(() => bus.publish('thread.updated', { threadId: targetId }));
    } else if (action === 'user.delete_spammer') {
      const postIds = ids(before.postIds);
      const threadIds = ids(before.threadIds);
      if (postIds.length) db.update(posts).set({ deletedAt: null }).where(inArray(posts.id, postIds)).run();
      if (threadIds.length) db.update(threads).set({ hidden: false }).where(inArray(threads.id, threadIds)).run();
      repo.setSuspension(targetId, date(before.suspendedUntil));
      const touched = repo.postsByIds(postIds).map((p) => p.threadId);
      sanctions.recount([...touched, ...threadIds]);
      effects.push(() => {
        for (const id of new Set([...touched, ...threadIds])) bus.publish('thread.updated', { threadId: id });
      });
    } else if (action === 'community.settings') {
      ctx.settings.setCommunity(targetId, before as CommunityModerationSettings);
    } else if (action === 'site.trust_settings') {
      ctx.settings.setTrust(before as TrustSettings);
    } else {
      throw new AppError('NOT_UNDOABLE');
    }
    return effects;
  }

  return {
    list(actor: Actor | null, query: LogQuery): LogList {
      requireActor(actor);
      let communityIds: number[] | null;
      let siteWide = false;
      if (query.community) {
        const access = ctx.gate.bySlug(actor, query.community);
        communityIds = [moderatedCommunity(ctx, actor, access.community.id).community.id];
      } else if (actor.role === 'admin') {
        communityIds = null;
        siteWide = true;
      } else {
        communityIds = repo.moderatedCommunityIds(actor.id);
        if (communityIds.length === 0) throw new AppError('FORBIDDEN');
      }
      const limit = query.limit ?? 30;
      const beforeId = readCursor(query.cursor, ['number'])?.[0] as number | undefined;
      const rows = repo.log({
        communityIds,
        siteWide,
        action: query.action,
        actorId: query.actorId,
        targetType: query.targetType,
        targetId: query.targetId,
        beforeId,
        limit: limit + 1,
      });
      const page = rows.slice(0, limit);
      return { items: page.map(toLogEntry), nextCursor: rows.length > limit ? encodeCursor([page.at(-1)!.entry.id]) : null };
    },

    undo(actor: Actor | null, entryId: number, reason?: string) {
      requireActor(actor);
      const entry = repo.findLogEntry(entryId);
      if (!entry) throw new AppError('LOG_ENTRY_NOT_FOUND');
      if (entry.communityId !== null) moderatedCommunity(ctx, actor, entry.communityId);
      else requireAdmin(actor);
      if (!entry.undoable) throw new AppError('NOT_UNDOABLE');
      if (entry.undoneAt) throw new AppError('ALREADY_UNDONE');
      const effects = audit.within(
        [
          {
            actorId: actor.id,
            action: 'undo',
            communityId: entry.communityId,
            targetType: 'log',
            targetId: entry.id,
            reason: reason ?? null,
            before: null,
            after: { action: entry.action },
            undoable: false,
          },
        ],
        () => {
          const result = revert(entry, entry.before ?? {}, entry.after ?? {});
          repo.markUndone(entry.id, actor.id);
          return result;
        },
      );
      for (const effect of effects) effect();
      const row = repo.log({ communityIds: null, siteWide: true, targetType: entry.targetType, targetId: entry.targetId, limit: 50 }).find((r) => r.entry.id === entry.id)!;
      return { entry: toLogEntry(row) };
    },
  };
}

export type AuditLog = ReturnType<typeof createAuditLog>;
