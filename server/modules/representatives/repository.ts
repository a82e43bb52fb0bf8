import { and, asc, eq } from 'drizzle-orm';
import { changed } from '../../../db/access.ts';
import type { Db } from '../../../db/client.ts';
import { institutionRepresentatives, institutions, users } from '../../../db/schema/index.ts';

/** The institution_representatives table: only this repository writes it. */
export function createRepresentativesRepository(db: Db) {
  return {
    /** An institution's representatives, by name. */
    async of(institutionId: number) {
      return db
        .select({ id: users.id, username: users.username, displayName: users.displayName })
        .from(institutionRepresentatives)
        .innerJoin(users, eq(users.id, institutionRepresentatives.userId))
        .where(eq(institutionRepresentatives.institutionId, institutionId))
        .orderBy(asc(users.displayName), asc(users.id));
    },

    /** The institutions a person represents. */
    async institutionsOf(userId: number): Promise<number[]> {
      return (
        await db
          .select({ id: institutionRepresentatives.institutionId })
          .from(institutionRepresentatives)
          .where(eq(institutionRepresentatives.userId, userId))
          .orderBy(asc(institutionRepresentatives.institutionId))
      ).map((row) => row.id);
    },

    async represents(userId: number, institutionId: number): Promise<boolean> {
      const found = await db
        .select({ one: institutionRepresentatives.userId })
        .from(institutionRepresentatives)
        .where(and(eq(institutionRepresentatives.userId, userId), eq(institutionRepresentatives.institutionId, institutionId)))
        .limit(1);
      return found.length > 0;
    },

    async institutionExists(institutionId: number): Promise<boolean> {
      return (await db.select({ id: institutions.id }).from(institutions).where(eq(institutions.id, institutionId)).limit(1)).length > 0;
    },

    async userExists(userId: number): Promise<boolean> {
      return (await db.select({ id: users.id }).from(users).where(eq(users.id, userId)).limit(1)).length > 0;
    },

    /** Adds a representative; false when they already were one. */
    async add(institutionId: number, userId: number): Promise<boolean> {
      return changed(await db.insert(institutionRepresentatives).values({ institutionId, userId }).onConflictDoNothing()) > 0;
    },

    async remove(institutionId: number, userId: number): Promise<boolean> {
      const result = await db
        .delete(institutionRepresentatives)
        .where(and(eq(institutionRepresentatives.institutionId, institutionId), eq(institutionRepresentatives.userId, userId)));
      return changed(result) > 0;
    },
  };
}

export type RepresentativesRepository = ReturnType<typeof createRepresentativesRepository>;
