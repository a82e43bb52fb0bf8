import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { passwordResetTokens, type PasswordResetTokenRow } from '../../../db/schema/index.ts';

/** The password-reset tokens' one owner. Only hashes are stored. */
export function createPasswordResetRepository(db: Db) {
  return {
    /** A token, the mail that carries it and the sessions it ends stand or fall together. */
    transaction: <T>(write: () => T): T => db.transaction(write),

    insert(values: { userId: number; tokenHash: string; expiresAt: Date }): number {
      return db.insert(passwordResetTokens).values(values).returning({ id: passwordResetTokens.id }).get().id;
    },

    findByHash(tokenHash: string): PasswordResetTokenRow | undefined {
      return db.select().from(passwordResetTokens).where(eq(passwordResetTokens.tokenHash, tokenHash)).get();
    },

    /** Uses the token if it is still unused and unexpired; false when another request got there first. */
    consume(id: number, now: Date): boolean {
      return (
        db
          .update(passwordResetTokens)
          .set({ usedAt: now })
          .where(and(eq(passwordResetTokens.id, id), isNull(passwordResetTokens.usedAt), gt(passwordResetTokens.expiresAt, now)))
          .run().changes > 0
      );
    },

    /** The account's other links stop working once one was used. */
    consumeAllFor(userId: number, now: Date): void {
      db.update(passwordResetTokens)
        .set({ usedAt: now })
        .where(and(eq(passwordResetTokens.userId, userId), isNull(passwordResetTokens.usedAt)))
        .run();
    },

    /** Tests move time by rewriting the expiry. */
    setExpiry(id: number, expiresAt: Date): void {
      db.update(passwordResetTokens).set({ expiresAt }).where(eq(passwordResetTokens.id, id)).run();
    },
  };
}

export type PasswordResetRepository = ReturnType<typeof createPasswordResetRepository>;
