import { and, asc, desc, eq, gt, inArray, or, sql, type SQL } from 'drizzle-orm';
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
  const membershipStmt = db
    .select({
      role: communityMembers.role,
      status: communityMembers.status,
      createdAt: communityMembers.createdAt,
      silencedUntil: communityMembers.silencedUntil,
      suspendedUntil: sql<Date | null>`(SELECT ${users.suspendedUntil} FROM ${users} WHERE ${users.id} = ${communityMembers.userId})`.mapWith(
        users.suspendedUntil,
      ),
    })
    .from(communityMembers)
    .where(
      and(eq(communityMembers.communityId, sql.placeholder('communityId')), eq(communityMembers.userId, sql.placeholder('userId'))),
    )
    .prepare();
  const bySlugStmt = db.select().from(communities).where(eq(communities.slug, sql.placeholder('slug'))).prepare();
  const byIdStmt = db.select().from(communities).where(eq(communities.id, sql.placeholder('id'))).prepare();
  const forumStmt = db.select().from(forums).where(eq(forums.id, sql.placeholder('id'))).prepare();

  function recountMembers(communityId: number) {
    db.update(communities)
      .set({
        memberCount: sql`(SELECT count(*) FROM ${communityMembers} WHERE ${communityMembers.communityId} = ${communityId} AND ${communityMembers.status} = 'active')`,
      })
      .where(eq(communities.id, communityId))
      .run();
  }

  return {
    /** The member's memberships for their data export (issue 19): their own role and status, whatever the community is now. */
    membershipsForExport(userId: number) {
      return db
        .select({ slug: communities.slug, name: communities.name, role: communityMembers.role, status: communityMembers.status, createdAt: communityMembers.createdAt, silencedUntil: communityMembers.silencedUntil })
        .from(communityMembers)
        .innerJoin(communities, eq(communities.id, communityMembers.communityId))
        .where(eq(communityMembers.userId, userId))
        .orderBy(asc(communityMembers.createdAt))
        .all();
    },

    findBySlug: (slug: string): CommunityRow | undefined => bySlugStmt.get({ slug }),
    findById: (id: number): CommunityRow | undefined => byIdStmt.get({ id }),
    findForum: (id: number): ForumRow | undefined => forumStmt.get({ id }),

    membership(communityId: number, userId: number | undefined): Membership | undefined {
      if (userId === undefined) return undefined;
      return membershipStmt.get({ communityId, userId });
    },

    /**
     * Communities whose listing the viewer may see (readable.ts: readable ones and listed private
     * ones), by name. Keyset on (name, id).
     */
    list(options: { viewerId?: number; q?: string; after: [string, number] | null; limit: number }) {
      const conditions: (SQL | undefined)[] = [listedCommunity(communities.id, options.viewerId)];
      if (options.q) conditions.push(or(containsText(communities.name, options.q), containsText(communities.description, options.q)));
      if (options.after) {
        const [name, id] = options.after;
        conditions.push(or(gt(communities.name, name), and(eq(communities.name, name), gt(communities.id, id))));
      }
      return db
        .select({ community: communities, role: communityMembers.role, status: communityMembers.status, memberSince: communityMembers.createdAt })
        .from(communities)
        .leftJoin(
          communityMembers,
          and(eq(communityMembers.communityId, communities.id), eq(communityMembers.userId, options.viewerId ?? -1)),
        )
        .where(and(...conditions))
        .orderBy(asc(communities.name), asc(communities.id))
        .limit(options.limit)
        .all();
    },

    /** The community and its creator as its first, moderating member: one transaction. */
    create(values: typeof communities.$inferInsert & { ownerId: number }): CommunityRow {
      return db.transaction((tx) => {
        const row = tx.insert(communities).values({ ...values, memberCount: 1 }).returning().get();
        tx.insert(communityMembers).values({ communityId: row.id, userId: values.ownerId, role: 'moderator', status: 'active' }).run();
        return row;
      });
    },

    /** A community run by another area (an agreement's space): no owner, one forum, no members yet. */
    createManaged(values: typeof communities.$inferInsert, forum: Omit<typeof forums.$inferInsert, 'communityId'>): CommunityRow {
      return db.transaction((tx) => {
        const row = tx.insert(communities).values({ ...values, ownerId: null, memberCount: 0 }).returning().get();
        tx.insert(forums).values({ ...forum, communityId: row.id }).run();
        return row;
      });
    },

    update(id: number, values: Partial<typeof communities.$inferInsert>): void {
      db.update(communities).set(values).where(eq(communities.id, id)).run();
    },

    forumsOf(communityId: number): ForumRow[] {
      return db.select().from(forums).where(eq(forums.communityId, communityId)).orderBy(asc(forums.position), asc(forums.id)).all();
    },

    /** Whether the member moderates at least one community (staff, for the second-factor requirement). */
    moderatesAny(userId: number): boolean {
      return !!db
        .select({ userId: communityMembers.userId })
        .from(communityMembers)
        .where(and(eq(communityMembers.userId, userId), eq(communityMembers.role, 'moderator'), eq(communityMembers.status, 'active')))
        .limit(1)
        .get();
    },

    moderatorIds(communityId: number): number[] {
      return db
        .select({ userId: communityMembers.userId })
        .from(communityMembers)
        .where(
          and(eq(communityMembers.communityId, communityId), eq(communityMembers.role, 'moderator'), eq(communityMembers.status, 'active')),
        )
        .orderBy(asc(communityMembers.createdAt))
        .all()
        .map((r) => r.userId);
    },

    recentThreads(communityId: number, limit: number) {
      return db
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
        .limit(limit)
        .all();
    },

    /** Members in order of user id (keyset), optionally filtered by name and status. */
    members(communityId: number, options: { status: CommunityMemberRow['status']; q?: string; afterUserId: number; limit: number }) {
      const conditions: (SQL | undefined)[] = [
        eq(communityMembers.communityId, communityId),
        eq(communityMembers.status, options.status),
        gt(communityMembers.userId, options.afterUserId),
      ];
      if (options.q) conditions.push(or(containsText(users.username, options.q.toLowerCase()), containsText(users.displayName, options.q)));
      return db
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
        .limit(options.limit)
        .all();
    },

    /** Creates or changes a membership and keeps the member count right, in one transaction. */
    setMembership(communityId: number, userId: number, values: Partial<Pick<Membership, 'role' | 'status' | 'silencedUntil'>>): void {
      db.transaction(() => {
        db.insert(communityMembers)
          .values({ communityId, userId, role: values.role ?? 'member', status: values.status ?? 'active' })
          .onConflictDoUpdate({
            target: [communityMembers.communityId, communityMembers.userId],
            set: { ...values, updatedAt: new Date() },
          })
          .run();
        recountMembers(communityId);
      });
    },

    /** Silences a member in one community (null lifts it); no membership, nothing written. Moderation decides. */
    setSilencedUntil(communityId: number, userId: number, until: Date | null): void {
      db.update(communityMembers)
        .set({ silencedUntil: until })
        .where(and(eq(communityMembers.communityId, communityId), eq(communityMembers.userId, userId)))
        .run();
    },

    removeMembership(communityId: number, userId: number): boolean {
      return db.transaction(() => {
        const removed =
          db
            .delete(communityMembers)
            .where(and(eq(communityMembers.communityId, communityId), eq(communityMembers.userId, userId)))
            .run().changes > 0;
        recountMembers(communityId);
        return removed;
      });
    },

    insertForum(values: typeof forums.$inferInsert): ForumRow {
      return db.insert(forums).values(values).returning().get();
    },

    nextForumPosition(communityId: number): number {
      const row = db
        .select({ max: sql<number | null>`max(${forums.position})` })
        .from(forums)
        .where(eq(forums.communityId, communityId))
        .get();
      return (row?.max ?? -1) + 1;
    },

    updateForum(id: number, values: Partial<typeof forums.$inferInsert>): ForumRow {
      return db.update(forums).set(values).where(eq(forums.id, id)).returning().get();
    },

    reorderForums(communityId: number, forumIds: number[]): void {
      db.transaction((tx) => {
        forumIds.forEach((id, position) => {
          tx.update(forums).set({ position }).where(and(eq(forums.id, id), eq(forums.communityId, communityId))).run();
        });
      });
    },

    forumSlugTaken(communityId: number, slug: string): boolean {
      return !!db.select({ id: forums.id }).from(forums).where(and(eq(forums.communityId, communityId), eq(forums.slug, slug))).get();
    },

    communitiesByIds(ids: number[]): CommunityRow[] {
      return ids.length ? db.select().from(communities).where(inArray(communities.id, ids)).all() : [];
    },

    /**
     * Communities whose page an anonymous visitor may open (readable.ts `listedCommunity`: public
     * ones, and listed private ones whose page shows their name and description only), in order
     * of id after a keyset position: the sitemap's communities.
     */
    listedToAnyone(afterId: number, limit: number) {
      return db
        .select({ id: communities.id, slug: communities.slug, lastActivityAt: communities.lastActivityAt, createdAt: communities.createdAt })
        .from(communities)
        .where(and(listedCommunity(communities.id, null), gt(communities.id, afterId)))
        .orderBy(asc(communities.id))
        .limit(limit)
        .all();
    },

    /**
     * A community the site itself keeps (no owner), with its one forum, made once: the first
     * call writes both, later ones find them (news: "Noticias / News").
     */
    ensureSiteCommunity(values: { slug: string; name: string; description: string; forum: { slug: string; name: string } }): { community: CommunityRow; forum: ForumRow } {
      return db.transaction((tx) => {
        const community =
          tx.select().from(communities).where(eq(communities.slug, values.slug)).get() ??
          tx.insert(communities).values({ slug: values.slug, name: values.name, description: values.description, visibility: 'public', joinPolicy: 'open', ownerId: null }).returning().get();
        const forum =
          tx.select().from(forums).where(and(eq(forums.communityId, community.id), eq(forums.slug, values.forum.slug))).get() ??
          tx.insert(forums).values({ communityId: community.id, slug: values.forum.slug, name: values.forum.name, position: 0 }).returning().get();
        return { community, forum };
      });
    },
  };
}

export type CommunitiesRepository = ReturnType<typeof createCommunitiesRepository>;
