import type Database from 'better-sqlite3';
import { KNOWLEDGE_SOURCES } from './index-sql.ts';
import { createKnowledgeMetaRepository } from './knowledge-meta-repository.ts';

export interface KnowledgeMeta {
  country: string | null;
  languages: readonly string[];
}

const NONE: KnowledgeMeta = { country: null, languages: [] };

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

  readonly #repo: ReturnType<typeof createKnowledgeMetaRepository>;

  constructor(sqlite: Database.Database) {
    this.#repo = createKnowledgeMetaRepository(sqlite);
  }

  invalidate(): void {
    this.#dirty = true;
  }

  #fresh(): Map<number, KnowledgeMeta> {
    const stamp = this.#repo.stamp();
    if (!this.#dirty && stamp === this.#stamp) return this.#byRowid;
    const map = new Map<number, KnowledgeMeta>();
    const interned = new Map<string, readonly string[]>();
    for (const source of KNOWLEDGE_SOURCES) {
      for (const [rowid, country, languages] of this.#repo.rows(source)) {
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
