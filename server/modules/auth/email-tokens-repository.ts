import { and, count, desc, eq, gt, isNull } from 'drizzle-orm';
import { changed, transaction } from '../../../db/access.ts';
import type { Db } from '../../../db/client.ts';
import { emailTokens, type EmailTokenRow } from '../../../db/schema/index.ts';

export type EmailTokenPurpose = EmailTokenRow['purpose'];

/** The address-confirmation links' one owner (verification and email change). Only hashes are stored. */
export function createEmailTokensRepository(db: Db) {
  return {
    /** A token and the mail that carries it stand or fall together. */
    transaction: <T>(write: () => Promise<T>): Promise<T> => transaction(db, write),

    async insert(values: { userId: number; purpose: EmailTokenPurpose; email: string; tokenHash: string; expiresAt: Date }): Promise<number> {
      const [row] = await db.insert(emailTokens).values(values).returning({ id: emailTokens.id });
      return row.id;
    },

    async findByHash(tokenHash: string): Promise<EmailTokenRow | undefined> {
      return (await db.select().from(emailTokens).where(eq(emailTokens.tokenHash, tokenHash)).limit(1))[0];
    },

    /** Uses the token if it is still unused and unexpired; false when another request got there first. */
    async consume(id: number, now: Date): Promise<boolean> {
      const result = await db
        .update(emailTokens)
        .set({ usedAt: now })
        .where(and(eq(emailTokens.id, id), isNull(emailTokens.usedAt), gt(emailTokens.expiresAt, now)));
      return changed(result) > 0;
    },

    /** Once one link of a kind worked, the account's other links of that kind stop working. */
    async consumeAllFor(userId: number, purpose: EmailTokenPurpose, now: Date): Promise<void> {
      await db
        .update(emailTokens)
        .set({ usedAt: now })
        .where(and(eq(emailTokens.userId, userId), eq(emailTokens.purpose, purpose), isNull(emailTokens.usedAt)));
    },

    /** Links of a kind made for the account since then, and when the latest was (resend limits). */
    async recent(userId: number, purpose: EmailTokenPurpose, since: Date): Promise<{ count: number; latest: Date | null }> {
      const where = and(eq(emailTokens.userId, userId), eq(emailTokens.purpose, purpose), gt(emailTokens.createdAt, since));
      const [{ n }] = await db.select({ n: count() }).from(emailTokens).where(where);
      const [latest] = await db.select({ at: emailTokens.createdAt }).from(emailTokens).where(where).orderBy(desc(emailTokens.id)).limit(1);
      return { count: n, latest: latest?.at ?? null };
    },

    /** Tests move time by rewriting the expiry. */
    async setExpiry(id: number, expiresAt: Date): Promise<void> {
      await db.update(emailTokens).set({ expiresAt }).where(eq(emailTokens.id, id));
    },
  };
}

export type EmailTokensRepository = ReturnType<typeof createEmailTokensRepository>;
