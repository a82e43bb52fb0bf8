import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { institutionRepresentatives, institutions, users } from '../../../db/schema/index.ts';

/** The institution_representatives table: only this repository writes it. */
export function createRepresentativesRepository(db: Db) {
  return {
    /** An institution's representatives, by name. */
    of(institutionId: number) {
      return db
        .select({ id: users.id, username: users.username, displayName: users.displayName })
        .from(institutionRepresentatives)
        .innerJoin(users, eq(users.id, institutionRepresentatives.userId))
        .where(eq(institutionRepresentatives.institutionId, institutionId))
        .orderBy(asc(users.displayName), asc(users.id))
        .all();
    },

    /** The institutions a person represents. */
    institutionsOf(userId: number): number[] {
      return db
        .select({ id: institutionRepresentatives.institutionId })
        .from(institutionRepresentatives)
        .where(eq(institutionRepresentatives.userId, userId))
        .orderBy(asc(institutionRepresentatives.institutionId))
        .all()
        .map((row) => row.id);
    },

    represents(userId: number, institutionId: number): boolean {
      return (
        db
          .select({ one: institutionRepresentatives.userId })
          .from(institutionRepresentatives)
          .where(and(eq(institutionRepresentatives.userId, userId), eq(institutionRepresentatives.institutionId, institutionId)))
          .get() !== undefined
      );
    },

    institutionExists(institutionId: number): boolean {
      return db.select({ id: institutions.id }).from(institutions).where(eq(institutions.id, institutionId)).get() !== undefined;
    },

    userExists(userId: number): boolean {
      return db.select({ id: users.id }).from(users).where(eq(users.id, userId)).get() !== undefined;
    },

    /** Adds a representative; false when they already were one. */
    add(institutionId: number, userId: number): boolean {
      return db.insert(institutionRepresentatives).values({ institutionId, userId }).onConflictDoNothing().run().changes > 0;
    },

    remove(institutionId: number, userId: number): boolean {
      return (
        db
          .delete(institutionRepresentatives)
          .where(and(eq(institutionRepresentatives.institutionId, institutionId), eq(institutionRepresentatives.userId, userId)))
          .run().changes > 0
      );
    },
  };
}

export type RepresentativesRepository = ReturnType<typeof createRepresentativesRepository>;
