/**
 * The records a text query matched, held briefly per query: a broad word (`formación` matches
 * some 5,000 resources) costs the full-text index a rank for every match, and the same words
 * come back as a reader pages, sorts and picks facets. Owned by one load of a facet index, it
 * is dropped with it (any change to the records or to the full-text index, see facet-index.ts),
 * so nothing a write changed is served from it; each entry lives at most `ttlMs` besides.
 */
export interface MatchSet {
  /** Positions (in the facet index) of the matching records, best rank first, then by id. */
  byRank: Int32Array;
  /** 1 at the position of each matching record. */
  member: Uint8Array;
  /** The full-text rank at each matching position (lower is better). */
  rank: Float64Array;
  /** Each facet's counts over every match (no other filter), once asked for. */
  counts: Int32Array[] | null;
}

export class MatchCache {
  readonly #entries = new Map<string, { set: MatchSet; at: number }>();

  constructor(
    private readonly options: { max: number; ttlMs: number; now?: () => number },
  ) {}

  get(query: string, compute: () => MatchSet): MatchSet {
    return this.find(query) ?? this.keep(query, compute());
  }

  /** The set kept for these words, if still fresh (then it becomes the most recently used). */
  find(query: string): MatchSet | undefined {
    const now = (this.options.now ?? Date.now)();
    const found = this.#entries.get(query);
    if (!found) return undefined;
    this.#entries.delete(query);
    if (now - found.at > this.options.ttlMs) return undefined;
    // Most recently used last: the first entry is the one to drop.
    this.#entries.set(query, found);
    return found.set;
  }

  /** Keeps the set computed for these words (read from the index, maybe across an await). */
  keep(query: string, set: MatchSet): MatchSet {
    const now = (this.options.now ?? Date.now)();
    this.#entries.delete(query);
    this.#entries.set(query, { set, at: now });
    while (this.#entries.size > this.options.max) this.#entries.delete(this.#entries.keys().next().value!);
    return set;
  }

  clear(): void {
    this.#entries.clear();
  }
}
