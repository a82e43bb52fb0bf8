import type Database from 'better-sqlite3';
import { KIND_CODES, KNOWLEDGE_SOURCES } from './index-sql.ts';

/** How each table names its languages: a JSON list, one column, or none. */
const LANGUAGES: Record<string, string> = {
  resources: 'languages',
  experiences: 'languages',
  specialists: 'languages',
  profiles: "json_array(language)",
  institutions: "'[]'",
};

/** The reads behind the search's in-memory country and languages of knowledge records. */
export function createKnowledgeMetaRepository(sqlite: Database.Database) {
  return {
    /** Moves when another connection committed (data_version) or rows were added (max ids): O(1). */
    stamp(): string {
      const version = sqlite.pragma('data_version', { simple: true }) as number;
      const newest = KNOWLEDGE_SOURCES.map((s) => (sqlite.prepare(`SELECT max(id) AS id FROM "${s.table}"`).get() as { id: number | null }).id ?? 0);
      return `${version}:${newest.join(',')}`;
    },

    /** Index rowid (`id * 8 + kind code`), country and languages (JSON) of every record of a source. */
    rows(source: (typeof KNOWLEDGE_SOURCES)[number]): [number, string | null, string | null][] {
      return sqlite
        .prepare(`SELECT id * 8 + ${KIND_CODES[source.kind]}, country_code, ${LANGUAGES[source.table]} FROM "${source.table}"`)
        .raw()
        .all() as [number, string | null, string | null][];
    },
  };
}
