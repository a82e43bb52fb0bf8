import { and, eq } from 'drizzle-orm';
import { transaction } from '../../../db/access.ts';
import type { Db } from '../../../db/client.ts';
import { files, resources, type FileRow } from '../../../db/schema/index.ts';
import { liveRecord } from './withdrawal.ts';

/** The uploaded files' one owner, and the one writer of a resource's `file_id`. */
export function createFilesRepository(db: Db) {
  /** Records the bytes once per hash (identical uploads share a row): the row, new or already there. */
  async function recordOnce(values: { sha256: string; mime: string; size: number; originalName: string; createdBy: number }): Promise<FileRow> {
    await db.insert(files).values(values).onConflictDoNothing({ target: files.sha256 });
    return (await db.select().from(files).where(eq(files.sha256, values.sha256)).limit(1))[0]!;
  }

  return {
    ref: async (fileId: number) =>
      (await db.select({ id: files.id, originalName: files.originalName, size: files.size, mime: files.mime }).from(files).where(eq(files.id, fileId)).limit(1))[0],

    resourceExists: async (resourceId: number): Promise<boolean> =>
      (await db.select({ id: resources.id }).from(resources).where(eq(resources.id, resourceId)).limit(1)).length > 0,

    /**
     * Records the bytes (once per hash: identical uploads share a row) and attaches them to the
     * resource, in one transaction; gives the file's row.
     */
    attach(values: { sha256: string; mime: string; size: number; originalName: string; createdBy: number }, resourceId: number): Promise<FileRow> {
      return transaction(db, async () => {
        const stored = await recordOnce(values);
        await db.update(resources).set({ fileId: stored.id }).where(eq(resources.id, resourceId));
        return stored;
      });
    },

    /** Records the bytes once per hash (identical uploads share a row), for another area to attach. */
    record(values: { sha256: string; mime: string; size: number; originalName: string; createdBy: number }): Promise<FileRow> {
      return recordOnce(values);
    },

    findById: async (fileId: number): Promise<FileRow | undefined> => (await db.select().from(files).where(eq(files.id, fileId)).limit(1))[0],

    async detach(resourceId: number): Promise<void> {
      await db.update(resources).set({ fileId: null }).where(eq(resources.id, resourceId));
    },

    /** A file that some live resource uses; undefined for one no resource holds (or only withdrawn ones, or none at all). */
    async findAttached(fileId: number): Promise<FileRow | undefined> {
      const [row] = await db.select().from(files).where(eq(files.id, fileId)).limit(1);
      if (!row) return undefined;
      const attached = await db
        .select({ id: resources.id })
        .from(resources)
        .where(and(eq(resources.fileId, fileId), liveRecord(resources)))
        .limit(1);
      return attached.length > 0 ? row : undefined;
    },
  };
}

export type FilesRepository = ReturnType<typeof createFilesRepository>;
