import { and, desc, eq } from 'drizzle-orm';
import { changed, transaction } from '../../../db/access.ts';
import type { Db } from '../../../db/client.ts';
import {
  countries,
  experiences,
  institutions,
  knowledgeCorrections,
  knowledgeRevisions,
  profiles,
  resources,
  specialists,
  users,
} from '../../../db/schema/index.ts';
import type { KindSpec } from './catalog.ts';

export type EditableKind = KindSpec['kind'];
const TABLES = { resources, experiences, profiles, specialists } as const;
type Changes = Record<string, { before: unknown; after: unknown }>;

/** Writes to the knowledge bases, each with its revision row in the same transaction. */
export function createEditingRepository(db: Db) {
  const table = (kind: EditableKind) => TABLES[kind] as typeof resources;

  return {
    /** Runs a read-check-write as one transaction: no other write lands between the read and the write. */
    atomically: <T>(work: () => Promise<T>): Promise<T> => transaction(db, work),

    async find(kind: EditableKind, id: number): Promise<Record<string, unknown> | undefined> {
      return (await db.select().from(table(kind)).where(eq(table(kind).id, id)).limit(1))[0] as Record<string, unknown> | undefined;
    },

    create(kind: EditableKind, values: Record<string, unknown>, editorId: number, changes: Changes): Promise<number> {
      return transaction(db, async () => {
        const [row] = await db
          .insert(table(kind))
          .values({ ...values, createdBy: editorId } as typeof resources.$inferInsert)
          .returning({ id: table(kind).id });
        await db.insert(knowledgeRevisions).values({ kind, itemId: row!.id, editorId, changes });
        return row!.id;
      });
    },

    async update(kind: EditableKind, id: number, values: Record<string, unknown>, editorId: number, changes: Changes): Promise<void> {
      await transaction(db, async () => {
        await db.update(table(kind)).set(values as Partial<typeof resources.$inferInsert>).where(eq(table(kind).id, id));
        await db.insert(knowledgeRevisions).values({ kind, itemId: id, editorId, changes });
      });
    },

    /** A tombstone: the row stays, marked withdrawn, with its revision in the same transaction. */
    async withdraw(kind: EditableKind, id: number, editorId: number, reason: string): Promise<void> {
      await transaction(db, async () => {
        await db.update(table(kind)).set({ withdrawnAt: new Date(), withdrawnBy: editorId, withdrawnReason: reason }).where(eq(table(kind).id, id));
        // The history shows the withdrawal as a change of its own "field": no reason before, one after.
        await db.insert(knowledgeRevisions).values({ kind, itemId: id, editorId, changes: { withdrawal: { before: '', after: reason } } });
      });
    },

    /** Back as a live record; `updated_at` moves, so harvesters see it again as changed. */
    async restore(kind: EditableKind, id: number, editorId: number, reason: string): Promise<void> {
      await transaction(db, async () => {
        await db.update(table(kind)).set({ withdrawnAt: null, withdrawnBy: null, withdrawnReason: null }).where(eq(table(kind).id, id));
        await db.insert(knowledgeRevisions).values({ kind, itemId: id, editorId, changes: { withdrawal: { before: reason, after: '' } } });
      });
    },

    async revisions(kind: EditableKind, id: number) {
      return db
        .select({ id: knowledgeRevisions.id, changes: knowledgeRevisions.changes, createdAt: knowledgeRevisions.createdAt, editorId: users.id, username: users.username, displayName: users.displayName })
        .from(knowledgeRevisions)
        .leftJoin(users, eq(users.id, knowledgeRevisions.editorId))
        .where(and(eq(knowledgeRevisions.kind, kind), eq(knowledgeRevisions.itemId, id)))
        .orderBy(desc(knowledgeRevisions.id))
        .limit(100);
    },

    countryExists: async (code: string) =>
      (await db.select({ code: countries.code }).from(countries).where(eq(countries.code, code)).limit(1)).length > 0,
    userIdOf: async (username: string) => (await db.select({ id: users.id }).from(users).where(eq(users.username, username)).limit(1))[0]?.id,
    specialistOfUser: async (userId: number) =>
      (await db.select({ id: specialists.id }).from(specialists).where(eq(specialists.userId, userId)).limit(1))[0]?.id,
    institutionExists: async (id: number) =>
      (await db.select({ id: institutions.id }).from(institutions).where(eq(institutions.id, id)).limit(1)).length > 0,

    async addCorrection(values: { kind: EditableKind; itemId: number; userId: number; field: string | null; note: string }) {
      return (await db.insert(knowledgeCorrections).values(values).returning())[0]!;
    },

    async corrections(status: 'open' | 'accepted' | 'declined') {
      return db
        .select({ c: knowledgeCorrections, username: users.username, displayName: users.displayName })
        .from(knowledgeCorrections)
        .leftJoin(users, eq(users.id, knowledgeCorrections.userId))
        .where(eq(knowledgeCorrections.status, status))
        .orderBy(desc(knowledgeCorrections.id))
        .limit(200);
    },

    correction: async (id: number) => (await db.select().from(knowledgeCorrections).where(eq(knowledgeCorrections.id, id)).limit(1))[0],

    /** Decides an open correction; false when it was no longer open (decided meanwhile). */
    async decide(id: number, status: 'accepted' | 'declined', deciderId: number): Promise<boolean> {
      const result = await db
        .update(knowledgeCorrections)
        .set({ status, decidedBy: deciderId, decidedAt: new Date() })
        .where(and(eq(knowledgeCorrections.id, id), eq(knowledgeCorrections.status, 'open')));
      return changed(result) > 0;
    },
  };
}

export type EditingRepository = ReturnType<typeof createEditingRepository>;
