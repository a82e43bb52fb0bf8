import { and, asc, desc, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../../db/client.ts';
import { changed, lockWithin, prepared, row } from '../../../db/access.ts';
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

/** What a moderation action locks while it reads the state its log entry keeps as "before". */
export type LockedTarget = 'user' | 'post' | 'thread' | 'community-settings' | 'site-settings';

type HeldStatus = (typeof heldPosts.$inferSelect)['status'];

/** The moderation area's queries: reports, held posts, warnings, the log and sanctions. */
export function createModerationRepository(db: Db) {
  const reporters = alias(users, 'reporters');
  const actors = alias(users, 'actors');
  const inCommunity = (column: SQL.Aliased | typeof reports.communityId, communityId: number | null) =>
    communityId === null ? undefined : eq(column as typeof reports.communityId, communityId);
  const p = sql.placeholder;
  // Read on every write (the write guard) and every post (the post rules): compiled once.
  const suspendedUntilOf = prepared<{ until: number | null }>(db, sql`SELECT ${users.suspendedUntil} AS until FROM ${users} WHERE ${users.id} = ${p('userId')}`);
  const heldStatusOf = prepared<{ status: HeldStatus }>(db, sql`SELECT ${heldPosts.status} AS status FROM ${heldPosts} WHERE ${heldPosts.postId} = ${p('postId')}`);
  const slowModeOfStmt = prepared<{ seconds: number }>(db, sql`SELECT ${threadSlowMode.seconds} AS seconds FROM ${threadSlowMode} WHERE ${threadSlowMode.threadId} = ${p('threadId')}`);
  const moderatesStmt = prepared(
    db,
    sql`SELECT 1 AS one FROM ${communityMembers} WHERE ${communityMembers.userId} = ${p('userId')}
        AND ${communityMembers.role} = 'moderator' AND ${communityMembers.status} = 'active' LIMIT 1`,
  );
  // Read on every post (whether the community holds new accounts' posts).
  const communitySettingsOf = prepared<{ communityId: number; reportThreshold: number; holdNewUserPosts: number }>(
    db,
    sql`SELECT ${communityModerationSettings.communityId} AS "communityId", ${communityModerationSettings.reportThreshold} AS "reportThreshold",
        ${communityModerationSettings.holdNewUserPosts} AS "holdNewUserPosts"
        FROM ${communityModerationSettings} WHERE ${communityModerationSettings.communityId} = ${p('communityId')}`,
  );
  const count = async (query: SQL) => Number((await row<{ n: number }>(db, query))!.n);

  return {
    /**
     * Inside an action's transaction: waits until no other action on this target is under way,
     * and holds it until commit. The action then reads its "before" and writes, so concurrent
     * actions on one target take turns and each entry's "before" is the previous one's "after"
     * (what undo puts back). SQLite's write transaction already serialises them.
     */
    lockTarget: async (target: LockedTarget, id: number): Promise<void> => await lockWithin(db, `moderation.${target}`, id),

    findReport: async (id: number) => (await db.select().from(reports).where(eq(reports.id, id)).limit(1))[0],

    findReportBy: async (reporterId: number, targetType: 'post' | 'thread', targetId: number) =>
      (
        await db
          .select()
          .from(reports)
          .where(and(eq(reports.reporterId, reporterId), eq(reports.targetType, targetType), eq(reports.targetId, targetId)))
          .limit(1)
      )[0],

    insertReport: async (values: typeof reports.$inferInsert): Promise<ReportRow> => (await db.insert(reports).values(values).returning())[0]!,

    openReportsOn: async (targetType: string, targetId: number): Promise<ReportRow[]> =>
      db
        .select()
        .from(reports)
        .where(and(eq(reports.targetType, targetType as 'post'), eq(reports.targetId, targetId), eq(reports.status, 'open'))),

    async setReports(ids: number[], values: Partial<typeof reports.$inferInsert>): Promise<void> {
      if (ids.length) await db.update(reports).set(values).where(inArray(reports.id, ids));
    },

    /** Open reports with reporter names, oldest first (one community, or all). */
    async openReports(communityId: number | null) {
      return db
        .select({ report: reports, username: reporters.username, displayName: reporters.displayName })
        .from(reports)
        .innerJoin(reporters, eq(reporters.id, reports.reporterId))
        .where(and(eq(reports.status, 'open'), inCommunity(reports.communityId, communityId)))
        .orderBy(asc(reports.id))
        .limit(QUEUE_CAP);
    },

    held: async (postId: number) => (await db.select().from(heldPosts).where(eq(heldPosts.postId, postId)).limit(1))[0],

    async setHeld(postId: number, values: Partial<typeof heldPosts.$inferInsert>): Promise<void> {
      await db.update(heldPosts).set(values).where(eq(heldPosts.postId, postId));
    },

    async heldPosts(communityId: number | null) {
      return db
        .select()
        .from(heldPosts)
        .where(and(eq(heldPosts.status, 'held'), communityId === null ? undefined : eq(heldPosts.communityId, communityId)))
        .orderBy(asc(heldPosts.createdAt))
        .limit(QUEUE_CAP);
    },

    async joinRequests(communityId: number | null) {
      return db
        .select({ communityId: communityMembers.communityId, userId: communityMembers.userId, createdAt: communityMembers.createdAt })
        .from(communityMembers)
        .where(and(eq(communityMembers.status, 'pending'), communityId === null ? undefined : eq(communityMembers.communityId, communityId)))
        .orderBy(asc(communityMembers.createdAt))
        .limit(QUEUE_CAP);
    },

    async counts(communityId: number) {
      return {
        openReports: await count(
          sql`SELECT count(*) AS n FROM (SELECT DISTINCT ${reports.targetType}, ${reports.targetId} FROM ${reports} WHERE ${reports.communityId} = ${communityId} AND ${reports.status} = 'open') AS targets`,
        ),
        pendingMembers: await count(
          sql`SELECT count(*) AS n FROM ${communityMembers} WHERE ${communityMembers.communityId} = ${communityId} AND ${communityMembers.status} = 'pending'`,
        ),
        heldPosts: await count(sql`SELECT count(*) AS n FROM ${heldPosts} WHERE ${heldPosts.communityId} = ${communityId} AND ${heldPosts.status} = 'held'`),
      };
    },

    async communitiesByIds(ids: number[]) {
      return ids.length ? db.select().from(communities).where(inArray(communities.id, [...new Set(ids)])) : [];
    },

    insertWarning: async (values: typeof userWarnings.$inferInsert) => (await db.insert(userWarnings).values(values).returning())[0]!,
    findWarning: async (id: number) => (await db.select().from(userWarnings).where(eq(userWarnings.id, id)).limit(1))[0],
    async setWarning(id: number, values: Partial<typeof userWarnings.$inferInsert>): Promise<void> {
      await db.update(userWarnings).set(values).where(eq(userWarnings.id, id));
    },

    async warningsOf(userId: number, options: { unacknowledgedOnly?: boolean; communityId?: number }) {
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
        .limit(100);
    },

    async reportsAgainst(userId: number, communityId: number): Promise<number> {
      return count(
        sql`SELECT count(*) AS n FROM ${reports} r JOIN ${posts} p ON p.id = r.post_id WHERE p.author_id = ${userId} AND r.community_id = ${communityId}`,
      );
    },

    /** Read on every write (the write guard): a compiled statement. */
    async suspendedUntil(userId: number): Promise<Date | null> {
      const until = (await suspendedUntilOf.get({ userId }))?.until;
      return until === null || until === undefined ? null : new Date(Number(until));
    },

    movedTo: async (threadId: number): Promise<number | null> =>
      (await db.select({ to: threadRedirects.toThreadId }).from(threadRedirects).where(eq(threadRedirects.fromThreadId, threadId)).limit(1))[0]?.to ?? null,

    async moderatedCommunityIds(userId: number): Promise<number[]> {
      const rows = await db
        .select({ id: communityMembers.communityId })
        .from(communityMembers)
        .where(and(eq(communityMembers.userId, userId), eq(communityMembers.role, 'moderator'), eq(communityMembers.status, 'active')));
      return rows.map((r) => r.id);
    },

    /** Whether someone moderates any community (staff, for the post rules). */
    moderatesSomewhere: async (userId: number): Promise<boolean> => (await moderatesStmt.get({ userId })) !== undefined,

    /** Open reports on these posts or threads (what an action that takes content away closes). */
    async openReportsOnContent(postIds: number[], threadIds: number[]): Promise<ReportRow[]> {
      if (!postIds.length && !threadIds.length) return [];
      const target = or(postIds.length ? inArray(reports.postId, postIds) : undefined, threadIds.length ? inArray(reports.threadId, threadIds) : undefined);
      return db.select().from(reports).where(and(eq(reports.status, 'open'), target));
    },

    /** Reports and held posts follow a thread into another community. */
    async placeThreadItems(threadId: number, communityId: number): Promise<void> {
      await db.update(reports).set({ communityId }).where(eq(reports.threadId, threadId));
      await db.update(heldPosts).set({ communityId }).where(eq(heldPosts.threadId, threadId));
    },

    /** Reports on a thread now belong to another (a merge). */
    async moveThreadReports(fromThreadId: number, to: { threadId: number; communityId: number }): Promise<void> {
      await db.update(reports).set(to).where(eq(reports.threadId, fromThreadId));
    },

    /** Reports on these posts follow them into another thread (split, and the undo of a merge). */
    async movePostReports(postIds: number[], to: { threadId: number; communityId?: number }): Promise<void> {
      if (postIds.length) await db.update(reports).set(to).where(inArray(reports.postId, postIds));
    },

    /**
     * Held posts follow their posts into another thread (and community, whose moderators now
     * decide); only the opening post of the thread they land in holds that thread back.
     */
    async moveHeld(postIds: number[], to: { threadId: number; communityId: number; firstPostId: number | null }): Promise<void> {
      if (!postIds.length) return;
      await db.update(heldPosts).set({ threadId: to.threadId, communityId: to.communityId, opensThread: false }).where(inArray(heldPosts.postId, postIds));
      if (to.firstPostId !== null && postIds.includes(to.firstPostId)) {
        await db.update(heldPosts).set({ opensThread: true }).where(eq(heldPosts.postId, to.firstPostId));
      }
    },

    insertHeld: async (values: typeof heldPosts.$inferInsert): Promise<void> => {
      await db.insert(heldPosts).values(values);
    },

    heldStatus: async (postId: number): Promise<HeldStatus | undefined> => (await heldStatusOf.get({ postId }))?.status,

    async redirect(fromThreadId: number, toThreadId: number): Promise<void> {
      await db.insert(threadRedirects).values({ fromThreadId, toThreadId }).onConflictDoUpdate({ target: threadRedirects.fromThreadId, set: { toThreadId } });
    },

    async removeRedirect(fromThreadId: number): Promise<void> {
      await db.delete(threadRedirects).where(eq(threadRedirects.fromThreadId, fromThreadId));
    },

    slowModeOf: async (threadId: number): Promise<number> => (await slowModeOfStmt.get({ threadId }))?.seconds ?? 0,

    async setSlowMode(threadId: number, seconds: number): Promise<void> {
      if (seconds <= 0) await db.delete(threadSlowMode).where(eq(threadSlowMode.threadId, threadId));
      else await db.insert(threadSlowMode).values({ threadId, seconds }).onConflictDoUpdate({ target: threadSlowMode.threadId, set: { seconds } });
    },

    siteSetting: async (key: string): Promise<unknown> => (await db.select().from(siteSettings).where(eq(siteSettings.key, key)).limit(1))[0]?.value,

    async setSiteSetting(key: string, value: Record<string, unknown>): Promise<void> {
      await db.insert(siteSettings).values({ key, value }).onConflictDoUpdate({ target: siteSettings.key, set: { value, updatedAt: new Date() } });
    },

    communitySettings: async (communityId: number) => {
      const found = await communitySettingsOf.get({ communityId });
      return found && { communityId: found.communityId, reportThreshold: Number(found.reportThreshold), holdNewUserPosts: Number(found.holdNewUserPosts) === 1 };
    },

    async setCommunitySettings(communityId: number, value: { reportThreshold: number; holdNewUserPosts: boolean }): Promise<void> {
      await db.insert(communityModerationSettings).values({ communityId, ...value }).onConflictDoUpdate({ target: communityModerationSettings.communityId, set: value });
    },
  };
}

export type ModerationRepository = ReturnType<typeof createModerationRepository>;

/**
 * An erased member's rows here (issue 19): warnings are about the person, so they go. Reports
 * they filed and held posts stay (they are about content; the reporter now shows as the
 * anonymised account); the audit log keeps its actions.
 */
export async function eraseModerationRows(db: Db, userId: number): Promise<Record<string, number>> {
  return { user_warnings: changed(await db.delete(userWarnings).where(eq(userWarnings.userId, userId))) };
}
