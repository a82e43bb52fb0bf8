import type { Db } from '../../../db/client.ts';
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
 * connection or host (an import) committed.
 */
export class KnowledgeMetaIndex {
  #byRowid = new Map<number, KnowledgeMeta>();
  #stamp = '';
  /** Bumped by every invalidation: a reload that started before one does not count as fresh. */
  #generation = 0;
  #loadedGeneration = -1;
  /** The reload under way, shared by the requests that need it meanwhile. */
  #loading: { generation: number; done: Promise<Map<number, KnowledgeMeta>> } | null = null;

  readonly #repo: ReturnType<typeof createKnowledgeMetaRepository>;

  constructor(db: Db) {
    this.#repo = createKnowledgeMetaRepository(db);
  }

  invalidate(): void {
    this.#generation += 1;
  }

  async #fresh(): Promise<Map<number, KnowledgeMeta>> {
    const stamp = await this.#repo.stamp();
    if (this.#loadedGeneration === this.#generation && stamp === this.#stamp) return this.#byRowid;
    const generation = this.#generation;
    if (this.#loading?.generation !== generation) {
      const loading = { generation, done: this.#load(stamp, generation) };
      this.#loading = loading;
      void loading.done.finally(() => {
        if (this.#loading === loading) this.#loading = null;
      }).catch(() => {});
    }
    return this.#loading!.done;
  }

  async #load(stamp: string, generation: number): Promise<Map<number, KnowledgeMeta>> {
    const map = new Map<number, KnowledgeMeta>();
    const interned = new Map<string, readonly string[]>();
    for (const source of KNOWLEDGE_SOURCES) {
      for (const [rowid, country, languages] of await this.#repo.rows(source)) {
        const key = languages ?? '[]';
        let list = interned.get(key);
        if (!list) {
          list = JSON.parse(key) as string[];
          interned.set(key, list);
        }
        map.set(rowid, { country, languages: list });
      }
    }
    // A slower, older reload never replaces a newer one.
    if (generation >= this.#loadedGeneration) {
      this.#byRowid = map;
      this.#stamp = stamp;
      this.#loadedGeneration = generation;
    }
    return map;
  }

  /** A lookup valid for one request (the request's hits are looked up in it). */
  async snapshot(): Promise<(rowid: number) => KnowledgeMeta> {
    const map = await this.#fresh();
    return (rowid) => map.get(rowid) ?? NONE;
  }
}
