import { and, asc, count, eq, lte, sql } from 'drizzle-orm';
import { changed, transaction } from '../../../db/access.ts';
import type { Db } from '../../../db/client.ts';
import { passkeyChallenges, passkeys, type PasskeyChallengeRow, type PasskeyRow } from '../../../db/schema/index.ts';

export type ChallengePurpose = PasskeyChallengeRow['purpose'];

/** The passkeys and their pending challenges: only this repository writes them. */
export function createPasskeysRepository(db: Db) {
  return {
    async listFor(userId: number): Promise<PasskeyRow[]> {
      return db.select().from(passkeys).where(eq(passkeys.userId, userId)).orderBy(asc(passkeys.createdAt), asc(passkeys.id));
    },

    async countFor(userId: number): Promise<number> {
      return (await db.select({ n: count() }).from(passkeys).where(eq(passkeys.userId, userId)))[0]?.n ?? 0;
    },

    /** The member's own passkey; another member's is as good as missing. */
    async findOwn(userId: number, id: number): Promise<PasskeyRow | undefined> {
      return (await db.select().from(passkeys).where(and(eq(passkeys.id, id), eq(passkeys.userId, userId))).limit(1))[0];
    },

    async findByCredential(credentialId: string): Promise<PasskeyRow | undefined> {
      return (await db.select().from(passkeys).where(eq(passkeys.credentialId, credentialId)).limit(1))[0];
    },

    /** Undefined when the credential is registered already (the unique index decides). */
    async insert(values: typeof passkeys.$inferInsert): Promise<PasskeyRow | undefined> {
      return (await db.insert(passkeys).values(values).onConflictDoNothing({ target: passkeys.credentialId }).returning())[0];
    },

    async rename(userId: number, id: number, name: string): Promise<PasskeyRow | undefined> {
      return (await db.update(passkeys).set({ name }).where(and(eq(passkeys.id, id), eq(passkeys.userId, userId))).returning())[0];
    },

    /**
     * Records a use. The counter only moves forward: two answers racing with the same counter,
     * one wins (an authenticator that counts nothing stays at 0 and always passes).
     */
    async recordUse(id: number, counter: number, at: Date): Promise<boolean> {
      const result = await db
        .update(passkeys)
        .set({ counter, lastUsedAt: at })
        .where(and(eq(passkeys.id, id), sql`(${passkeys.counter} < ${counter} OR ${counter} = 0)`));
      return changed(result) > 0;
    },

    async remove(userId: number, id: number): Promise<boolean> {
      return changed(await db.delete(passkeys).where(and(eq(passkeys.id, id), eq(passkeys.userId, userId)))) > 0;
    },

    /** Stores a challenge under its key's hash; a newer one for the same key replaces it. */
    async putChallenge(values: { keyHash: string; purpose: ChallengePurpose; userId: number | null; challenge: string; expiresAt: Date }): Promise<void> {
      await db.delete(passkeyChallenges).where(lte(passkeyChallenges.expiresAt, new Date()));
      await db
        .insert(passkeyChallenges)
        .values(values)
        .onConflictDoUpdate({ target: passkeyChallenges.keyHash, set: { purpose: values.purpose, userId: values.userId, challenge: values.challenge, expiresAt: values.expiresAt } });
    },

    /** Takes a challenge out (single use): the row if it was still open at `now`, for that purpose. */
    async takeChallenge(keyHash: string, purpose: ChallengePurpose, now: Date): Promise<PasskeyChallengeRow | undefined> {
      const row = (await db.delete(passkeyChallenges).where(eq(passkeyChallenges.keyHash, keyHash)).returning())[0];
      return row && row.purpose === purpose && row.expiresAt.getTime() > now.getTime() ? row : undefined;
    },

    /** The account was erased: its passkeys and pending challenges go. */
    async eraseUser(userId: number): Promise<void> {
      await transaction(db, async () => {
        await db.delete(passkeys).where(eq(passkeys.userId, userId));
        await db.delete(passkeyChallenges).where(eq(passkeyChallenges.userId, userId));
      });
    },
  };
}

export type PasskeysRepository = ReturnType<typeof createPasskeysRepository>;
