// engine: PostgreSQL. tsvector @@ tsquery, ts_rank_cd and the index tables' rowids.
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../../db/client.ts';
import { prepared } from '../../../../db/access.ts';
import { CANDIDATE_BUDGET, type FullTextIndex } from '../engine.ts';
import type { SearchType } from '../query.ts';
import { idsIn } from '../sql.ts';
import { KIND_BY_CODE, THREAD_SHIFT } from '../index-sources.ts';

const BUDGET = sql.raw(String(CANDIDATE_BUDGET));
const POST_MASK = sql.raw(String(THREAD_SHIFT - 1));
const ids = sql.placeholder('ids');
const json = (values: readonly number[]) => JSON.stringify(values);

/**
 * The query, built once per statement (pg/query.ts's JSON through minga_search_query()): a
 * one-row subquery, so the GIN index is probed with its value and the rank reads it too.
 * `OFFSET 0` keeps the planner from folding it into the outer query: in the generic plan of a
 * prepared statement it would then call the function again for every row (40 times slower).
 */
export const pgQuery = (match: unknown) => sql`(SELECT minga_search_query(${match}::jsonb) AS q OFFSET 0) AS query`;
const query = pgQuery(sql.placeholder('match'));

/**
 * The score of a match, negated so that lower is better as with FTS5's bm25 (results.ts scales
 * and boosts either the same way). The vector weighs the title (A, 1.0) ten times the body
 * (D, 0.1), as bm25's weights 10 and 1 do on SQLite; normalisation 1 divides by the log of the
 * row's length, so a word in a short text counts more than in a long one, as with bm25.
 */
export const rankOf = (vector: SQL | string = sql.raw('"vector"')): SQL => sql`-ts_rank_cd(${vector}, query.q, 1)`;

type Hit = { threadId: number; postId: number; score: number };

/** The full-text queries on PostgreSQL's index tables (pg/index-sql.ts), prepared once. */
export function createPgFullTextIndex(db: Db): FullTextIndex {
  const postColumns = (score: SQL) =>
    sql`SELECT rowid >> 32 AS "threadId", rowid & ${POST_MASK} AS "postId", ${score} AS score FROM discussion_fts, ${query} WHERE vector @@ query.q`;
  const byAuthor = sql`AND rowid & ${POST_MASK} IN (SELECT id FROM posts WHERE author_id = ${sql.placeholder('author')})`;
  const statements = {
    posts: prepared<Hit>(db, sql`${postColumns(rankOf())} ORDER BY score LIMIT ${BUDGET}`),
    postsBy: prepared<Hit>(db, sql`${postColumns(rankOf())} ${byAuthor} ORDER BY score LIMIT ${BUDGET}`),
    knowledge: prepared<{ rowid: number; score: number }>(
      db,
      sql`SELECT rowid, ${rankOf()} AS score FROM knowledge_fts, ${query} WHERE vector @@ query.q ORDER BY score LIMIT ${BUDGET}`,
    ),
    // Unranked: counting needs no score (see sqlite/fts-repository.ts).
    postsUnranked: prepared<Hit>(db, sql`${postColumns(sql`0`)} LIMIT ${BUDGET}`),
    postsByUnranked: prepared<Hit>(db, sql`${postColumns(sql`0`)} ${byAuthor} LIMIT ${BUDGET}`),
    knowledgeUnranked: prepared<{ rowid: number; score: number }>(
      db,
      sql`SELECT rowid, 0 AS score FROM knowledge_fts, ${query} WHERE vector @@ query.q LIMIT ${BUDGET}`,
    ),
    knowledgeTexts: prepared<{ rowid: number; title: string; body: string }>(
      db,
      sql`SELECT rowid, title, body FROM knowledge_fts WHERE rowid IN ${idsIn(ids)}`,
    ),
    titles: prepared<{ rowid: number }>(
      db,
      sql`SELECT rowid FROM title_fts, ${query} WHERE vector @@ query.q ORDER BY ${rankOf()}, rowid LIMIT ${sql.placeholder('limit')}`,
    ),
    titleTexts: prepared<{ rowid: number; title: string }>(db, sql`SELECT rowid, title FROM title_fts WHERE rowid IN ${idsIn(ids)}`),
  };
  const kindOf = (rowid: number) => ({ type: KIND_BY_CODE[rowid & 7] as SearchType, id: Math.floor(rowid / 8) });

  return {
    async postHits(match, authorId, ranked = true) {
      const [all, by] = ranked ? [statements.posts, statements.postsBy] : [statements.postsUnranked, statements.postsByUnranked];
      return authorId === null ? all.all({ match }) : by.all({ match, author: authorId });
    },

    async knowledgeHits(match, ranked = true) {
      const rows = await (ranked ? statements.knowledge : statements.knowledgeUnranked).all({ match });
      return rows.map(({ rowid, score }) => ({ rowid, ...kindOf(rowid), score }));
    },

    async knowledgeTexts(rowids) {
      if (rowids.length === 0) return new Map();
      const rows = await statements.knowledgeTexts.all({ ids: json(rowids) });
      return new Map(rows.map(({ rowid, title, body }) => [rowid, { title, body }]));
    },

    async titleHits(match, limit) {
      const rows = await statements.titles.all({ match, limit });
      return rows.map(({ rowid }) => ({ rowid, ...kindOf(rowid) }));
    },

    async titleTexts(rowids) {
      if (rowids.length === 0) return new Map();
      const rows = await statements.titleTexts.all({ ids: json(rowids) });
      return new Map(rows.map(({ rowid, title }) => [rowid, title]));
    },
  };
}
