import type { Db } from '../../../db/client.ts';
import { createFacetRowsRepository, type Filters, type Sort } from './browse-repository.ts';
import type { KindSpec } from './catalog.ts';
import { encodeColumn, hasValue, NO_FILTER, tally, topValues, wantedCode, type FacetColumn } from './facet-columns.ts';
import { MatchCache, type MatchSet } from './match-cache.ts';

type FacetRowsRepository = ReturnType<typeof createFacetRowsRepository>;

/**
 * Every record of a kind by position: position 0 is the newest (highest id), so the position
 * order is the "recent" order. The other orders are permutations of positions.
 */
interface Loaded {
  ids: Int32Array;
  /** The position of each id, -1 for none. */
  positionOf: Int32Array;
  titles: string[];
  /** The year, 0 when none (how the year sort keys it). */
  years: Float64Array;
  byRecent: Int32Array;
  /** Sorted when first asked for: ordering titles by collation is most of a reload's cost. */
  byTitle: Int32Array | null;
  byYear: Int32Array | null;
  /** One per dimension of the kind, in the catalog's order. */
  columns: FacetColumn[];
  /** Text matches, valid for this load of the records only. */
  matches: MatchCache;
  /** Each facet's counts over every record (no filter, no words), once asked for. */
  counts: Int32Array[] | null;
}

export interface Browsed {
  ids: { id: number; key: string | number }[];
  total: number;
  facets: Record<string, { value: string; count: number }[]>;
}

const collator = new Intl.Collator('es', { sensitivity: 'base', numeric: true });
const FACET_VALUES = 30;

/**
 * The facet columns of every record of a kind, held in memory (dictionary-encoded, see
 * facet-columns.ts) and scanned per request: filtering, counting each facet over the other
 * filters, and ordering cost one pass over typed arrays instead of one SQL query per facet.
 * Reloaded after a write through the API (domain event), or when the stamp moves: rows added,
 * any write to the knowledge full-text index (the tables' triggers write it on every change, on
 * any connection), another connection's commit. The text matches of recent queries are kept
 * with each load and dropped with it (match-cache.ts).
 */
export class FacetIndex {
  #loaded: Loaded | null = null;
  #stamp: string | null = null;
  /** Moves on every invalidation: a load that read across one is not kept. */
  #generation = 0;
  readonly #repo: FacetRowsRepository;

  constructor(
    db: Db,
    private readonly spec: KindSpec,
    private readonly matchCache = { max: 16, ttlMs: 30_000 },
  ) {
    this.#repo = createFacetRowsRepository(db, spec);
  }

  invalidate(): void {
    this.#loaded = null;
    this.#generation += 1;
  }

  async #load(): Promise<Loaded> {
    const { spec } = this;
    const generation = this.#generation;
    // The stamp costs O(1); edits through the API invalidate by event. No stamp (PostgreSQL):
    // nothing tells that the records are unchanged, so they are read afresh.
    const stamp = await this.#repo.stamp();
    if (this.#loaded && stamp !== null && stamp === this.#stamp && generation === this.#generation) return this.#loaded;
    const rows = await this.#repo.rows();
    const n = rows.length;
    const ids = new Int32Array(n);
    const titles: string[] = new Array(n);
    const years = new Float64Array(n);
    let maxId = 0;
    rows.forEach((row, p) => {
      ids[p] = row[0] as number;
      titles[p] = String(row[1]);
      years[p] = (row[2] as number | null) ?? 0;
      maxId = Math.max(maxId, ids[p]!);
    });
    const positionOf = new Int32Array(maxId + 1).fill(-1);
    ids.forEach((id, p) => {
      positionOf[id] = p;
    });
    const byRecent = Int32Array.from(ids.keys());
    const loaded: Loaded = {
      ids,
      positionOf,
      titles,
      years,
      byRecent,
      byTitle: null,
      byYear: null,
      columns: spec.dimensions.map((dim, i) => encodeColumn(dim, rows.map((row) => row[3 + i]!))),
      matches: new MatchCache(this.matchCache),
      counts: null,
    };
    // An invalidation that landed while the rows were read leaves this load to this browse only.
    if (generation === this.#generation) {
      this.#loaded = loaded;
      this.#stamp = stamp;
    }
    return loaded;
  }

