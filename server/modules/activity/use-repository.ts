import { inArray, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { prepared, transaction } from '../../../db/access.ts';
import { resources } from '../../../db/schema/index.ts';

export type UseKind = 'resource' | 'experience' | 'profile' | 'specialist';
export interface UseCount {
  kind: UseKind;
  recordId: number;
  views: number;
  downloads: number;
}

const p = (name: string) => sql.placeholder(name);

/** Views and downloads of knowledge records per day (knowledge_use_daily), owned here. */
export function createUseRepository(db: Db) {
  const add = prepared(db, sql`INSERT INTO knowledge_use_daily (kind, record_id, day, views, downloads) VALUES (${p('kind')}, ${p('recordId')}, ${p('day')}, ${p('views')}, ${p('downloads')})
    ON CONFLICT (kind, record_id, day) DO UPDATE SET views = knowledge_use_daily.views + excluded.views, downloads = knowledge_use_daily.downloads + excluded.downloads`);
  // One pass over the period's rows for both lists (the index holds the figures).
  const totals = prepared<UseCount>(db, sql`SELECT kind, record_id AS "recordId", sum(views) AS views, sum(downloads) AS downloads FROM knowledge_use_daily
    WHERE day BETWEEN ${p('from')} AND ${p('to')} GROUP BY kind, record_id`);
  const top = (rows: UseCount[], by: 'views' | 'downloads', limit: number) =>
    rows
      .filter((row) => row[by] > 0)
      .sort((a, b) => b[by] - a[by] || a.recordId - b.recordId)
      .slice(0, limit);

  return {
    /** One batch, one transaction. Downloads arrive by file: each is the download of the resource it is attached to. */
    add: (day: string, counts: UseCount[], downloadsByFile: Map<number, number>): Promise<void> =>
      transaction(db, async () => {
        for (const count of counts) await add.run({ ...count, day });
        const fileIds = [...downloadsByFile.keys()];
        for (let at = 0; at < fileIds.length; at += 500) {
          const chunk = fileIds.slice(at, at + 500);
          const found = await db.select({ id: resources.id, fileId: resources.fileId }).from(resources).where(inArray(resources.fileId, chunk));
          for (const row of found) {
            if (row.fileId === null) continue;
            await add.run({ kind: 'resource', recordId: row.id, day, views: 0, downloads: downloadsByFile.get(row.fileId) ?? 0 });
          }
        }
      }),

    /** The most viewed and the most downloaded records of a period. */
    async mostUsed(from: string, to: string, limit: number): Promise<{ viewed: UseCount[]; downloaded: UseCount[] }> {
      const rows = (await totals.all({ from, to })).map((r) => ({ ...r, views: Number(r.views), downloads: Number(r.downloads) }));
      return { viewed: top(rows, 'views', limit), downloaded: top(rows, 'downloads', limit) };
    },
  };
}

export type UseRepository = ReturnType<typeof createUseRepository>;
