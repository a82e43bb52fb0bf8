import type { Db, OpenedDb } from '../../../db/client.ts';
import type { SearchType } from './query.ts';

/** A post that matched, before permissions: lower score is better. */
export interface PostHit {
  threadId: number;
  postId: number;
  score: number;
}

/** A knowledge record that matched; `rowid` is `id * 8 + kind code` (index-sql.ts). */
export interface KnowledgeHit {
  rowid: number;
  type: SearchType;
  id: number;
  score: number;
}

/** The index tables, on either engine. */
export const INDEXES = ['discussion_fts', 'knowledge_fts', 'title_fts'] as const;

export interface RebuildReport {
  rows: { discussion_fts: number; knowledge_fts: number; title_fts: number };
  ms: number;
}

/**
 * What a rebuild does its own way on each engine (sqlite/rebuild-repository.ts,
 * pg/rebuild-repository.ts); rebuild.ts runs the rest, the same on both: fill the missing post
 * texts, then in one transaction empty the indexes and refill them source by source, by id range.
 */
export interface IndexRebuild {
  /** Rows of a source's id range per round of its statements. */
  batch: number;
  /** Computes the text of posts written before their text was stored (the index reads it); how many. */
  fillPostTexts(database: OpenedDb): Promise<number>;
  /** Refill statements per source, each with its id range as `BETWEEN ? AND ?`. */
  statements(): { label: string; table: string; sql: string[] }[];
  /** The last step inside the transaction, after every source is in. */
  beforeCommit?(db: Db): Promise<void>;
  /** The step after the commit. */
  afterCommit?(db: Db): Promise<void>;
}

/**
 * The full-text index, as the search service asks it: everything that depends on the engine
 * (index tables, MATCH syntax, ranking, rebuild) is behind this interface, one implementation
 * per engine (sqlite/: FTS5; pg/: tsvector). `match` is the query as match.ts's `toMatch` writes it.
 */
export interface FullTextIndex {
  /**
   * The best posts matching (at most CANDIDATE_BUDGET), before permissions; `ranked: false`
   * gives any of them with every score as 0, for counting only.
   */
  postHits(match: string, authorId: number | null, ranked?: boolean): Promise<PostHit[]>;
  knowledgeHits(match: string, ranked?: boolean): Promise<KnowledgeHit[]>;
  /** Title and body of knowledge records as indexed (by index rowid), for snippets. */
  knowledgeTexts(rowids: readonly number[]): Promise<Map<number, { title: string; body: string }>>;
  /** The best title matches, any kind, best first. */
  titleHits(match: string, limit: number): Promise<{ rowid: number; type: SearchType; id: number }[]>;
  titleTexts(rowids: readonly number[]): Promise<Map<number, string>>;
}

/**
 * The work budget of one search: at most this many candidates are read from each index (the
 * best ones when ranked), so a query matching nearly everything costs what a narrow one
 * does past the index scan. Totals and facets count within it; pages stop at 200 results long
 * before it (service.ts SEARCH_RESULT_CAP).
 */
export const CANDIDATE_BUDGET = 2000;
