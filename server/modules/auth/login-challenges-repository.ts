import { and, eq, gt, lte, sql } from 'drizzle-orm';
import { changed } from '../../../db/access.ts';
import type { Db } from '../../../db/client.ts';
import { loginChallenges, type LoginChallengeRow } from '../../../db/schema/index.ts';

/** The half-done sign-ins' one owner (see `loginChallenges`). Only hashes of the secrets are kept. */
export function createLoginChallengesRepository(db: Db) {
  return {
    async insert(values: { idHash: string; userId: number; expiresAt: Date }): Promise<void> {
      await db.insert(loginChallenges).values(values);
    },

    /** A challenge still open at `now`; expired ones are as good as missing. */
    async findOpen(idHash: string, now: Date): Promise<LoginChallengeRow | undefined> {
      const [row] = await db
        .select()
        .from(loginChallenges)
        .where(and(eq(loginChallenges.idHash, idHash), gt(loginChallenges.expiresAt, now)))
        .limit(1);
      return row;
    },

    /** Counts a wrong answer; returns the attempts made so far. */
    async countAttempt(idHash: string): Promise<number> {
      const [row] = await db
        .update(loginChallenges)
        .set({ attempts: sql`${loginChallenges.attempts} + 1` })
        .where(eq(loginChallenges.idHash, idHash))
        .returning({ attempts: loginChallenges.attempts });
      return row?.attempts ?? Number.POSITIVE_INFINITY;
    },

    async setWebauthnChallenge(idHash: string, challenge: string | null): Promise<void> {
      await db.update(loginChallenges).set({ webauthnChallenge: challenge }).where(eq(loginChallenges.idHash, idHash));
    },

    /** Used or given up: true when this call removed it (two answers racing: only one wins). */
    async delete(idHash: string): Promise<boolean> {
      return changed(await db.delete(loginChallenges).where(eq(loginChallenges.idHash, idHash))) > 0;
    },

    async deleteExpired(now: Date): Promise<number> {
      return changed(await db.delete(loginChallenges).where(lte(loginChallenges.expiresAt, now)));
    },

    /** Tests move time by rewriting the expiry. */
    async setExpiry(idHash: string, expiresAt: Date): Promise<void> {
      await db.update(loginChallenges).set({ expiresAt }).where(eq(loginChallenges.idHash, idHash));
    },
  };
}

export type LoginChallengesRepository = ReturnType<typeof createLoginChallengesRepository>;
