import { and, desc, eq, gt, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import { changed, lockWithin, transaction } from '../../../db/access.ts';
import type { Db } from '../../../db/client.ts';
import { communityInvitations, type CommunityInvitationRow } from '../../../db/schema/index.ts';

/** The invitations' table, written only here. */
export function createInvitationsRepository(db: Db) {
  const findByHash = async (hash: string): Promise<CommunityInvitationRow | undefined> =>
    (await db.select().from(communityInvitations).where(eq(communityInvitations.tokenHash, hash)).limit(1))[0];

  return {
    transaction: <T>(work: () => Promise<T>): Promise<T> => transaction(db, work),

    async insert(values: typeof communityInvitations.$inferInsert): Promise<CommunityInvitationRow> {
      return (await db.insert(communityInvitations).values(values).returning())[0]!;
    },

    findByHash,

    async find(communityId: number, id: number): Promise<CommunityInvitationRow | undefined> {
      const found = await db
        .select()
        .from(communityInvitations)
        .where(and(eq(communityInvitations.id, id), eq(communityInvitations.communityId, communityId)))
        .limit(1);
      return found[0];
    },

    /** A community's invitations, newest first (keyset on id). */
    async list(communityId: number, beforeId: number | null, limit: number): Promise<CommunityInvitationRow[]> {
      return db
        .select()
        .from(communityInvitations)
        .where(and(eq(communityInvitations.communityId, communityId), beforeId ? lt(communityInvitations.id, beforeId) : undefined))
        .orderBy(desc(communityInvitations.id))
        .limit(limit);
    },

    /** How many invitations to an address this person made since then, and the oldest of them (mail sent on their word). */
    /**
     * The invitations a person had mailed since `since`, counted inside the caller's transaction
     * while no other transaction counts theirs (lockWithin): the count stays true until it commits.
     */
    async mailedSinceLocked(userId: number, since: Date): Promise<{ count: number; oldest: Date | null }> {
      await lockWithin(db, 'invitations.mailed', userId);
      const [row] = await db
        .select({ count: sql<number>`count(*)`, oldest: sql<number | null>`min(${communityInvitations.createdAt})` })
        .from(communityInvitations)
        .where(and(eq(communityInvitations.createdBy, userId), isNotNull(communityInvitations.email), gt(communityInvitations.createdAt, since)));
      return { count: Number(row?.count ?? 0), oldest: row?.oldest != null ? new Date(Number(row.oldest)) : null };
    },

    /**
     * Takes one use, if one is left: a single UPDATE guarded by every condition, so two people
     * accepting the last use at once cannot both have it (false for the one who lost).
     */
    async takeUse(id: number, at: Date): Promise<boolean> {
      const result = await db
        .update(communityInvitations)
        .set({ uses: sql`${communityInvitations.uses} + 1` })
        .where(
          and(
            eq(communityInvitations.id, id),
            isNull(communityInvitations.revokedAt),
            gt(communityInvitations.expiresAt, at),
            or(isNull(communityInvitations.maxUses), lt(communityInvitations.uses, communityInvitations.maxUses)),
          ),
        );
      return changed(result) === 1;
    },

    async revoke(id: number, at: Date): Promise<boolean> {
      const result = await db
        .update(communityInvitations)
        .set({ revokedAt: at })
        .where(and(eq(communityInvitations.id, id), isNull(communityInvitations.revokedAt)));
      return changed(result) === 1;
    },

    /** An erased account: what it made stays (the community's) without its maker. */
    async forgetCreator(userId: number): Promise<void> {
      await db.update(communityInvitations).set({ createdBy: null }).where(eq(communityInvitations.createdBy, userId));
    },

    /** An erased account's address: invitations to it are revoked and the address itself dropped. */
    async revokeAddressedTo(email: string, at: Date): Promise<number> {
      const result = await db
        .update(communityInvitations)
        .set({ revokedAt: sql`coalesce(${communityInvitations.revokedAt}, ${at.getTime()})`, email: null })
        .where(eq(communityInvitations.email, email));
      return changed(result);
    },
  };
}

export type InvitationsRepository = ReturnType<typeof createInvitationsRepository>;
