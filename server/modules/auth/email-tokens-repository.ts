import { and, count, desc, eq, gt, isNull } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { emailTokens, type EmailTokenRow } from '../../../db/schema/index.ts';

export type EmailTokenPurpose = EmailTokenRow['purpose'];

/** The address-confirmation links' one owner (verification and email change). Only hashes are stored. */
export function createEmailTokensRepository(db: Db) {
  return {
    /** A token and the mail that carries it stand or fall together. */
    transaction: <T>(write: () => T): T => db.transaction(write),

    insert(values: { userId: number; purpose: EmailTokenPurpose; email: string; tokenHash: string; expiresAt: Date }): number {
      return db.insert(emailTokens).values(values).returning({ id: emailTokens.id }).get().id;
    },

    findByHash(tokenHash: string): EmailTokenRow | undefined {
      return db.select().from(emailTokens).where(eq(emailTokens.tokenHash, tokenHash)).get();
    },

    /** Uses the token if it is still unused and unexpired; false when another request got there first. */
    consume(id: number, now: Date): boolean {
      return (
        db
          .update(emailTokens)
          .set({ usedAt: now })
          .where(and(eq(emailTokens.id, id), isNull(emailTokens.usedAt), gt(emailTokens.expiresAt, now)))
          .run().changes > 0
      );
    },

    /** Once one link of a kind worked, the account's other links of that kind stop working. */
    consumeAllFor(userId: number, purpose: EmailTokenPurpose, now: Date): void {
      db.update(emailTokens)
        .set({ usedAt: now })
        .where(and(eq(emailTokens.userId, userId), eq(emailTokens.purpose, purpose), isNull(emailTokens.usedAt)))
        .run();
    },

    /** Links of a kind made for the account since then, and when the latest was (resend limits). */
    recent(userId: number, purpose: EmailTokenPurpose, since: Date): { count: number; latest: Date | null } {
      const where = and(eq(emailTokens.userId, userId), eq(emailTokens.purpose, purpose), gt(emailTokens.createdAt, since));
      const n = db.select({ n: count() }).from(emailTokens).where(where).get()!.n;
      const latest = db.select({ at: emailTokens.createdAt }).from(emailTokens).where(where).orderBy(desc(emailTokens.id)).limit(1).get();
      return { count: n, latest: latest?.at ?? null };
    },

    /** Tests move time by rewriting the expiry. */
    setExpiry(id: number, expiresAt: Date): void {
      db.update(emailTokens).set({ expiresAt }).where(eq(emailTokens.id, id)).run();
    },
  };
}

export type EmailTokensRepository = ReturnType<typeof createEmailTokensRepository>;
