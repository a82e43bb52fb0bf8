import { and, asc, count, eq, lte, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { passkeyChallenges, passkeys, type PasskeyChallengeRow, type PasskeyRow } from '../../../db/schema/index.ts';

export type ChallengePurpose = PasskeyChallengeRow['purpose'];

/** The passkeys and their pending challenges: only this repository writes them. */
export function createPasskeysRepository(db: Db) {
  return {
    listFor(userId: number): PasskeyRow[] {
      return db.select().from(passkeys).where(eq(passkeys.userId, userId)).orderBy(asc(passkeys.createdAt), asc(passkeys.id)).all();
    },

    countFor(userId: number): number {
      return db.select({ n: count() }).from(passkeys).where(eq(passkeys.userId, userId)).get()?.n ?? 0;
    },

    /** The member's own passkey; another member's is as good as missing. */
    findOwn(userId: number, id: number): PasskeyRow | undefined {
      return db.select().from(passkeys).where(and(eq(passkeys.id, id), eq(passkeys.userId, userId))).get();
    },

    findByCredential(credentialId: string): PasskeyRow | undefined {
      return db.select().from(passkeys).where(eq(passkeys.credentialId, credentialId)).get();
    },

    /** Undefined when the credential is registered already (the unique index decides). */
    insert(values: typeof passkeys.$inferInsert): PasskeyRow | undefined {
      return db.insert(passkeys).values(values).onConflictDoNothing({ target: passkeys.credentialId }).returning().get();
    },

    rename(userId: number, id: number, name: string): PasskeyRow | undefined {
      return db.update(passkeys).set({ name }).where(and(eq(passkeys.id, id), eq(passkeys.userId, userId))).returning().get();
    },

    /**
     * Records a use. The counter only moves forward: two answers racing with the same counter,
     * one wins (an authenticator that counts nothing stays at 0 and always passes).
     */
    recordUse(id: number, counter: number, at: Date): boolean {
      return (
        db
          .update(passkeys)
          .set({ counter, lastUsedAt: at })
          .where(and(eq(passkeys.id, id), sql`(${passkeys.counter} < ${counter} OR ${counter} = 0)`))
          .run().changes > 0
      );
    },

    remove(userId: number, id: number): boolean {
      return db.delete(passkeys).where(and(eq(passkeys.id, id), eq(passkeys.userId, userId))).run().changes > 0;
    },

    /** Stores a challenge under its key's hash; a newer one for the same key replaces it. */
    putChallenge(values: { keyHash: string; purpose: ChallengePurpose; userId: number | null; challenge: string; expiresAt: Date }): void {
      db.delete(passkeyChallenges).where(lte(passkeyChallenges.expiresAt, new Date())).run();
      db.insert(passkeyChallenges)
        .values(values)
        .onConflictDoUpdate({ target: passkeyChallenges.keyHash, set: { purpose: values.purpose, userId: values.userId, challenge: values.challenge, expiresAt: values.expiresAt } })
        .run();
    },

    /** Takes a challenge out (single use): the row if it was still open at `now`, for that purpose. */
    takeChallenge(keyHash: string, purpose: ChallengePurpose, now: Date): PasskeyChallengeRow | undefined {
      const row = db
        .delete(passkeyChallenges)
        .where(eq(passkeyChallenges.keyHash, keyHash))
        .returning()
        .get();
      return row && row.purpose === purpose && row.expiresAt.getTime() > now.getTime() ? row : undefined;
    },

    /** The account was erased: its passkeys and pending challenges go. */
    eraseUser(userId: number): void {
      db.transaction((tx) => {
        tx.delete(passkeys).where(eq(passkeys.userId, userId)).run();
        tx.delete(passkeyChallenges).where(eq(passkeyChallenges.userId, userId)).run();
      });
    },
  };
}

export type PasskeysRepository = ReturnType<typeof createPasskeysRepository>;
