// engine: SQLite FTS5 (PostgreSQL: search port). How the FTS5 tables are refilled (rebuild.ts runs it).
import { sql } from 'drizzle-orm';
import { exec } from '../../../../db/access.ts';
import { fillDerivedColumns } from '../../../../db/derived.ts';
import { INDEXES, type IndexRebuild } from '../engine.ts';
import { rebuildStatements } from './index-sql.ts';

export const sqliteRebuild: IndexRebuild = {
  batch: 2000,
  fillPostTexts: async (database) => fillDerivedColumns(database.sqlite),
  statements: rebuildStatements,
  // FTS5 merges each table's segments into one, inside the transaction.
  beforeCommit: async (db) => {
    for (const index of INDEXES) await exec(db, sql`INSERT INTO ${sql.identifier(index)}(${sql.identifier(index)}) VALUES ('optimize')`);
  },
};
