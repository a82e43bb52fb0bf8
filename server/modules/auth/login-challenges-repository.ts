import { and, eq, gt, lte, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { loginChallenges, type LoginChallengeRow } from '../../../db/schema/index.ts';

/** The half-done sign-ins' one owner (see `loginChallenges`). Only hashes of the secrets are kept. */
export function createLoginChallengesRepository(db: Db) {
  return {
    insert(values: { idHash: string; userId: number; expiresAt: Date }): void {
      db.insert(loginChallenges).values(values).run();
    },

    /** A challenge still open at `now`; expired ones are as good as missing. */
    findOpen(idHash: string, now: Date): LoginChallengeRow | undefined {
      return db
        .select()
        .from(loginChallenges)
        .where(and(eq(loginChallenges.idHash, idHash), gt(loginChallenges.expiresAt, now)))
        .get();
    },

    /** Counts a wrong answer; returns the attempts made so far. */
    countAttempt(idHash: string): number {
      const row = db
        .update(loginChallenges)
        .set({ attempts: sql`${loginChallenges.attempts} + 1` })
        .where(eq(loginChallenges.idHash, idHash))
        .returning({ attempts: loginChallenges.attempts })
        .get();
      return row?.attempts ?? Number.POSITIVE_INFINITY;
    },

    setWebauthnChallenge(idHash: string, challenge: string | null): void {
      db.update(loginChallenges).set({ webauthnChallenge: challenge }).where(eq(loginChallenges.idHash, idHash)).run();
    },

    /** Used or given up: true when this call removed it (two answers racing: only one wins). */
    delete(idHash: string): boolean {
      return db.delete(loginChallenges).where(eq(loginChallenges.idHash, idHash)).run().changes > 0;
    },

    deleteExpired(now: Date): number {
      return db.delete(loginChallenges).where(lte(loginChallenges.expiresAt, now)).run().changes;
    },

    /** Tests move time by rewriting the expiry. */
    setExpiry(idHash: string, expiresAt: Date): void {
      db.update(loginChallenges).set({ expiresAt }).where(eq(loginChallenges.idHash, idHash)).run();
    },
  };
}

export type LoginChallengesRepository = ReturnType<typeof createLoginChallengesRepository>;
