import { and, asc, desc, eq, gt, inArray, or, sql, type SQL } from 'drizzle-orm';
import { changed, prepared, preparedQuery, transaction } from '../../../db/access.ts';
import type { Db } from '../../../db/client.ts';
import { listedCommunity } from './readable.ts';
import { containsText } from '../../lib/like.ts';
import {
  communities,
  communityMembers,
  forums,
  threads,
  users,
  type CommunityMemberRow,
  type CommunityRow,
  type ForumRow,
} from '../../../db/schema/index.ts';

export type Membership = Pick<CommunityMemberRow, 'role' | 'status' | 'createdAt' | 'silencedUntil'> & {
  /** The member's site-wide suspension (users.suspended_until), read with the membership. */
  suspendedUntil: Date | null;
};

export function createCommunitiesRepository(db: Db) {
  // Every gate asks for the membership: compiled once.
  const membershipStmt = prepared<{ role: Membership['role']; status: Membership['status']; createdAt: number; silencedUntil: number | null; suspendedUntil: number | null }>(
    db,
    sql`SELECT ${communityMembers.role} AS "role", ${communityMembers.status} AS "status", ${communityMembers.createdAt} AS "createdAt",
          ${communityMembers.silencedUntil} AS "silencedUntil",
          (SELECT ${users.suspendedUntil} FROM ${users} WHERE ${users.id} = ${communityMembers.userId}) AS "suspendedUntil"
        FROM ${communityMembers}
        WHERE ${communityMembers.communityId} = ${sql.placeholder('communityId')} AND ${communityMembers.userId} = ${sql.placeholder('userId')}`,
  );
  // Every gate reads its community (and forum) by id: compiled once. No LIMIT on these lookups by
  // a unique key: a bound `LIMIT ?` made the same statement five times slower to run (measured).
  const byIdStmt = preparedQuery<CommunityRow>(db, (d) => d.select().from(communities).where(eq(communities.id, sql.placeholder('id'))));
  const bySlugStmt = preparedQuery<CommunityRow>(db, (d) => d.select().from(communities).where(eq(communities.slug, sql.placeholder('slug'))));
  const forumStmt = preparedQuery<ForumRow>(db, (d) => d.select().from(forums).where(eq(forums.id, sql.placeholder('id'))));
  const moment = (value: number | string | null) => (value === null ? null : new Date(Number(value)));

  async function recountMembers(communityId: number) {
    await db
      .update(communities)
      .set({
        memberCount: sql`(SELECT count(*) FROM ${communityMembers} WHERE ${communityMembers.communityId} = ${communityId} AND ${communityMembers.status} = 'active')`,
      })
      .where(eq(communities.id, communityId));
  }

  return {
    /** The member's memberships for their data export (issue 19): their own role and status, whatever the community is now. */
    async membershipsForExport(userId: number) {
      return await db
        .select({ slug: communities.slug, name: communities.name, role: communityMembers.role, status: communityMembers.status, createdAt: communityMembers.createdAt, silencedUntil: communityMembers.silencedUntil })
        .from(communityMembers)
        .innerJoin(communities, eq(communities.id, communityMembers.communityId))
        .where(eq(communityMembers.userId, userId))
        .orderBy(asc(communityMembers.createdAt));
    },

    findBySlug: (slug: string): Promise<CommunityRow | undefined> => bySlugStmt.get({ slug }),
    findById: (id: number): Promise<CommunityRow | undefined> => byIdStmt.get({ id }),
    findForum: (id: number): Promise<ForumRow | undefined> => forumStmt.get({ id }),

    async membership(communityId: number, userId: number | undefined): Promise<Membership | undefined> {
      if (userId === undefined) return undefined;
      const row = await membershipStmt.get({ communityId, userId });
      return (
        row && {
          role: row.role,
          status: row.status,
          createdAt: moment(row.createdAt)!,
          silencedUntil: moment(row.silencedUntil),
          suspendedUntil: moment(row.suspendedUntil),
        }
      );
    },

    /**
     * Communities whose listing the viewer may see (readable.ts: readable ones and listed private
     * ones), by name. Keyset on (name, id).
     */
    async list(options: { viewerId?: number; q?: string; after: [string, number] | null; limit: number }) {
      const conditions: (SQL | undefined)[] = [listedCommunity(communities.id, options.viewerId)];
      if (options.q) conditions.push(or(containsText(communities.name, options.q), containsText(communities.description, options.q)));
      if (options.after) {
        const [name, id] = options.after;
        conditions.push(or(gt(communities.name, name), and(eq(communities.name, name), gt(communities.id, id))));
      }
      return await db
        .select({ community: communities, role: communityMembers.role, status: communityMembers.status, memberSince: communityMembers.createdAt })
        .from(communities)
        .leftJoin(
          communityMembers,
          and(eq(communityMembers.communityId, communities.id), eq(communityMembers.userId, options.viewerId ?? -1)),
        )
        .where(and(...conditions))
        .orderBy(asc(communities.name), asc(communities.id))
        .limit(options.limit);
    },

    /** The community and its creator as its first, moderating member: one transaction. */
    create(values: typeof communities.$inferInsert & { ownerId: number }): Promise<CommunityRow> {
      return transaction(db, async () => {
        const [row] = await db.insert(communities).values({ ...values, memberCount: 1 }).returning();
        await db.insert(communityMembers).values({ communityId: row.id, userId: values.ownerId, role: 'moderator', status: 'active' });
        return row;
      });
    },

    /** A community run by another area (an agreement's space): no owner, one forum, no members yet. */
    createManaged(values: typeof communities.$inferInsert, forum: Omit<typeof forums.$inferInsert, 'communityId'>): Promise<CommunityRow> {
      return transaction(db, async () => {
        const [row] = await db.insert(communities).values({ ...values, ownerId: null, memberCount: 0 }).returning();
        await db.insert(forums).values({ ...forum, communityId: row.id });
        return row;
      });
    },

    async update(id: number, values: Partial<typeof communities.$inferInsert>): Promise<void> {
      await db.update(communities).set(values).where(eq(communities.id, id));
    },

    async forumsOf(communityId: number): Promise<ForumRow[]> {
      return db.select().from(forums).where(eq(forums.communityId, communityId)).orderBy(asc(forums.position), asc(forums.id));
    },

    /** Whether the member moderates at least one community (staff, for the second-factor requirement). */
    async moderatesAny(userId: number): Promise<boolean> {
      const rows = await db
        .select({ userId: communityMembers.userId })
        .from(communityMembers)
        .where(and(eq(communityMembers.userId, userId), eq(communityMembers.role, 'moderator'), eq(communityMembers.status, 'active')))
        .limit(1);
      return rows.length > 0;
    },

    async moderatorIds(communityId: number): Promise<number[]> {
      return (
        await db
          .select({ userId: communityMembers.userId })
        .from(communityMembers)
        .where(
          and(eq(communityMembers.communityId, communityId), eq(communityMembers.role, 'moderator'), eq(communityMembers.status, 'active')),
        )
          .orderBy(asc(communityMembers.createdAt))
      ).map((r) => r.userId);
    },

    async recentThreads(communityId: number, limit: number) {
      return await db
        .select({
          id: threads.id,
          title: threads.title,
          kind: threads.kind,
          forumId: threads.forumId,
          forumName: forums.name,
          postCount: threads.postCount,
          lastPostAt: threads.lastPostAt,
          acceptedPostId: threads.acceptedPostId,
        })
        .from(threads)
        .innerJoin(forums, eq(forums.id, threads.forumId))
        .where(and(eq(threads.communityId, communityId), eq(threads.hidden, false)))
        .orderBy(desc(threads.lastPostAt), desc(threads.id))
        .limit(limit);
    },

    /** Members in order of user id (keyset), optionally filtered by name and status. */
    async members(communityId: number, options: { status: CommunityMemberRow['status']; q?: string; afterUserId: number; limit: number }) {
      const conditions: (SQL | undefined)[] = [
        eq(communityMembers.communityId, communityId),
        eq(communityMembers.status, options.status),
        gt(communityMembers.userId, options.afterUserId),
      ];
      if (options.q) conditions.push(or(containsText(users.username, options.q.toLowerCase()), containsText(users.displayName, options.q)));
      return await db
        .select({
          userId: communityMembers.userId,
          role: communityMembers.role,
          status: communityMembers.status,
          since: communityMembers.createdAt,
        })
        .from(communityMembers)
        .innerJoin(users, eq(users.id, communityMembers.userId))
        .where(and(...conditions))
        .orderBy(asc(communityMembers.userId))
        .limit(options.limit);
    },

    /** Creates or changes a membership and keeps the member count right, in one transaction. */
    setMembership(communityId: number, userId: number, values: Partial<Pick<Membership, 'role' | 'status' | 'silencedUntil'>>): Promise<void> {
      return transaction(db, async () => {
        await db
          .insert(communityMembers)
          .values({ communityId, userId, role: values.role ?? 'member', status: values.status ?? 'active' })
          .onConflictDoUpdate({
            target: [communityMembers.communityId, communityMembers.userId],
            set: { ...values, updatedAt: new Date() },
          });
        await recountMembers(communityId);
      });
    },

    /** A new membership unless one exists (two joins at once: one writes); true when this call wrote it. */
    joinOnce(communityId: number, userId: number, status: CommunityMemberRow['status']): Promise<boolean> {
      return transaction(db, async () => {
        const added = changed(await db.insert(communityMembers).values({ communityId, userId, role: 'member', status }).onConflictDoNothing());
        if (added) await recountMembers(communityId);
        return added > 0;
      });
    },

    /** Silences a member in one community (null lifts it); no membership, nothing written. Moderation decides. */
    async setSilencedUntil(communityId: number, userId: number, until: Date | null): Promise<void> {
      await db
        .update(communityMembers)
        .set({ silencedUntil: until })
        .where(and(eq(communityMembers.communityId, communityId), eq(communityMembers.userId, userId)));
    },

    removeMembership(communityId: number, userId: number): Promise<boolean> {
      return transaction(db, async () => {
        const removed =
          changed(await db.delete(communityMembers).where(and(eq(communityMembers.communityId, communityId), eq(communityMembers.userId, userId)))) > 0;
        await recountMembers(communityId);
        return removed;
      });
    },

    async insertForum(values: typeof forums.$inferInsert): Promise<ForumRow> {
      return (await db.insert(forums).values(values).returning())[0];
    },

    async nextForumPosition(communityId: number): Promise<number> {
      const [row] = await db
        .select({ max: sql<number | null>`max(${forums.position})`.mapWith((v) => (v === null ? null : Number(v))) })
        .from(forums)
        .where(eq(forums.communityId, communityId));
      return (row?.max ?? -1) + 1;
    },

    async updateForum(id: number, values: Partial<typeof forums.$inferInsert>): Promise<ForumRow> {
      return (await db.update(forums).set(values).where(eq(forums.id, id)).returning())[0];
    },

    reorderForums(communityId: number, forumIds: number[]): Promise<void> {
      return transaction(db, async () => {
        for (const [position, id] of forumIds.entries()) {
          await db.update(forums).set({ position }).where(and(eq(forums.id, id), eq(forums.communityId, communityId)));
        }
      });
    },

    async forumSlugTaken(communityId: number, slug: string): Promise<boolean> {
      return (await db.select({ id: forums.id }).from(forums).where(and(eq(forums.communityId, communityId), eq(forums.slug, slug))).limit(1)).length > 0;
    },

    async communitiesByIds(ids: number[]): Promise<CommunityRow[]> {
      return ids.length ? db.select().from(communities).where(inArray(communities.id, ids)) : [];
    },

    /**
     * Communities whose page an anonymous visitor may open (readable.ts `listedCommunity`: public
     * ones, and listed private ones whose page shows their name and description only), in order
     * of id after a keyset position: the sitemap's communities.
     */
    async listedToAnyone(afterId: number, limit: number) {
      return await db
        .select({ id: communities.id, slug: communities.slug, lastActivityAt: communities.lastActivityAt, createdAt: communities.createdAt })
        .from(communities)
        .where(and(listedCommunity(communities.id, null), gt(communities.id, afterId)))
        .orderBy(asc(communities.id))
        .limit(limit);
    },

    /**
     * A community the site itself keeps (no owner), with its one forum, made once: the first
     * call writes both, later ones find them (news: "Noticias / News").
     */
    ensureSiteCommunity(values: { slug: string; name: string; description: string; forum: { slug: string; name: string } }): Promise<{ community: CommunityRow; forum: ForumRow }> {
      // Two first calls at once: the unique slugs decide, and the loser reads what the winner wrote.
      return transaction(db, async () => {
        await db
          .insert(communities)
          .values({ slug: values.slug, name: values.name, description: values.description, visibility: 'public', joinPolicy: 'open', ownerId: null })
          .onConflictDoNothing({ target: communities.slug });
        const [community] = await db.select().from(communities).where(eq(communities.slug, values.slug)).limit(1);
        await db
          .insert(forums)
          .values({ communityId: community.id, slug: values.forum.slug, name: values.forum.name, position: 0 })
          .onConflictDoNothing({ target: [forums.communityId, forums.slug] });
        const [forum] = await db.select().from(forums).where(and(eq(forums.communityId, community.id), eq(forums.slug, values.forum.slug))).limit(1);
        return { community, forum };
      });
    },
  };
}

export type CommunitiesRepository = ReturnType<typeof createCommunitiesRepository>;
