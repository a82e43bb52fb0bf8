// engine: PostgreSQL. How the index tables are refilled (rebuild.ts runs it).
import { sql } from 'drizzle-orm';
import { exec } from '../../../../db/access.ts';
import { fillDerivedColumnsAsync } from '../../../../db/derived.ts';
import { INDEXES, type IndexRebuild } from '../engine.ts';
import { pgRebuildStatements } from './index-sql.ts';

export const pgRebuild: IndexRebuild = {
  batch: 5000,
  fillPostTexts: (database) => fillDerivedColumnsAsync(database.db),
  statements: pgRebuildStatements,
  // Fresh statistics for the planner (outside the transaction: ANALYZE reads what committed).
  afterCommit: async (db) => {
    for (const index of INDEXES) await exec(db, sql`ANALYZE ${sql.identifier(index)}`);
  },
};
