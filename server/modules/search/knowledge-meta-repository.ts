import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { prepared, rows } from '../../../db/access.ts';
import { onPostgres } from '../../../db/engine.ts';
import { writtenElsewhere, type StampedTable } from '../../../db/change-stamps.ts';
import { KIND_CODES, KNOWLEDGE_SOURCES } from './index-sql.ts';

/** How each table names its languages: a JSON list, one column, or none. */
const LANGUAGES: Record<string, string> = {
  resources: 'languages',
  experiences: 'languages',
  specialists: 'languages',
  // A one-element JSON list (the one engine difference of this file).
  profiles: onPostgres ? 'json_build_array(language)::text' : 'json_array(language)',
  institutions: "'[]'",
};

/** The reads behind the search's in-memory country and languages of knowledge records. */
export function createKnowledgeMetaRepository(db: Db) {
  // Asked on every search: compiled once. SQLite's stamp does not move with this connection's
  // own writes: the max ids do, for records added here.
  const written = writtenElsewhere(db, KNOWLEDGE_SOURCES.map((s) => s.table as StampedTable));
  function sqliteStamp(): () => Promise<string> {
    const newest = prepared<{ ids: string }>(
      db,
      sql.raw(`SELECT ${KNOWLEDGE_SOURCES.map((s) => `coalesce((SELECT max(id) FROM "${s.table}"), 0)`).join(` || ',' || `)} AS ids`),
    );
    return async () => `${await written()}:${(await newest.get())?.ids ?? ''}`;
  }

  return {
    /**
     * Moves when another connection committed or rows were added: on SQLite its data_version and
     * the max ids, on PostgreSQL the tables' write counters (db/change-stamps.ts). O(1).
     */
    stamp: onPostgres ? written : sqliteStamp(),
    /**
     * Index rowid (`id * 8 + kind code`), country and languages (JSON) of every record of a source.
     */
    async rows(source: (typeof KNOWLEDGE_SOURCES)[number]): Promise<[number, string | null, string | null][]> {
      const found = await rows<{ rowid: number; country: string | null; languages: string | null }>(
        db,
        sql`SELECT id * 8 + ${sql.raw(String(KIND_CODES[source.kind]))} AS rowid, country_code AS country, ${sql.raw(LANGUAGES[source.table]!)} AS languages
            FROM ${sql.identifier(source.table)}`,
      );
      return found.map((r) => [Number(r.rowid), r.country, r.languages]);
    },
  };
}
