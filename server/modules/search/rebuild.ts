import type { OpenedDb } from '../../../db/client.ts';
import type { RebuildReport } from './engine.ts';
import { rebuildSqliteIndexes } from './sqlite/rebuild-repository.ts';
import { rebuildPgIndexes } from './pg/rebuild-repository.ts';

export type { RebuildReport };

/**
 * Refills the search indexes from the tables, from scratch, in one transaction: readers keep
 * the old index until it commits, and a failure leaves it as it was. The triggers keep the
 * indexes in step on every write; this is for repair, or after changing what is indexed.
 */
export async function rebuildSearchIndexes(database: OpenedDb, progress: (line: string) => void = () => {}): Promise<RebuildReport> {
  return database.engine === 'pg' ? rebuildPgIndexes(database, progress) : rebuildSqliteIndexes(database, progress);
}
