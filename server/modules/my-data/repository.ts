import { and, desc, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import { changed, transaction } from '../../../db/access.ts';
import type { Db } from '../../../db/client.ts';
import { dataExports, type DataExportRow } from '../../../db/schema/index.ts';

/** The data_exports table: only this repository writes it. */
export function createDataExportsRepository(db: Db) {
  return {
    transaction: <T>(work: () => Promise<T>): Promise<T> => transaction(db, work),

    async insert(userId: number, token: string, at: Date): Promise<DataExportRow> {
      return (await db.insert(dataExports).values({ userId, token, createdAt: at }).returning())[0]!;
    },

    async find(id: number): Promise<DataExportRow | undefined> {
      return (await db.select().from(dataExports).where(eq(dataExports.id, id)).limit(1))[0];
    },

    /** The member's recent exports, newest first. */
    async recent(userId: number, limit: number): Promise<DataExportRow[]> {
      return db.select().from(dataExports).where(eq(dataExports.userId, userId)).orderBy(desc(dataExports.id)).limit(limit);
    },

    /** Whether the member has one queued or running. */
    async hasUnfinished(userId: number): Promise<boolean> {
      const found = await db
        .select({ id: dataExports.id })
        .from(dataExports)
        .where(and(eq(dataExports.userId, userId), inArray(dataExports.status, ['queued', 'running'])))
        .limit(1);
      return found.length > 0;
    },

    async countSince(userId: number, since: Date): Promise<number> {
      const found = await db
        .select({ n: sql<number>`count(*)` })
        .from(dataExports)
        .where(and(eq(dataExports.userId, userId), gte(dataExports.createdAt, since)));
      return Number(found[0]?.n ?? 0);
    },

    /** The oldest queued export (the queue runs one at a time, in order). */
    async nextQueued(): Promise<DataExportRow | undefined> {
      return (await db.select().from(dataExports).where(eq(dataExports.status, 'queued')).orderBy(dataExports.id).limit(1))[0];
    },

    /** Exports a stopped process left running: they go back to the queue (their file is started over). */
    async requeueRunning(): Promise<number> {
      return changed(await db.update(dataExports).set({ status: 'queued', progress: 0, fileName: null }).where(eq(dataExports.status, 'running')));
    },

    /** Takes a queued export for this process; false when another one took it first. */
    async claim(id: number, fileName: string): Promise<boolean> {
      const result = await db
        .update(dataExports)
        .set({ status: 'running', progress: 0, fileName })
        .where(and(eq(dataExports.id, id), eq(dataExports.status, 'queued')));
      return changed(result) > 0;
    },

    async progress(id: number, progress: number): Promise<void> {
      await db.update(dataExports).set({ progress }).where(and(eq(dataExports.id, id), eq(dataExports.status, 'running')));
    },

    async ready(id: number, size: number, at: Date, expiresAt: Date): Promise<boolean> {
      const result = await db
        .update(dataExports)
        .set({ status: 'ready', progress: 1, size, finishedAt: at, expiresAt })
        .where(and(eq(dataExports.id, id), eq(dataExports.status, 'running')));
      return changed(result) > 0;
    },

    async failed(id: number, at: Date): Promise<void> {
      await db.update(dataExports).set({ status: 'failed', finishedAt: at }).where(eq(dataExports.id, id));
    },

    /** Ready exports whose time is up (at most `limit`), with their files. */
    async expiredBy(now: Date, limit: number): Promise<DataExportRow[]> {
      return db
        .select()
        .from(dataExports)
        .where(and(eq(dataExports.status, 'ready'), lte(dataExports.expiresAt, now)))
        .orderBy(dataExports.expiresAt)
        .limit(limit);
    },

    async markExpired(ids: number[]): Promise<void> {
      if (ids.length > 0) await db.update(dataExports).set({ status: 'expired', fileName: null }).where(inArray(dataExports.id, ids));
    },

    /** The member's exports' files (the erasure removes them), then their rows. */
    async filesOf(userId: number): Promise<string[]> {
      const found = await db.select({ fileName: dataExports.fileName }).from(dataExports).where(eq(dataExports.userId, userId));
      return found.flatMap((row) => (row.fileName ? [row.fileName] : []));
    },

    async deleteFor(userId: number): Promise<number> {
      return changed(await db.delete(dataExports).where(eq(dataExports.userId, userId)));
    },
  };
}

export type DataExportsRepository = ReturnType<typeof createDataExportsRepository>;
