import type { LogList, LogQuery } from '../../../shared/schemas/moderation.ts';
import { encodeCursor, readCursor } from '../../lib/cursor.ts';
import { AppError } from '../../lib/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { moderatedCommunity, requireActor, requireAdmin, toLogEntry, type ModerationContext } from './context.ts';
import type { Reports } from './reports.ts';
import type { ThreadTools } from './thread-tools.ts';
import { createReverters } from './undo.ts';

/**
 * The audit log as moderators read it (their communities) and admins (everything), and undo:
 * each reversible action puts back exactly what its entry says was there before.
 */
export function createAuditLog(ctx: ModerationContext, parts: { reports: Reports; tools: ThreadTools }) {
  const { repo, audit } = ctx;
  const revert = createReverters(ctx, parts);

  return {
    async list(actor: Actor | null, query: LogQuery): Promise<LogList> {
      requireActor(actor);
      let communityIds: number[] | null;
      let siteWide = false;
      if (query.community) {
        const access = await ctx.gate.bySlug(actor, query.community);
        communityIds = [(await moderatedCommunity(ctx, actor, access.community.id)).community.id];
      } else if (actor.role === 'admin') {
        communityIds = null;
        siteWide = true;
      } else {
        communityIds = await repo.moderatedCommunityIds(actor.id);
        if (communityIds.length === 0) throw new AppError('FORBIDDEN');
      }
      const limit = query.limit ?? 30;
      const beforeId = readCursor(query.cursor, ['number'])?.[0] as number | undefined;
      const rows = await audit.list({
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

    async undo(actor: Actor | null, entryId: number, reason?: string) {
      requireActor(actor);
      const found = await audit.find(entryId);
      if (!found) throw new AppError('LOG_ENTRY_NOT_FOUND');
      const entry = found.row;
      if (entry.communityId !== null) await moderatedCommunity(ctx, actor, entry.communityId);
      else requireAdmin(actor);
      if (!found.action) throw new AppError('NOT_UNDOABLE');
      if (entry.undoneAt) throw new AppError('ALREADY_UNDONE');
      const action = found.action;
      const effects = await audit.within(
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
        async () => {
          // Asked again inside the transaction: two undos of one entry at once, only one goes.
          if ((await audit.find(entry.id))?.row.undoneAt) throw new AppError('ALREADY_UNDONE');
          const result = await revert(actor, action);
          await audit.markUndone(entry.id, actor.id);
          return result;
        },
      );
      for (const effect of effects) await effect();
      return { entry: toLogEntry((await audit.list({ communityIds: null, siteWide: true, id: entry.id, limit: 1 }))[0]!) };
    },
  };
}

export type AuditLog = ReturnType<typeof createAuditLog>;
