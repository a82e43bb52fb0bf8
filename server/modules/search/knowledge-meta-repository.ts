import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { row, rows } from '../../../db/access.ts';
import { onPostgres } from '../../../db/engine.ts';
import { KIND_CODES, KNOWLEDGE_SOURCES } from './index-sql.ts';
import { idsIn } from './sql.ts';

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
  return {
    /** Whether `stamp()` tells changes (SQLite); without it, nothing read may be kept. */
    stamped: !onPostgres,

    /**
     * Moves when another connection committed (SQLite's data_version) or rows were added (max
     * ids): O(1). Null on PostgreSQL, where other hosts commit unseen: read afresh every time.
     */
    async stamp(): Promise<string | null> {
      if (onPostgres) return null;
      const version = (await row<{ data_version: number }>(db, sql`PRAGMA data_version`))?.data_version ?? 0;
      const newest: number[] = [];
      for (const s of KNOWLEDGE_SOURCES) {
        newest.push((await row<{ id: number | null }>(db, sql`SELECT max(id) AS id FROM ${sql.identifier(s.table)}`))?.id ?? 0);
      }
      return `${version}:${newest.join(',')}`;
    },

    /**
     * Index rowid (`id * 8 + kind code`), country and languages (JSON) of every record of a
     * source, or of the records with these ids only.
     */
    async rows(source: (typeof KNOWLEDGE_SOURCES)[number], ids?: readonly number[]): Promise<[number, string | null, string | null][]> {
      const only = ids ? sql` WHERE id IN ${idsIn(JSON.stringify(ids))}` : sql``;
      const found = await rows<{ rowid: number; country: string | null; languages: string | null }>(
        db,
        sql`SELECT id * 8 + ${sql.raw(String(KIND_CODES[source.kind]))} AS rowid, country_code AS country, ${sql.raw(LANGUAGES[source.table]!)} AS languages
            FROM ${sql.identifier(source.table)}${only}`,
      );
      return found.map((r) => [Number(r.rowid), r.country, r.languages]);
    },
  };
}
