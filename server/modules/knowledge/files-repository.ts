import { and, eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { files, resources, type FileRow } from '../../../db/schema/index.ts';
import { liveRecord } from './withdrawal.ts';

/** The uploaded files' one owner, and the one writer of a resource's `file_id`. */
export function createFilesRepository(db: Db) {
  return {
    ref: (fileId: number) =>
      db.select({ id: files.id, originalName: files.originalName, size: files.size, mime: files.mime }).from(files).where(eq(files.id, fileId)).get(),

    resourceExists: (resourceId: number): boolean => !!db.select({ id: resources.id }).from(resources).where(eq(resources.id, resourceId)).get(),

    /**
     * Records the bytes (once per hash: identical uploads share a row) and attaches them to the
     * resource, in one transaction; gives the file's row.
     */
    attach(values: { sha256: string; mime: string; size: number; originalName: string; createdBy: number }, resourceId: number): FileRow {
      return db.transaction((tx) => {
        tx.insert(files).values(values).onConflictDoNothing({ target: files.sha256 }).run();
        const stored = tx.select().from(files).where(eq(files.sha256, values.sha256)).get()!;
        tx.update(resources).set({ fileId: stored.id }).where(eq(resources.id, resourceId)).run();
        return stored;
      });
    },

    /** Records the bytes once per hash (identical uploads share a row), for another area to attach. */
    record(values: { sha256: string; mime: string; size: number; originalName: string; createdBy: number }): FileRow {
      db.insert(files).values(values).onConflictDoNothing({ target: files.sha256 }).run();
      return db.select().from(files).where(eq(files.sha256, values.sha256)).get()!;
    },

    findById: (fileId: number): FileRow | undefined => db.select().from(files).where(eq(files.id, fileId)).get(),

    detach(resourceId: number): void {
      db.update(resources).set({ fileId: null }).where(eq(resources.id, resourceId)).run();
    },

    /** A file that some live resource uses; undefined for one no resource holds (or only withdrawn ones, or none at all). */
    findAttached(fileId: number): FileRow | undefined {
      const row = db.select().from(files).where(eq(files.id, fileId)).get();
      const attached =
        row && db.select({ id: resources.id }).from(resources).where(and(eq(resources.fileId, fileId), liveRecord(resources))).limit(1).get();
      return attached ? row : undefined;
    },
  };
}

export type FilesRepository = ReturnType<typeof createFilesRepository>;
