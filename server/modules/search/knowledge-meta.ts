import type Database from 'better-sqlite3';
import { KIND_CODES, KNOWLEDGE_SOURCES } from './index-sql.ts';

export interface KnowledgeMeta {
  country: string | null;
  languages: readonly string[];
}

const NONE: KnowledgeMeta = { country: null, languages: [] };

/** How each table names its languages: a JSON list, one column, or none. */
const LANGUAGES: Record<string, string> = {
  resources: 'languages',
  experiences: 'languages',
  specialists: 'languages',
  profiles: "json_array(language)",
  institutions: "'[]'",
};

/**
 * Country and languages of every knowledge record, by index rowid (`id * 8 + kind code`), held
 * in memory so that the facets of a search that matches thousands of records cost one pass and
 * no query. The knowledge bases are public (no permission rides on this) and change rarely:
 * reloaded after a write through the API (domain event), when rows were added, or when another
 * connection (an import) committed.
 */
export class KnowledgeMetaIndex {
  #byRowid = new Map<number, KnowledgeMeta>();
  #stamp = '';
  #dirty = true;

  constructor(private readonly sqlite: Database.Database) {}

  invalidate(): void {
    this.#dirty = true;
  }

  #fresh(): Map<number, KnowledgeMeta> {
    const version = this.sqlite.pragma('data_version', { simple: true }) as number;
    const newest = KNOWLEDGE_SOURCES.map(
      (s) => (this.sqlite.prepare(`SELECT max(id) AS id FROM "${s.table}"`).get() as { id: number | null }).id ?? 0,
    );
    const stamp = `${version}:${newest.join(',')}`;
    if (!this.#dirty && stamp === this.#stamp) return this.#byRowid;
    const map = new Map<number, KnowledgeMeta>();
    const interned = new Map<string, readonly string[]>();
    for (const source of KNOWLEDGE_SOURCES) {
      const rows = this.sqlite
        .prepare(`SELECT id * 8 + ${KIND_CODES[source.kind]}, country_code, ${LANGUAGES[source.table]} FROM "${source.table}"`)
        .raw()
        .all() as [number, string | null, string | null][];
      for (const [rowid, country, languages] of rows) {
        const key = languages ?? '[]';
        let list = interned.get(key);
        if (!list) {
          list = JSON.parse(key) as string[];
          interned.set(key, list);
        }
        map.set(rowid, { country, languages: list });
      }
    }
    this.#byRowid = map;
    this.#stamp = stamp;
    this.#dirty = false;
    return map;
  }

  /** A lookup valid for one request. */
  snapshot(): (rowid: number) => KnowledgeMeta {
    const map = this.#fresh();
    return (rowid) => map.get(rowid) ?? NONE;
  }
}
