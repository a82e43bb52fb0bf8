import { and, desc, eq, lt, or } from 'drizzle-orm';
import { changed } from '../../../db/access.ts';
import type { Db } from '../../../db/client.ts';
import { drafts, type DraftRow } from '../../../db/schema/index.ts';

/** The drafts table: one row per member and place, written only here. */
export function createDraftsRepository(db: Db) {
  return {
    async find(userId: number, key: string): Promise<DraftRow | undefined> {
      return (await db.select().from(drafts).where(and(eq(drafts.userId, userId), eq(drafts.key, key))).limit(1))[0];
    },

    /** One statement (an upsert): two saves racing from two tabs leave one row, the later text. */
    async save(userId: number, key: string, title: string | null, body: string): Promise<DraftRow> {
      const at = new Date();
      const [saved] = await db
        .insert(drafts)
        .values({ userId, key, title, body, updatedAt: at })
        .onConflictDoUpdate({ target: [drafts.userId, drafts.key], set: { title, body, updatedAt: at } })
        .returning();
      return saved!;
    },

    async remove(userId: number, key: string): Promise<boolean> {
      return changed(await db.delete(drafts).where(and(eq(drafts.userId, userId), eq(drafts.key, key)))) > 0;
    },

    /** Newest first; `after` is the (updatedAt ms, id) of the last row of the previous page. */
    async page(userId: number, after: [number, number] | null, limit: number): Promise<DraftRow[]> {
      const older = after
        ? or(lt(drafts.updatedAt, new Date(after[0])), and(eq(drafts.updatedAt, new Date(after[0])), lt(drafts.id, after[1])))
        : undefined;
      return db
        .select()
        .from(drafts)
        .where(and(eq(drafts.userId, userId), older))
        .orderBy(desc(drafts.updatedAt), desc(drafts.id))
        .limit(limit);
    },
  };
}

export type DraftsRepository = ReturnType<typeof createDraftsRepository>;
