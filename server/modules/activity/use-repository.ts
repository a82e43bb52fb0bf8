import type Database from 'better-sqlite3';

export type UseKind = 'resource' | 'experience' | 'profile' | 'specialist';
export interface UseCount {
  kind: UseKind;
  recordId: number;
  views: number;
  downloads: number;
}

/** Views and downloads of knowledge records per day (knowledge_use_daily), owned here. */
export function createUseRepository(sqlite: Database.Database) {
  const add = sqlite.prepare(`INSERT INTO knowledge_use_daily (kind, record_id, day, views, downloads) VALUES (@kind, @recordId, @day, @views, @downloads)
    ON CONFLICT (kind, record_id, day) DO UPDATE SET views = views + excluded.views, downloads = downloads + excluded.downloads`);
  const resourcesOfFiles = (count: number) =>
    sqlite.prepare(`SELECT id, file_id AS fileId FROM resources WHERE file_id IN (${Array(count).fill('?').join(',')})`);
  // One pass over the period's rows for both lists (the index holds the figures).
  const totals = sqlite.prepare(`SELECT kind, record_id AS recordId, sum(views) AS views, sum(downloads) AS downloads FROM knowledge_use_daily
    WHERE day BETWEEN @from AND @to GROUP BY kind, record_id`);
  const top = (rows: UseCount[], by: 'views' | 'downloads', limit: number) =>
    rows
      .filter((row) => row[by] > 0)
      .sort((a, b) => b[by] - a[by] || a.recordId - b.recordId)
      .slice(0, limit);

  return {
    /** One batch, one transaction. Downloads arrive by file: each is the download of the resource it is attached to. */
    add: sqlite.transaction((day: string, counts: UseCount[], downloadsByFile: Map<number, number>) => {
      for (const count of counts) add.run({ ...count, day });
      const fileIds = [...downloadsByFile.keys()];
      for (let at = 0; at < fileIds.length; at += 500) {
        const chunk = fileIds.slice(at, at + 500);
        for (const row of resourcesOfFiles(chunk.length).all(...chunk) as { id: number; fileId: number }[]) {
          add.run({ kind: 'resource', recordId: row.id, day, views: 0, downloads: downloadsByFile.get(row.fileId) ?? 0 });
        }
      }
    }),

    /** The most viewed and the most downloaded records of a period. */
    mostUsed(from: string, to: string, limit: number): { viewed: UseCount[]; downloaded: UseCount[] } {
      const rows = totals.all({ from, to }) as UseCount[];
      return { viewed: top(rows, 'views', limit), downloaded: top(rows, 'downloads', limit) };
    },
  };
}

export type UseRepository = ReturnType<typeof createUseRepository>;
