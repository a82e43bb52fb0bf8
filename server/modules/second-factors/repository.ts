import { and, count, eq, isNotNull, isNull, lt, or } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { recoveryCodes, totpSecrets, type TotpSecretRow } from '../../../db/schema/index.ts';

/** The one owner of the authenticator secrets and recovery codes. */
export function createSecondFactorsRepository(db: Db) {
  return {
    totpOf(userId: number): TotpSecretRow | undefined {
      return db.select().from(totpSecrets).where(eq(totpSecrets.userId, userId)).get();
    },

    totpEnabled(userId: number): boolean {
      return !!db
        .select({ userId: totpSecrets.userId })
        .from(totpSecrets)
        .where(and(eq(totpSecrets.userId, userId), isNotNull(totpSecrets.confirmedAt)))
        .get();
    },

    /** A new pending secret, in place of an unconfirmed one; false when TOTP is already on. */
    savePending(userId: number, secret: string): boolean {
      return db.transaction((tx) => {
        const current = tx.select().from(totpSecrets).where(eq(totpSecrets.userId, userId)).get();
        if (current?.confirmedAt) return false;
        tx.delete(totpSecrets).where(eq(totpSecrets.userId, userId)).run();
        tx.insert(totpSecrets).values({ userId, secret }).run();
        return true;
      });
    },

    /**
     * Records that the code of `timeStep` was accepted; false when it (or a later one) was
     * already: two requests racing with one code, one wins.
     */
    useTimeStep(userId: number, timeStep: number): boolean {
      return (
        db
          .update(totpSecrets)
          .set({ lastTimeStep: timeStep })
          .where(and(eq(totpSecrets.userId, userId), or(isNull(totpSecrets.lastTimeStep), lt(totpSecrets.lastTimeStep, timeStep))))
          .run().changes > 0
      );
    },

    /** Turns the pending secret on, with its first code's step and a fresh set of recovery codes. */
    confirm(userId: number, timeStep: number, codeHashes: string[]): boolean {
      return db.transaction((tx) => {
        const done = tx
          .update(totpSecrets)
          .set({ confirmedAt: new Date(), lastTimeStep: timeStep })
          .where(and(eq(totpSecrets.userId, userId), isNull(totpSecrets.confirmedAt)))
          .run().changes;
        if (!done) return false;
        replaceCodes(tx, userId, codeHashes);
        return true;
      });
    },

    deleteTotp(userId: number): boolean {
      return db.delete(totpSecrets).where(eq(totpSecrets.userId, userId)).run().changes > 0;
    },

    replaceRecoveryCodes(userId: number, codeHashes: string[]): void {
      db.transaction((tx) => replaceCodes(tx, userId, codeHashes));
    },

    recoveryCodesLeft(userId: number): number {
      return (
        db
          .select({ n: count() })
          .from(recoveryCodes)
          .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)))
          .get()?.n ?? 0
      );
    },

    /** Uses up an unused code; false when there is none such (never issued, or used already). */
    useRecoveryCode(userId: number, codeHash: string): boolean {
      return (
        db
          .update(recoveryCodes)
          .set({ usedAt: new Date() })
          .where(and(eq(recoveryCodes.userId, userId), eq(recoveryCodes.codeHash, codeHash), isNull(recoveryCodes.usedAt)))
          .run().changes > 0
      );
    },

    deleteRecoveryCodes(userId: number): void {
      db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId)).run();
    },

    /** An erased account: its secret and codes go. */
    deleteAllFor(userId: number): void {
      db.transaction((tx) => {
        tx.delete(totpSecrets).where(eq(totpSecrets.userId, userId)).run();
        tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId)).run();
      });
    },
  };
}

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

function replaceCodes(tx: Tx, userId: number, codeHashes: string[]): void {
  tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId)).run();
  if (codeHashes.length) tx.insert(recoveryCodes).values(codeHashes.map((codeHash) => ({ userId, codeHash }))).run();
}

export type SecondFactorsRepository = ReturnType<typeof createSecondFactorsRepository>;
