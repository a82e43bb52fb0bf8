import { and, desc, eq } from 'drizzle-orm';
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
    find(kind: EditableKind, id: number): Record<string, unknown> | undefined {
      return db.select().from(table(kind)).where(eq(table(kind).id, id)).get() as Record<string, unknown> | undefined;
    },

    create(kind: EditableKind, values: Record<string, unknown>, editorId: number, changes: Changes): number {
      return db.transaction((tx) => {
        const row = tx
          .insert(table(kind))
          .values({ ...values, createdBy: editorId } as typeof resources.$inferInsert)
          .returning({ id: table(kind).id })
          .get();
        tx.insert(knowledgeRevisions).values({ kind, itemId: row.id, editorId, changes }).run();
        return row.id;
      });
    },

    update(kind: EditableKind, id: number, values: Record<string, unknown>, editorId: number, changes: Changes): void {
      db.transaction((tx) => {
        tx.update(table(kind)).set(values as Partial<typeof resources.$inferInsert>).where(eq(table(kind).id, id)).run();
        tx.insert(knowledgeRevisions).values({ kind, itemId: id, editorId, changes }).run();
      });
    },

    /** A tombstone: the row stays, marked withdrawn, with its revision in the same transaction. */
    withdraw(kind: EditableKind, id: number, editorId: number, reason: string): void {
      db.transaction((tx) => {
        tx.update(table(kind)).set({ withdrawnAt: new Date(), withdrawnBy: editorId, withdrawnReason: reason }).where(eq(table(kind).id, id)).run();
        // The history shows the withdrawal as a change of its own "field": no reason before, one after.
        tx.insert(knowledgeRevisions).values({ kind, itemId: id, editorId, changes: { withdrawal: { before: '', after: reason } } }).run();
      });
    },

    /** Back as a live record; `updated_at` moves, so harvesters see it again as changed. */
    restore(kind: EditableKind, id: number, editorId: number, reason: string): void {
      db.transaction((tx) => {
        tx.update(table(kind)).set({ withdrawnAt: null, withdrawnBy: null, withdrawnReason: null }).where(eq(table(kind).id, id)).run();
        tx.insert(knowledgeRevisions).values({ kind, itemId: id, editorId, changes: { withdrawal: { before: reason, after: '' } } }).run();
      });
    },

    revisions(kind: EditableKind, id: number) {
      return db
        .select({ id: knowledgeRevisions.id, changes: knowledgeRevisions.changes, createdAt: knowledgeRevisions.createdAt, editorId: users.id, username: users.username, displayName: users.displayName })
        .from(knowledgeRevisions)
        .leftJoin(users, eq(users.id, knowledgeRevisions.editorId))
        .where(and(eq(knowledgeRevisions.kind, kind), eq(knowledgeRevisions.itemId, id)))
        .orderBy(desc(knowledgeRevisions.id))
        .limit(100)
        .all();
    },

    countryExists: (code: string) => !!db.select({ code: countries.code }).from(countries).where(eq(countries.code, code)).get(),
    userIdOf: (username: string) => db.select({ id: users.id }).from(users).where(eq(users.username, username)).get()?.id,
    specialistOfUser: (userId: number) =>
      db.select({ id: specialists.id }).from(specialists).where(eq(specialists.userId, userId)).get()?.id,
    institutionExists: (id: number) => !!db.select({ id: institutions.id }).from(institutions).where(eq(institutions.id, id)).get(),

    addCorrection(values: { kind: EditableKind; itemId: number; userId: number; field: string | null; note: string }) {
      return db.insert(knowledgeCorrections).values(values).returning().get();
    },

    corrections(status: 'open' | 'accepted' | 'declined') {
      return db
        .select({ c: knowledgeCorrections, username: users.username, displayName: users.displayName })
        .from(knowledgeCorrections)
        .leftJoin(users, eq(users.id, knowledgeCorrections.userId))
        .where(eq(knowledgeCorrections.status, status))
        .orderBy(desc(knowledgeCorrections.id))
        .limit(200)
        .all();
    },

    correction: (id: number) => db.select().from(knowledgeCorrections).where(eq(knowledgeCorrections.id, id)).get(),

    decide(id: number, status: 'accepted' | 'declined', deciderId: number): void {
      db.update(knowledgeCorrections).set({ status, decidedBy: deciderId, decidedAt: new Date() }).where(eq(knowledgeCorrections.id, id)).run();
    },
  };
}

export type EditingRepository = ReturnType<typeof createEditingRepository>;
