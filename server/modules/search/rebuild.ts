import type Database from 'better-sqlite3';
import { fillDerivedColumns } from '../../../db/derived.ts';
import { rebuildStatements } from './index-sql.ts';

const INDEXES = ['discussion_fts', 'knowledge_fts', 'title_fts'] as const;
const BATCH = 2000;

export interface RebuildReport {
  rows: Record<(typeof INDEXES)[number], number>;
  ms: number;
}

/**
 * Refills the search indexes from the tables, from scratch, in one transaction: readers keep
 * the old index until it commits, and a failure leaves it as it was. The triggers keep the
 * indexes in step on every write; this is for repair, or after changing what is indexed.
 */
export function rebuildSearchIndexes(sqlite: Database.Database, progress: (line: string) => void = () => {}): RebuildReport {
  const started = performance.now();
  // Posts written before their text was stored get it first: the index reads it.
  const filled = fillDerivedColumns(sqlite);
  if (filled > 0) progress(`posts: text of ${filled} posts computed`);
  const steps = rebuildStatements().map((step) => ({ ...step, prepared: step.sql.map((q) => sqlite.prepare(q)) }));
  sqlite.transaction(() => {
    for (const index of INDEXES) sqlite.exec(`DELETE FROM ${index}`);
    for (const step of steps) {
      const { lo, hi, n } = sqlite.prepare(`SELECT min(id) AS lo, max(id) AS hi, count(*) AS n FROM "${step.table}"`).get() as {
        lo: number | null;
        hi: number | null;
        n: number;
      };
      if (lo === null || hi === null) {
        progress(`${step.label}: nothing to index`);
        continue;
      }
      let done = 0;
      for (let from = lo; from <= hi; from += BATCH) {
        const to = Math.min(hi, from + BATCH - 1);
        for (const statement of step.prepared) statement.run(from, to);
        done = (sqlite.prepare(`SELECT count(*) AS n FROM "${step.table}" WHERE id <= ?`).get(to) as { n: number }).n;
        progress(`${step.label}: ${done}/${n} (${Math.round((done / n) * 100)} %)`);
      }
    }
    for (const index of INDEXES) sqlite.exec(`INSERT INTO ${index}(${index}) VALUES ('optimize')`);
  })();
  const count = (index: string) => (sqlite.prepare(`SELECT count(*) AS n FROM ${index}`).get() as { n: number }).n;
  return {
    rows: { discussion_fts: count('discussion_fts'), knowledge_fts: count('knowledge_fts'), title_fts: count('title_fts') },
    ms: Math.round(performance.now() - started),
  };
}
