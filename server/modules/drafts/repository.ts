import { and, desc, eq, lt, or } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { drafts, type DraftRow } from '../../../db/schema/index.ts';

/** The drafts table: one row per member and place, written only here. */
export function createDraftsRepository(db: Db) {
  return {
    find(userId: number, key: string): DraftRow | undefined {
      return db.select().from(drafts).where(and(eq(drafts.userId, userId), eq(drafts.key, key))).get();
    },

    save(userId: number, key: string, title: string | null, body: string): DraftRow {
      const at = new Date();
      return db
        .insert(drafts)
        .values({ userId, key, title, body, updatedAt: at })
        .onConflictDoUpdate({ target: [drafts.userId, drafts.key], set: { title, body, updatedAt: at } })
        .returning()
        .get();
    },

    remove(userId: number, key: string): boolean {
      return db.delete(drafts).where(and(eq(drafts.userId, userId), eq(drafts.key, key))).run().changes > 0;
    },

    /** Newest first; `after` is the (updatedAt ms, id) of the last row of the previous page. */
    page(userId: number, after: [number, number] | null, limit: number): DraftRow[] {
      const older = after
        ? or(lt(drafts.updatedAt, new Date(after[0])), and(eq(drafts.updatedAt, new Date(after[0])), lt(drafts.id, after[1])))
        : undefined;
      return db
        .select()
        .from(drafts)
        .where(and(eq(drafts.userId, userId), older))
        .orderBy(desc(drafts.updatedAt), desc(drafts.id))
        .limit(limit)
        .all();
    },
  };
}

export type DraftsRepository = ReturnType<typeof createDraftsRepository>;
