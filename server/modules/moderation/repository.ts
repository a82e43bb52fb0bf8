import { and, asc, desc, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../../db/client.ts';
import {
  communities,
  communityMembers,
  communityModerationSettings,
  heldPosts,
  posts,
  reports,
  siteSettings,
  threadRedirects,
  threadSlowMode,
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
  // Read on every post (the post rules): prepared once.
  const heldStatusOf = db.select({ status: heldPosts.status }).from(heldPosts).where(eq(heldPosts.postId, sql.placeholder('postId'))).prepare();
  const slowModeOfStmt = db.select({ seconds: threadSlowMode.seconds }).from(threadSlowMode).where(eq(threadSlowMode.threadId, sql.placeholder('threadId'))).prepare();
  const moderatesStmt = db
    .select({ one: sql<number>`1` })
    .from(communityMembers)
    .where(and(eq(communityMembers.userId, sql.placeholder('userId')), eq(communityMembers.role, 'moderator'), eq(communityMembers.status, 'active')))
    .limit(1)
    .prepare();

  // Read on every post (whether the community holds new accounts' posts): prepared once.
  const communitySettingsOf = db
    .select()
    .from(communityModerationSettings)
    .where(eq(communityModerationSettings.communityId, sql.placeholder('communityId')))
    .prepare();

  return {

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

    movedTo: (threadId: number): number | null =>
      db.select({ to: threadRedirects.toThreadId }).from(threadRedirects).where(eq(threadRedirects.fromThreadId, threadId)).get()?.to ?? null,

    moderatedCommunityIds(userId: number): number[] {
      return db
        .select({ id: communityMembers.communityId })
        .from(communityMembers)
        .where(and(eq(communityMembers.userId, userId), eq(communityMembers.role, 'moderator'), eq(communityMembers.status, 'active')))
        .all()
        .map((r) => r.id);
    },

    /** Whether someone moderates any community (staff, for the post rules). */
    moderatesSomewhere: (userId: number): boolean => moderatesStmt.get({ userId }) !== undefined,

    /** Open reports on these posts or threads (what an action that takes content away closes). */
    openReportsOnContent(postIds: number[], threadIds: number[]): ReportRow[] {
      if (!postIds.length && !threadIds.length) return [];
      const target = or(postIds.length ? inArray(reports.postId, postIds) : undefined, threadIds.length ? inArray(reports.threadId, threadIds) : undefined);
      return db.select().from(reports).where(and(eq(reports.status, 'open'), target)).all();
    },

    /** Reports and held posts follow a thread into another community. */
    placeThreadItems(threadId: number, communityId: number): void {
      db.update(reports).set({ communityId }).where(eq(reports.threadId, threadId)).run();
      db.update(heldPosts).set({ communityId }).where(eq(heldPosts.threadId, threadId)).run();
    },

    /** Reports on a thread now belong to another (a merge). */
    moveThreadReports(fromThreadId: number, to: { threadId: number; communityId: number }): void {
      db.update(reports).set(to).where(eq(reports.threadId, fromThreadId)).run();
    },

    /** Reports on these posts follow them into another thread (split, and the undo of a merge). */
    movePostReports(postIds: number[], to: { threadId: number; communityId?: number }): void {
      if (postIds.length) db.update(reports).set(to).where(inArray(reports.postId, postIds)).run();
    },

    /**
     * Held posts follow their posts into another thread (and community, whose moderators now
     * decide); only the opening post of the thread they land in holds that thread back.
     */
    moveHeld(postIds: number[], to: { threadId: number; communityId: number; firstPostId: number | null }): void {
      if (!postIds.length) return;
      db.update(heldPosts).set({ threadId: to.threadId, communityId: to.communityId, opensThread: false }).where(inArray(heldPosts.postId, postIds)).run();
      if (to.firstPostId !== null && postIds.includes(to.firstPostId)) {
        db.update(heldPosts).set({ opensThread: true }).where(eq(heldPosts.postId, to.firstPostId)).run();
      }
    },

    insertHeld: (values: typeof heldPosts.$inferInsert): void => {
      db.insert(heldPosts).values(values).run();
    },

    heldStatus: (postId: number) => heldStatusOf.get({ postId })?.status,

    redirect(fromThreadId: number, toThreadId: number): void {
      db.insert(threadRedirects).values({ fromThreadId, toThreadId }).onConflictDoUpdate({ target: threadRedirects.fromThreadId, set: { toThreadId } }).run();
    },

    removeRedirect(fromThreadId: number): void {
      db.delete(threadRedirects).where(eq(threadRedirects.fromThreadId, fromThreadId)).run();
    },

    slowModeOf: (threadId: number): number => slowModeOfStmt.get({ threadId })?.seconds ?? 0,

    setSlowMode(threadId: number, seconds: number): void {
      if (seconds <= 0) db.delete(threadSlowMode).where(eq(threadSlowMode.threadId, threadId)).run();
      else db.insert(threadSlowMode).values({ threadId, seconds }).onConflictDoUpdate({ target: threadSlowMode.threadId, set: { seconds } }).run();
    },

    siteSetting: (key: string): unknown => db.select().from(siteSettings).where(eq(siteSettings.key, key)).get()?.value,

    setSiteSetting(key: string, value: Record<string, unknown>): void {
      db.insert(siteSettings).values({ key, value }).onConflictDoUpdate({ target: siteSettings.key, set: { value, updatedAt: new Date() } }).run();
    },

    communitySettings: (communityId: number) => communitySettingsOf.get({ communityId }),

    setCommunitySettings(communityId: number, value: { reportThreshold: number; holdNewUserPosts: boolean }): void {
      db.insert(communityModerationSettings).values({ communityId, ...value }).onConflictDoUpdate({ target: communityModerationSettings.communityId, set: value }).run();
    },
  };
}

export type ModerationRepository = ReturnType<typeof createModerationRepository>;

/**
 * An erased member's rows here (issue 19): warnings are about the person, so they go. Reports
 * they filed and held posts stay (they are about content; the reporter now shows as the
 * anonymised account); the audit log keeps its actions.
 */
export function eraseModerationRows(db: Db, userId: number): Record<string, number> {
  return { user_warnings: db.delete(userWarnings).where(eq(userWarnings.userId, userId)).run().changes };
}
