import { and, eq, gt, isNull } from 'drizzle-orm';
import { changed, transaction } from '../../../db/access.ts';
import type { Db } from '../../../db/client.ts';
import { passwordResetTokens, type PasswordResetTokenRow } from '../../../db/schema/index.ts';

/** The password-reset tokens' one owner. Only hashes are stored. */
export function createPasswordResetRepository(db: Db) {
  return {
    /** A token, the mail that carries it and the sessions it ends stand or fall together. */
    transaction: <T>(write: () => Promise<T>): Promise<T> => transaction(db, write),

    async insert(values: { userId: number; tokenHash: string; expiresAt: Date }): Promise<number> {
      const [row] = await db.insert(passwordResetTokens).values(values).returning({ id: passwordResetTokens.id });
      return row.id;
    },

    async findByHash(tokenHash: string): Promise<PasswordResetTokenRow | undefined> {
      return (await db.select().from(passwordResetTokens).where(eq(passwordResetTokens.tokenHash, tokenHash)).limit(1))[0];
    },

    /** Uses the token if it is still unused and unexpired; false when another request got there first. */
    async consume(id: number, now: Date): Promise<boolean> {
      const result = await db
        .update(passwordResetTokens)
        .set({ usedAt: now })
        .where(and(eq(passwordResetTokens.id, id), isNull(passwordResetTokens.usedAt), gt(passwordResetTokens.expiresAt, now)));
      return changed(result) > 0;
    },

    /** The account's other links stop working once one was used. */
    async consumeAllFor(userId: number, now: Date): Promise<void> {
      await db
        .update(passwordResetTokens)
        .set({ usedAt: now })
        .where(and(eq(passwordResetTokens.userId, userId), isNull(passwordResetTokens.usedAt)));
    },

    /** Tests move time by rewriting the expiry. */
    async setExpiry(id: number, expiresAt: Date): Promise<void> {
      await db.update(passwordResetTokens).set({ expiresAt }).where(eq(passwordResetTokens.id, id));
    },
  };
}

export type PasswordResetRepository = ReturnType<typeof createPasswordResetRepository>;
