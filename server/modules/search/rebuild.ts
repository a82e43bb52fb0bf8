import { sql } from 'drizzle-orm';
import type { OpenedDb } from '../../../db/client.ts';
import { exec, prepared, row, transaction } from '../../../db/access.ts';
import { INDEXES, type IndexRebuild, type RebuildReport } from './engine.ts';
import { sqliteRebuild } from './sqlite/rebuild-repository.ts';
import { pgRebuild } from './pg/rebuild-repository.ts';

export type { RebuildReport };

/** A rebuild statement with its id range (`BETWEEN ? AND ?`) as named placeholders, without its final `;`. */
function ranged(text: string) {
  const [before, after = ''] = text.split('BETWEEN ? AND ?');
  return sql`${sql.raw(before!)}BETWEEN ${sql.placeholder('from')} AND ${sql.placeholder('to')}${sql.raw(after.replace(/;$/, ''))}`;
}

/**
 * Refills the search indexes from the tables, from scratch, in one transaction: readers keep
 * the old index until it commits, and a failure leaves it as it was. The triggers keep the
 * indexes in step on every write; this is for repair, or after changing what is indexed.
 * What differs between the engines is the engine's IndexRebuild (engine.ts).
 */
export async function rebuildSearchIndexes(database: OpenedDb, progress: (line: string) => void = () => {}): Promise<RebuildReport> {
  const engine: IndexRebuild = database.engine === 'pg' ? pgRebuild : sqliteRebuild;
  const { db } = database;
  const started = performance.now();
  // Posts written before their text was stored get it first: the index reads it.
  const filled = await engine.fillPostTexts(database);
  if (filled > 0) progress(`posts: text of ${filled} posts computed`);
  const steps = engine.statements().map((step) => ({ ...step, prepared: step.sql.map((q) => prepared(db, ranged(q))) }));
  await transaction(db, async () => {
    // DELETE, not TRUNCATE: on PostgreSQL TRUNCATE would lock the readers out until the commit.
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
      for (let from = lo; from <= hi; from += engine.batch) {
        const to = Math.min(hi, from + engine.batch - 1);
        for (const statement of step.prepared) await statement.run({ from, to });
        const done = (await row<{ n: number }>(db, sql`SELECT count(*) AS n FROM ${table} WHERE id <= ${to}`))!.n;
        progress(`${step.label}: ${done}/${n} (${Math.round((done / n) * 100)} %)`);
      }
    }
    await engine.beforeCommit?.(db);
  });
  await engine.afterCommit?.(db);
  const count = async (index: string) => (await row<{ n: number }>(db, sql`SELECT count(*) AS n FROM ${sql.identifier(index)}`))!.n;
  return {
    rows: { discussion_fts: await count('discussion_fts'), knowledge_fts: await count('knowledge_fts'), title_fts: await count('title_fts') },
    ms: Math.round(performance.now() - started),
  };
}
