import { and, desc, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { dataExports, type DataExportRow } from '../../../db/schema/index.ts';

/** The data_exports table: only this repository writes it. */
export function createDataExportsRepository(db: Db) {
  return {
    insert(userId: number, token: string, at: Date): DataExportRow {
      return db.insert(dataExports).values({ userId, token, createdAt: at }).returning().get();
    },

    find(id: number): DataExportRow | undefined {
      return db.select().from(dataExports).where(eq(dataExports.id, id)).get();
    },

    /** The member's recent exports, newest first. */
    recent(userId: number, limit: number): DataExportRow[] {
      return db.select().from(dataExports).where(eq(dataExports.userId, userId)).orderBy(desc(dataExports.id)).limit(limit).all();
    },

    /** Whether the member has one queued or running. */
    hasUnfinished(userId: number): boolean {
      return db.select({ id: dataExports.id }).from(dataExports).where(and(eq(dataExports.userId, userId), inArray(dataExports.status, ['queued', 'running']))).get() !== undefined;
    },

    countSince(userId: number, since: Date): number {
      return db.select({ n: sql<number>`count(*)` }).from(dataExports).where(and(eq(dataExports.userId, userId), gte(dataExports.createdAt, since))).get()?.n ?? 0;
    },

    /** The oldest queued export (the queue runs one at a time, in order). */
    nextQueued(): DataExportRow | undefined {
      return db.select().from(dataExports).where(eq(dataExports.status, 'queued')).orderBy(dataExports.id).limit(1).get();
    },

    /** Exports a stopped process left running: they go back to the queue (their file is started over). */
    requeueRunning(): number {
      return db.update(dataExports).set({ status: 'queued', progress: 0, fileName: null }).where(eq(dataExports.status, 'running')).run().changes;
    },

    /** Takes a queued export for this process; false when another one took it first. */
    claim(id: number, fileName: string): boolean {
      return db.update(dataExports).set({ status: 'running', progress: 0, fileName }).where(and(eq(dataExports.id, id), eq(dataExports.status, 'queued'))).run().changes > 0;
    },

    progress(id: number, progress: number): void {
      db.update(dataExports).set({ progress }).where(and(eq(dataExports.id, id), eq(dataExports.status, 'running'))).run();
    },

    ready(id: number, size: number, at: Date, expiresAt: Date): boolean {
      return db.update(dataExports).set({ status: 'ready', progress: 1, size, finishedAt: at, expiresAt }).where(and(eq(dataExports.id, id), eq(dataExports.status, 'running'))).run().changes > 0;
    },

    failed(id: number, at: Date): void {
      db.update(dataExports).set({ status: 'failed', finishedAt: at }).where(eq(dataExports.id, id)).run();
    },

    /** Ready exports whose time is up (at most `limit`), with their files. */
    expiredBy(now: Date, limit: number): DataExportRow[] {
      return db.select().from(dataExports).where(and(eq(dataExports.status, 'ready'), lte(dataExports.expiresAt, now))).orderBy(dataExports.expiresAt).limit(limit).all();
    },

    markExpired(ids: number[]): void {
      if (ids.length > 0) db.update(dataExports).set({ status: 'expired', fileName: null }).where(inArray(dataExports.id, ids)).run();
    },

    /** The member's exports' files (the erasure removes them), then their rows. */
    filesOf(userId: number): string[] {
      return db
        .select({ fileName: dataExports.fileName })
        .from(dataExports)
        .where(eq(dataExports.userId, userId))
        .all()
        .flatMap((row) => (row.fileName ? [row.fileName] : []));
    },

    deleteFor(userId: number): number {
      return db.delete(dataExports).where(eq(dataExports.userId, userId)).run().changes;
    },
  };
}

export type DataExportsRepository = ReturnType<typeof createDataExportsRepository>;
