import { and, desc, eq, gt, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { communityInvitations, type CommunityInvitationRow } from '../../../db/schema/index.ts';

/** The invitations' table, written only here. */
export function createInvitationsRepository(db: Db) {
  const byHash = db.select().from(communityInvitations).where(eq(communityInvitations.tokenHash, sql.placeholder('hash'))).prepare();

  return {
    transaction: <T>(work: () => T): T => db.transaction(work),

    insert(values: typeof communityInvitations.$inferInsert): CommunityInvitationRow {
      return db.insert(communityInvitations).values(values).returning().get();
    },

    findByHash: (hash: string): CommunityInvitationRow | undefined => byHash.get({ hash }),

    find(communityId: number, id: number): CommunityInvitationRow | undefined {
      return db
        .select()
        .from(communityInvitations)
        .where(and(eq(communityInvitations.id, id), eq(communityInvitations.communityId, communityId)))
        .get();
    },

    /** A community's invitations, newest first (keyset on id). */
    list(communityId: number, beforeId: number | null, limit: number): CommunityInvitationRow[] {
      return db
        .select()
        .from(communityInvitations)
        .where(and(eq(communityInvitations.communityId, communityId), beforeId ? lt(communityInvitations.id, beforeId) : undefined))
        .orderBy(desc(communityInvitations.id))
        .limit(limit)
        .all();
    },

    /** How many invitations to an address this person made since then, and the oldest of them (mail sent on their word). */
    mailedSince(userId: number, since: Date): { count: number; oldest: Date | null } {
      const row = db
        .select({ count: sql<number>`count(*)`, oldest: sql<number | null>`min(${communityInvitations.createdAt})` })
        .from(communityInvitations)
        .where(and(eq(communityInvitations.createdBy, userId), isNotNull(communityInvitations.email), gt(communityInvitations.createdAt, since)))
        .get();
      return { count: row?.count ?? 0, oldest: row?.oldest ? new Date(row.oldest) : null };
    },

    /**
     * Takes one use, if one is left: a single UPDATE guarded by every condition, so two people
     * accepting the last use at once cannot both have it (false for the one who lost).
     */
    takeUse(id: number, at: Date): boolean {
      return (
        db
          .update(communityInvitations)
          .set({ uses: sql`${communityInvitations.uses} + 1` })
          .where(
            and(
              eq(communityInvitations.id, id),
              isNull(communityInvitations.revokedAt),
              gt(communityInvitations.expiresAt, at),
              or(isNull(communityInvitations.maxUses), lt(communityInvitations.uses, communityInvitations.maxUses)),
            ),
          )
          .run().changes === 1
      );
    },

    revoke(id: number, at: Date): boolean {
      return (
        db
          .update(communityInvitations)
          .set({ revokedAt: at })
          .where(and(eq(communityInvitations.id, id), isNull(communityInvitations.revokedAt)))
          .run().changes === 1
      );
    },

    /** An erased account: what it made stays (the community's) without its maker. */
    forgetCreator(userId: number): void {
      db.update(communityInvitations).set({ createdBy: null }).where(eq(communityInvitations.createdBy, userId)).run();
    },

    /** An erased account's address: invitations to it are revoked and the address itself dropped. */
    revokeAddressedTo(email: string, at: Date): number {
      return db
        .update(communityInvitations)
        .set({ revokedAt: sql`coalesce(${communityInvitations.revokedAt}, ${at.getTime()})`, email: null })
        .where(eq(communityInvitations.email, email))
        .run().changes;
    },
  };
}

export type InvitationsRepository = ReturnType<typeof createInvitationsRepository>;
