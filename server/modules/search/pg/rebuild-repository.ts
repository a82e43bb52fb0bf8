// engine: PostgreSQL. Refills the index tables from their sources.
import { sql } from 'drizzle-orm';
import type { OpenedDb } from '../../../../db/client.ts';
import { exec, prepared, row, transaction } from '../../../../db/access.ts';
import { fillDerivedColumnsAsync } from '../../../../db/derived.ts';
import type { RebuildReport } from '../engine.ts';
import { pgRebuildStatements } from './index-sql.ts';

const INDEXES = ['discussion_fts', 'knowledge_fts', 'title_fts'] as const;
const BATCH = 5000;

/** A rebuild statement with its id range (`BETWEEN ? AND ?`) as named placeholders. */
function ranged(text: string) {
  const [before, after = ''] = text.split('BETWEEN ? AND ?');
  return sql`${sql.raw(before!)}BETWEEN ${sql.placeholder('from')} AND ${sql.placeholder('to')}${sql.raw(after.replace(/;$/, ''))}`;
}

/**
 * One transaction: readers keep seeing the old rows until it commits (DELETE, not TRUNCATE,
 * which would lock them out), and a failure leaves the index as it was.
 */
export async function rebuildPgIndexes(database: OpenedDb, progress: (line: string) => void): Promise<RebuildReport> {
  const { db } = database;
  const started = performance.now();
  // Posts written before their text was stored get it first: the index reads it.
  const filled = await fillDerivedColumnsAsync(db);
  if (filled > 0) progress(`posts: text of ${filled} posts computed`);
  const steps = pgRebuildStatements().map((step) => ({ ...step, prepared: step.sql.map((q) => prepared(db, ranged(q))) }));
  await transaction(db, async () => {
    for (const index of INDEXES) await exec(db, sql`DELETE FROM ${sql.identifier(index)}`);
    for (const step of steps) {
      const table = sql.identifier(step.table);
      const bounds = await row<{ lo: number | null; hi: number | null; n: number }>(
        db,
        sql`SELECT min(id) AS lo, max(id) AS hi, count(*) AS n FROM ${table}`,
      );
      const { lo, hi, n } = bounds!;
      if (lo === null || hi === null) {
        progress(`${step.label}: nothing to index`);
        continue;
      }
      for (let from = lo; from <= hi; from += BATCH) {
        const to = Math.min(hi, from + BATCH - 1);
        for (const statement of step.prepared) await statement.run({ from, to });
        const done = (await row<{ n: number }>(db, sql`SELECT count(*) AS n FROM ${table} WHERE id <= ${to}`))!.n;
        progress(`${step.label}: ${done}/${n} (${Math.round((done / n) * 100)} %)`);
      }
    }
  });
  // Fresh statistics for the planner (outside the transaction: ANALYZE reads what committed).
  for (const index of INDEXES) await exec(db, sql`ANALYZE ${sql.identifier(index)}`);
  const count = async (index: string) => (await row<{ n: number }>(db, sql`SELECT count(*) AS n FROM ${sql.identifier(index)}`))!.n;
  return {
    rows: { discussion_fts: await count('discussion_fts'), knowledge_fts: await count('knowledge_fts'), title_fts: await count('title_fts') },
    ms: Math.round(performance.now() - started),
  };
}
