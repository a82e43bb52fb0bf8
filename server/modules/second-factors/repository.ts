import { and, count, eq, isNotNull, isNull, lt, or } from 'drizzle-orm';
import { changed, transaction } from '../../../db/access.ts';
import type { Db } from '../../../db/client.ts';
import { recoveryCodes, totpSecrets, type TotpSecretRow } from '../../../db/schema/index.ts';

/** The one owner of the authenticator secrets and recovery codes. */
export function createSecondFactorsRepository(db: Db) {
  async function replaceCodes(userId: number, codeHashes: string[]): Promise<void> {
    await db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
    if (codeHashes.length) await db.insert(recoveryCodes).values(codeHashes.map((codeHash) => ({ userId, codeHash })));
  }

  return {
    async totpOf(userId: number): Promise<TotpSecretRow | undefined> {
      return (await db.select().from(totpSecrets).where(eq(totpSecrets.userId, userId)).limit(1))[0];
    },

    async totpEnabled(userId: number): Promise<boolean> {
      const found = await db
        .select({ userId: totpSecrets.userId })
        .from(totpSecrets)
        .where(and(eq(totpSecrets.userId, userId), isNotNull(totpSecrets.confirmedAt)))
        .limit(1);
      return found.length > 0;
    },

    /** A new pending secret, in place of an unconfirmed one; false when TOTP is already on. */
    savePending(userId: number, secret: string): Promise<boolean> {
      return transaction(db, async () => {
        const current = (await db.select().from(totpSecrets).where(eq(totpSecrets.userId, userId)).limit(1))[0];
        if (current?.confirmedAt) return false;
        await db.delete(totpSecrets).where(eq(totpSecrets.userId, userId));
        await db.insert(totpSecrets).values({ userId, secret });
        return true;
      });
    },

    /**
     * Records that the code of `timeStep` was accepted; false when it (or a later one) was
     * already: two requests racing with one code, one wins.
     */
    async useTimeStep(userId: number, timeStep: number): Promise<boolean> {
      const result = await db
        .update(totpSecrets)
        .set({ lastTimeStep: timeStep })
        .where(and(eq(totpSecrets.userId, userId), or(isNull(totpSecrets.lastTimeStep), lt(totpSecrets.lastTimeStep, timeStep))));
      return changed(result) > 0;
    },

    /** Turns the pending secret on, with its first code's step and a fresh set of recovery codes. */
    confirm(userId: number, timeStep: number, codeHashes: string[]): Promise<boolean> {
      return transaction(db, async () => {
        const done = changed(
          await db
            .update(totpSecrets)
            .set({ confirmedAt: new Date(), lastTimeStep: timeStep })
            .where(and(eq(totpSecrets.userId, userId), isNull(totpSecrets.confirmedAt))),
        );
        if (!done) return false;
        await replaceCodes(userId, codeHashes);
        return true;
      });
    },

    async deleteTotp(userId: number): Promise<boolean> {
      return changed(await db.delete(totpSecrets).where(eq(totpSecrets.userId, userId))) > 0;
    },

    async replaceRecoveryCodes(userId: number, codeHashes: string[]): Promise<void> {
      await transaction(db, () => replaceCodes(userId, codeHashes));
    },

    async recoveryCodesLeft(userId: number): Promise<number> {
      const found = await db
        .select({ n: count() })
        .from(recoveryCodes)
        .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
      return found[0]?.n ?? 0;
    },

    /** Uses up an unused code; false when there is none such (never issued, or used already). */
    async useRecoveryCode(userId: number, codeHash: string): Promise<boolean> {
      const result = await db
        .update(recoveryCodes)
        .set({ usedAt: new Date() })
        .where(and(eq(recoveryCodes.userId, userId), eq(recoveryCodes.codeHash, codeHash), isNull(recoveryCodes.usedAt)));
      return changed(result) > 0;
    },

    async deleteRecoveryCodes(userId: number): Promise<void> {
      await db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
    },

    /** An erased account: its secret and codes go. */
    async deleteAllFor(userId: number): Promise<void> {
      await transaction(db, async () => {
        await db.delete(totpSecrets).where(eq(totpSecrets.userId, userId));
        await db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
      });
    },
  };
}

export type SecondFactorsRepository = ReturnType<typeof createSecondFactorsRepository>;
