import { and, asc, desc, eq, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../../db/client.ts';
import {
  communities,
  communityMembers,
  heldPosts,
  moderationLog,
  postMentions,
  posts,
  reports,
  threadRedirects,
  threads,
  userWarnings,
  users,
  type ReportRow,
} from '../../../db/schema/index.ts';

const QUEUE_CAP = 500;

/** The moderation area's queries: reports, held posts, warnings, the log and sanctions. */
export function createModerationRepository(db: Db) {
  const reporters = alias(users, 'reporters');
  const actors = alias(users, 'actors');
  const inCommunity = (column: SQL.Aliased | typeof reports.communityId, communityId: number | null) =>
    communityId === null ? undefined : eq(column as typeof reports.communityId, communityId);
  const suspendedUntilOf = db.select({ until: users.suspendedUntil }).from(users).where(eq(users.id, sql.placeholder('userId'))).prepare();

  return {
    db,

    findReport: (id: number) => db.select().from(reports).where(eq(reports.id, id)).get(),

    findReportBy: (reporterId: number, targetType: 'post' | 'thread', targetId: number) =>
      db
        .select()
        .from(reports)
        .where(and(eq(reports.reporterId, reporterId), eq(reports.targetType, targetType), eq(reports.targetId, targetId)))
        .get(),

    insertReport: (values: typeof reports.$inferInsert): ReportRow => db.insert(reports).values(values).returning().get(),

    openReportsOn: (targetType: string, targetId: number): ReportRow[] =>
      db
        .select()
        .from(reports)
        .where(and(eq(reports.targetType, targetType as 'post'), eq(reports.targetId, targetId), eq(reports.status, 'open')))
        .all(),

    setReports(ids: number[], values: Partial<typeof reports.$inferInsert>): void {
      if (ids.length) db.update(reports).set(values).where(inArray(reports.id, ids)).run();
    },

    /** Open reports with reporter names, oldest first (one community, or all). */
    openReports(communityId: number | null) {
      return db
        .select({ report: reports, username: reporters.username, displayName: reporters.displayName })
        .from(reports)
        .innerJoin(reporters, eq(reporters.id, reports.reporterId))
        .where(and(eq(reports.status, 'open'), inCommunity(reports.communityId, communityId)))
        .orderBy(asc(reports.id))
        .limit(QUEUE_CAP)
        .all();
    },

    held: (postId: number) => db.select().from(heldPosts).where(eq(heldPosts.postId, postId)).get(),

    setHeld(postId: number, values: Partial<typeof heldPosts.$inferInsert>): void {
      db.update(heldPosts).set(values).where(eq(heldPosts.postId, postId)).run();
    },

    heldPosts(communityId: number | null) {
      return db
        .select()
        .from(heldPosts)
        .where(and(eq(heldPosts.status, 'held'), communityId === null ? undefined : eq(heldPosts.communityId, communityId)))
        .orderBy(asc(heldPosts.createdAt))
        .limit(QUEUE_CAP)
        .all();
    },

    joinRequests(communityId: number | null) {
      return db
        .select({ communityId: communityMembers.communityId, userId: communityMembers.userId, createdAt: communityMembers.createdAt })
        .from(communityMembers)
        .where(and(eq(communityMembers.status, 'pending'), communityId === null ? undefined : eq(communityMembers.communityId, communityId)))
        .orderBy(asc(communityMembers.createdAt))
        .limit(QUEUE_CAP)
        .all();
    },

    counts(communityId: number) {
      const one = (query: SQL) => db.all<{ n: number }>(query)[0]!.n;
      return {
        openReports: one(
          sql`SELECT count(*) AS n FROM (SELECT DISTINCT ${reports.targetType}, ${reports.targetId} FROM ${reports} WHERE ${reports.communityId} = ${communityId} AND ${reports.status} = 'open')`,
        ),
        pendingMembers: one(
          sql`SELECT count(*) AS n FROM ${communityMembers} WHERE ${communityMembers.communityId} = ${communityId} AND ${communityMembers.status} = 'pending'`,
        ),
        heldPosts: one(sql`SELECT count(*) AS n FROM ${heldPosts} WHERE ${heldPosts.communityId} = ${communityId} AND ${heldPosts.status} = 'held'`),
      };
    },

    communitiesByIds(ids: number[]) {
      return ids.length ? db.select().from(communities).where(inArray(communities.id, [...new Set(ids)])).all() : [];
    },

    postsByIds(ids: number[]) {
      return ids.length ? db.select().from(posts).where(inArray(posts.id, [...new Set(ids)])).all() : [];
    },

    threadsByIds(ids: number[]) {
      return ids.length ? db.select().from(threads).where(inArray(threads.id, [...new Set(ids)])).all() : [];
    },

    insertWarning: (values: typeof userWarnings.$inferInsert) => db.insert(userWarnings).values(values).returning().get(),
    findWarning: (id: number) => db.select().from(userWarnings).where(eq(userWarnings.id, id)).get(),
    setWarning(id: number, values: Partial<typeof userWarnings.$inferInsert>): void {
      db.update(userWarnings).set(values).where(eq(userWarnings.id, id)).run();
    },

    warningsOf(userId: number, options: { unacknowledgedOnly?: boolean; communityId?: number }) {
      return db
        .select({ warning: userWarnings, username: actors.username, displayName: actors.displayName, slug: communities.slug, name: communities.name })
        .from(userWarnings)
        .leftJoin(actors, eq(actors.id, userWarnings.issuedById))
        .leftJoin(communities, eq(communities.id, userWarnings.communityId))
        .where(
          and(
            eq(userWarnings.userId, userId),
            isNull(userWarnings.retractedAt),
            options.unacknowledgedOnly ? isNull(userWarnings.acknowledgedAt) : undefined,
            options.communityId !== undefined ? eq(userWarnings.communityId, options.communityId) : undefined,
          ),
        )
        .orderBy(desc(userWarnings.id))
        .limit(100)
        .all();
    },

    reportsAgainst(userId: number, communityId: number): number {
      return db.all<{ n: number }>(
        sql`SELECT count(*) AS n FROM ${reports} r JOIN ${posts} p ON p.id = r.post_id WHERE p.author_id = ${userId} AND r.community_id = ${communityId}`,
      )[0]!.n;
    },

    /** Read on every write (the write guard): a prepared statement. */
    suspendedUntil(userId: number): Date | null {
      return suspendedUntilOf.get({ userId })?.until ?? null;
    },

    setSuspension(userId: number, until: Date | null): void {
      db.update(users).set({ suspendedUntil: until }).where(eq(users.id, userId)).run();
    },

    setSilence(communityId: number, userId: number, until: Date | null): void {
      db.update(communityMembers)
        .set({ silencedUntil: until })
        .where(and(eq(communityMembers.communityId, communityId), eq(communityMembers.userId, userId)))
        .run();
    },

    mentionedIn: (postId: number): number[] =>
      db.select({ userId: postMentions.userId }).from(postMentions).where(eq(postMentions.postId, postId)).all().map((r) => r.userId),

    movedTo: (threadId: number): number | null =>
      db.select({ to: threadRedirects.toThreadId }).from(threadRedirects).where(eq(threadRedirects.fromThreadId, threadId)).get()?.to ?? null,

    findLogEntry: (id: number) => db.select().from(moderationLog).where(eq(moderationLog.id, id)).get(),

    markUndone(id: number, actorId: number): void {
      db.update(moderationLog).set({ undoneAt: new Date(), undoneById: actorId }).where(eq(moderationLog.id, id)).run();
    },

    /** The log, newest first; `communityIds` null means every community (admins). */
    log(filter: {
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
              filter.communityIds.length ? inArray(moderationLog.communityId, filter.communityIds) : sql`0`,
              filter.siteWide ? isNull(moderationLog.communityId) : sql`0`,
            );
      return db
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
        .limit(filter.limit)
        .all();
    },

    moderatedCommunityIds(userId: number): number[] {
      return db
        .select({ id: communityMembers.communityId })
        .from(communityMembers)
        .where(and(eq(communityMembers.userId, userId), eq(communityMembers.role, 'moderator'), eq(communityMembers.status, 'active')))
        .all()
        .map((r) => r.id);
    },
  };
}

export type ModerationRepository = ReturnType<typeof createModerationRepository>;
export type LogRow = ReturnType<ModerationRepository['log']>[number];
