import type Database from 'better-sqlite3';
import { READABLE_COMMUNITY_IDS_SQL } from '../communities/readable.ts';
import { KIND_BY_CODE, THREAD_SHIFT } from './index-sql.ts';
import type { SearchType } from './query.ts';
import { liveRecordSql } from '../knowledge/withdrawal.ts';

/** A post that matched, before permissions: lower score is better (bm25). */
export interface PostHit {
  threadId: number;
  postId: number;
  score: number;
}

/** A knowledge record that matched; `rowid` is `id * 8 + kind code`. */
export interface KnowledgeHit {
  rowid: number;
  type: SearchType;
  id: number;
  score: number;
}

export interface ThreadMeta {
  id: number;
  communityId: number;
  title: string;
  language: string | null;
  acceptedPostId: number | null;
  lastPostAt: number;
}

/** Title weighted ten times the body. */
const WEIGHTS = '10.0, 1.0';
/**
 * The work budget of one search: at most this many candidates are read from each index (the
 * best ones when ranked), so a query matching nearly everything costs what a narrow one
 * does past the index scan. Totals and facets count within it; pages stop at 200 results long
 * before it (service.ts SEARCH_RESULT_CAP).
 */
export const CANDIDATE_BUDGET = 2000;
const json = (values: readonly number[]) => JSON.stringify(values);

/**
 * The search queries, on prepared statements: each request runs one MATCH per index and reads
 * everything else by primary key. Rowids carry what a hit is (see index-sql.ts).
 */