  /** The records matching the words, ranked, as positions of this load. */
  #match(loaded: Loaded, matches: [id: number, rank: number][]): MatchSet {
    const n = loaded.ids.length;
    const member = new Uint8Array(n);
    const rank = new Float64Array(n);
    const found: number[] = [];
    for (const [id, score] of matches) {
      const p = id < loaded.positionOf.length ? loaded.positionOf[id]! : -1;
      if (p < 0) continue;
      if (!member[p]) found.push(p);
      member[p] = 1;
      rank[p] = score;
    }
    const { ids } = loaded;
    const byRank = Int32Array.from(found).sort((a, b) => rank[a]! - rank[b]! || ids[a]! - ids[b]!);
    return { byRank, member, rank, counts: null };
  }

  /**
   * The records matching every filter (and the words, when given), in the requested order after
   * the keyset position; the total; and each facet counted over the records matching all the
   * other filters.
   */
  async browse(options: {
    filters: Filters;
    match: string | null;
    sort: Sort;
    after: [string | number, number] | null;
    limit: number;
  }): Promise<Browsed> {
    const loaded = await this.#load();
    const { columns, ids } = loaded;
    const matched = options.match
      ? (loaded.matches.find(options.match) ??
        loaded.matches.keep(options.match, this.#match(loaded, await this.#repo.matches(options.match))))
      : null;
    // Relevance needs words: without any (no q, or a q with no word in it) the default order.
    const sort: Sort = options.sort === 'relevance' && !matched ? 'recent' : options.sort;
    const order =
      sort === 'relevance' ? matched!.byRank : sort === 'title' ? byTitle(loaded) : sort === 'year' ? byYear(loaded) : loaded.byRecent;
    // Ranked order holds only matches; the others are checked against the match set.
    const member = matched && sort !== 'relevance' ? matched.member : null;

    const wanted = columns.map((column, i) => wantedCode(column, options.filters[this.spec.dimensions[i]!.param]));
    const { hits, total, counts } = wanted.every((want) => want === NO_FILTER)
      ? this.#unfiltered(loaded, matched, order, member)
      : this.#filtered(columns, wanted, order, member);

    const keyOf = (p: number): string | number =>
      sort === 'title' ? loaded.titles[p]! : sort === 'year' ? loaded.years[p]! : sort === 'relevance' ? matched!.rank[p]! : ids[p]!;
    let start = 0;
    if (options.after) {
      const [key, id] = options.after;
      const p = Number.isInteger(id) && id >= 0 && id < loaded.positionOf.length ? loaded.positionOf[id]! : -1;
      const index = p >= 0 && keyOf(p) === key ? hits.subarray(0, total).indexOf(p) : -1;
      start = index >= 0 ? index + 1 : total;
    }
    const facets: Browsed['facets'] = {};
    this.spec.dimensions.forEach((dim, i) => {
      facets[dim.param] = topValues(columns[i]!, counts[i]!, FACET_VALUES);
    });
    const page = Array.from(hits.subarray(start, Math.min(total, start + options.limit)), (p) => ({ id: ids[p]!, key: keyOf(p) }));
    return { ids: page, total, facets };
  }

  /** Every record (or every match): the facets' counts are kept, whatever the order. */
  #unfiltered(loaded: Loaded, matched: MatchSet | null, order: Int32Array, member: Uint8Array | null): Counted {
    let hits = order;
    let total = order.length;
    if (member) {
      hits = new Int32Array(order.length);
      total = 0;
      for (let k = 0; k < order.length; k += 1) {
        const p = order[k]!;
        if (member[p] === 1) hits[total++] = p;
      }
    }
    const everything = matched ? matched.byRank : loaded.byRecent;
    const counts = (matched ? matched.counts : loaded.counts) ?? countFacets(loaded.columns, everything, everything.length);
    if (matched) matched.counts = counts;
    else loaded.counts = counts;
    return { hits, total, counts };
  }

  /**
   * One pass sorts the records into those matching every filter (the hits, in order) and, per
   * filtered dimension, those failing only that one: a facet counts the hits and its own near
   * misses, so each value's count is what choosing it (instead of the current one) would give.
   */
  #filtered(columns: FacetColumn[], wanted: number[], order: Int32Array, member: Uint8Array | null): Counted {
    const filtered = wanted.flatMap((want, i) => (want === NO_FILTER ? [] : [i]));
    const near = columns.map(() => [] as number[]);
    const hits = new Int32Array(order.length);
    let total = 0;
    for (let k = 0; k < order.length; k += 1) {
      const p = order[k]!;
      if (member && member[p] === 0) continue;
      let failed = -1;
      let failures = 0;
      for (let f = 0; f < filtered.length && failures < 2; f += 1) {
        const i = filtered[f]!;
        if (!hasValue(columns[i]!, p, wanted[i]!)) {
          failed = i;
          failures += 1;
        }
      }
      if (failures === 0) hits[total++] = p;
      else if (failures === 1) near[failed]!.push(p);
    }
    const counts = countFacets(columns, hits, total);
    columns.forEach((column, i) => tally(column, near[i]!, near[i]!.length, counts[i]!));
    return { hits, total, counts };
  }
}

function byTitle(loaded: Loaded): Int32Array {
  const { titles, ids } = loaded;
  loaded.byTitle ??= loaded.byRecent.slice().sort((a, b) => collator.compare(titles[a]!, titles[b]!) || ids[a]! - ids[b]!);
  return loaded.byTitle;
}

function byYear(loaded: Loaded): Int32Array {
  const { years, ids } = loaded;
  loaded.byYear ??= loaded.byRecent.slice().sort((a, b) => years[b]! - years[a]! || ids[b]! - ids[a]!);
  return loaded.byYear;
}

interface Counted {
  /** Positions of the records to show, in order; the first `total` count. */
  hits: Int32Array;
  total: number;
  /** Per dimension, the count of each value's code. */
  counts: Int32Array[];
}

function countFacets(columns: FacetColumn[], positions: Int32Array, length: number): Int32Array[] {
  return columns.map((column) => {
    const counts = new Int32Array(column.values.length);
    tally(column, positions, length, counts);
    return counts;
  });
}
