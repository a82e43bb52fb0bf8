import { and, desc, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../../db/client.ts';
import { communities, moderationLog, users } from '../../../db/schema/index.ts';
import type { AuditInput } from './actions.ts';

/** The audit log's table, `moderation_log`: written here only. */
export function createAuditRepository(db: Db) {
  const actors = alias(users, 'actors');

  return {
    async insert(entry: AuditInput): Promise<number> {
      const [row] = await db
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
        .returning({ id: moderationLog.id });
      return row.id;
    },

    find: async (id: number) => (await db.select().from(moderationLog).where(eq(moderationLog.id, id)).limit(1))[0],

    async markUndone(id: number, actorId: number): Promise<void> {
      await db.update(moderationLog).set({ undoneAt: new Date(), undoneById: actorId }).where(eq(moderationLog.id, id));
    },

    /** The log, newest first; `communityIds` null means every community (admins). */
    async list(filter: {
      communityIds: number[] | null;
      siteWide: boolean;
      action?: string;
      actorId?: number;
      targetType?: string;
      targetId?: number;
      beforeId?: number;
      /** One entry, by id. */
      id?: number;
      limit: number;
    }) {
      const scope =
        filter.communityIds === null
          ? undefined
          : or(
              filter.communityIds.length ? inArray(moderationLog.communityId, filter.communityIds) : sql`1 = 0`,
              filter.siteWide ? isNull(moderationLog.communityId) : sql`1 = 0`,
            );
      return await db
        .select({ entry: moderationLog, username: actors.username, displayName: actors.displayName, slug: communities.slug, name: communities.name })
        .from(moderationLog)
        .leftJoin(actors, eq(actors.id, moderationLog.actorId))
        .leftJoin(communities, eq(communities.id, moderationLog.communityId))
        .where(
          and(
            scope,
            filter.action ? sql`(${moderationLog.action} = ${filter.action} OR ${moderationLog.action} LIKE ${`${filter.action}.%`})` : undefined,
            filter.actorId !== undefined ? eq(moderationLog.actorId, filter.actorId) : undefined,
            filter.targetType ? eq(moderationLog.targetType, filter.targetType) : undefined,
            filter.targetId !== undefined ? eq(moderationLog.targetId, filter.targetId) : undefined,
            filter.beforeId !== undefined ? lt(moderationLog.id, filter.beforeId) : undefined,
            filter.id !== undefined ? eq(moderationLog.id, filter.id) : undefined,
          ),
        )
        .orderBy(desc(moderationLog.id))
        .limit(filter.limit);
    },
  };
}

export type AuditRepository = ReturnType<typeof createAuditRepository>;
export type LogRow = Awaited<ReturnType<AuditRepository['list']>>[number];
export type LogFilter = Parameters<AuditRepository['list']>[0];