export function createSearchRepository(sqlite: Database.Database) {
  const statements = {
    posts: sqlite.prepare(
      `SELECT rowid >> 32, rowid & ${THREAD_SHIFT - 1}, bm25(discussion_fts, ${WEIGHTS}) AS score FROM discussion_fts WHERE discussion_fts MATCH ?
       ORDER BY score LIMIT ${CANDIDATE_BUDGET}`,
    ),
    postsBy: sqlite.prepare(
      `SELECT rowid >> 32, rowid & ${THREAD_SHIFT - 1}, bm25(discussion_fts, ${WEIGHTS}) AS score FROM discussion_fts WHERE discussion_fts MATCH ?
       AND rowid & ${THREAD_SHIFT - 1} IN (SELECT id FROM posts WHERE author_id = ?) ORDER BY score LIMIT ${CANDIDATE_BUDGET}`,
    ),
    knowledge: sqlite.prepare(
      `SELECT rowid, bm25(knowledge_fts, 0, 0, ${WEIGHTS}) AS score FROM knowledge_fts WHERE knowledge_fts MATCH ? ORDER BY score LIMIT ${CANDIDATE_BUDGET}`,
    ),
    // Unranked: when a type filter leaves a source out of the results, it still counts in the
    // type facet, and counting needs no score (bm25 is most of a broad query's cost).
    postsUnranked: sqlite.prepare(
      `SELECT rowid >> 32, rowid & ${THREAD_SHIFT - 1}, 0 FROM discussion_fts WHERE discussion_fts MATCH ? LIMIT ${CANDIDATE_BUDGET}`,
    ),
    postsByUnranked: sqlite.prepare(
      `SELECT rowid >> 32, rowid & ${THREAD_SHIFT - 1}, 0 FROM discussion_fts WHERE discussion_fts MATCH ?
       AND rowid & ${THREAD_SHIFT - 1} IN (SELECT id FROM posts WHERE author_id = ?) LIMIT ${CANDIDATE_BUDGET}`,
    ),
    knowledgeUnranked: sqlite.prepare(`SELECT rowid, 0 FROM knowledge_fts WHERE knowledge_fts MATCH ? LIMIT ${CANDIDATE_BUDGET}`),
    threads: sqlite.prepare(
      `SELECT id, community_id, title, language, accepted_post_id, last_post_at FROM threads
       WHERE id IN (SELECT value FROM json_each(?))`,
    ),
    specialistPosts: sqlite.prepare(
      `SELECT p.id FROM posts p WHERE p.author_id IN (SELECT user_id FROM specialists WHERE user_id IS NOT NULL AND ${liveRecordSql((c) => c)})`,
    ),
    readableCommunities: sqlite.prepare(READABLE_COMMUNITY_IDS_SQL),
    communityBySlug: sqlite.prepare(`SELECT id FROM communities WHERE slug = ?`),
    userByName: sqlite.prepare(`SELECT id FROM users WHERE username = ?`),
    postTexts: sqlite.prepare(`SELECT id, coalesce(body_text, '') FROM posts WHERE id IN (SELECT value FROM json_each(?))`),
    knowledgeTexts: sqlite.prepare(`SELECT rowid, title, body FROM knowledge_fts WHERE rowid IN (SELECT value FROM json_each(?))`),
    titles: sqlite.prepare(`SELECT rowid FROM title_fts WHERE title_fts MATCH ? ORDER BY rank LIMIT ?`),
    titleTexts: sqlite.prepare(`SELECT rowid, title FROM title_fts WHERE rowid IN (SELECT value FROM json_each(?))`),
    specialistStamp: sqlite.prepare(
      `SELECT (SELECT max(id) FROM posts) || ':' || (SELECT count(*) || ',' || total(user_id) FROM specialists WHERE user_id IS NOT NULL AND ${liveRecordSql((c) => c)})`,
    ),
  };
  for (const statement of Object.values(statements)) statement.raw();
  let specialistCache: { stamp: string; ids: ReadonlySet<number> } = { stamp: '', ids: new Set() };

  return {
    /** Communities the actor may read, by the one readable-community condition (communities/readable.ts). */
    visibleCommunityIds(actor: { id: number; role: string } | null): Set<number> {
      const rows = statements.readableCommunities.all({ viewer: actor?.id ?? null }) as [number][];
      return new Set(rows.map((r) => r[0]));
    },

    communityId: (slug: string) => (statements.communityBySlug.get(slug) as [number] | undefined)?.[0] ?? null,
    userId: (username: string) => (statements.userByName.get(username) as [number] | undefined)?.[0] ?? null,

    /**
     * The best posts matching (at most CANDIDATE_BUDGET), before permissions; `ranked: false`
     * gives any of them with every score as 0, for counting only.
     */
    postHits(match: string, authorId: number | null, ranked = true): PostHit[] {
      const [all, by] = ranked ? [statements.posts, statements.postsBy] : [statements.postsUnranked, statements.postsByUnranked];
      const rows = (authorId === null ? all.all(match) : by.all(match, authorId)) as [number, number, number][];
      return rows.map(([threadId, postId, score]) => ({ threadId, postId, score }));
    },

    knowledgeHits(match: string, ranked = true): KnowledgeHit[] {
      const rows = (ranked ? statements.knowledge : statements.knowledgeUnranked).all(match) as [number, number][];
      return rows.map(([rowid, score]) => ({ rowid, type: KIND_BY_CODE[rowid & 7] as SearchType, id: Math.floor(rowid / 8), score }));
    },

    threads(ids: readonly number[]): Map<number, ThreadMeta> {
      const rows = statements.threads.all(json(ids)) as [number, number, string, string | null, number | null, number][];
      const map = new Map<number, ThreadMeta>();
      for (const [id, communityId, title, language, acceptedPostId, lastPostAt] of rows) {
        map.set(id, { id, communityId, title, language, acceptedPostId, lastPostAt });
      }
      return map;
    },

    /**
     * Posts written by people linked to a specialist record (their answers rank higher); kept
     * between requests until a post is added, a specialist is linked or unlinked, or another
     * connection commits.
     */
    specialistPostIds(): ReadonlySet<number> {
      const version = sqlite.pragma('data_version', { simple: true }) as number;
      const stamp = `${version}:${(statements.specialistStamp.get() as [string])[0]}`;
      if (stamp !== specialistCache.stamp) {
        specialistCache = { stamp, ids: new Set((statements.specialistPosts.all() as [number][]).map((r) => r[0])) };
      }
      return specialistCache.ids;
    },

    /** What a reader sees of each post (its text, not its Markdown source), for snippets. */
    postTexts(postIds: readonly number[]): Map<number, string> {
      if (postIds.length === 0) return new Map();
      return new Map(statements.postTexts.all(json(postIds)) as [number, string][]);
    },

    knowledgeTexts(rowids: readonly number[]): Map<number, { title: string; body: string }> {
      if (rowids.length === 0) return new Map();
      const rows = statements.knowledgeTexts.all(json(rowids)) as [number, string, string][];
      return new Map(rows.map(([rowid, title, body]) => [rowid, { title, body }]));
    },

    /** The best title matches, any kind, best first. */
    titleHits(match: string, limit: number): { rowid: number; type: SearchType; id: number }[] {
      const rows = statements.titles.all(match, limit) as [number][];
      return rows.map(([rowid]) => ({ rowid, type: KIND_BY_CODE[rowid & 7] as SearchType, id: Math.floor(rowid / 8) }));
    },

    titleTexts(rowids: readonly number[]): Map<number, string> {
      if (rowids.length === 0) return new Map();
      return new Map(statements.titleTexts.all(json(rowids)) as [number, string][]);
    },
  };
}

export type SearchRepository = ReturnType<typeof createSearchRepository>;
