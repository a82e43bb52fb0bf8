// engine: SQLite FTS5 (PostgreSQL: search port). MATCH, bm25 and the FTS5 tables' rowids.
import { sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client.ts';
import { prepared } from '../../../../db/access.ts';
import { jsonValues } from '../../../../db/dialect.ts';
import { CANDIDATE_BUDGET, type FullTextIndex } from '../engine.ts';
import type { SearchType } from '../query.ts';
import { KIND_BY_CODE, THREAD_SHIFT } from './index-sql.ts';

/** Title weighted ten times the body. */
const WEIGHTS = sql.raw('10.0, 1.0');
const BUDGET = sql.raw(String(CANDIDATE_BUDGET));
const POST_MASK = sql.raw(String(THREAD_SHIFT - 1));
const match = sql.placeholder('match');
const ids = sql.placeholder('ids');
const json = (values: readonly number[]) => JSON.stringify(values);

type Hit = { threadId: number; postId: number; score: number };

/**
 * The full-text queries on SQLite's FTS5 tables, prepared once: each request runs one MATCH
 * per index. Rowids carry what a hit is (see index-sql.ts).
 */
export function createSqliteFullTextIndex(db: Db): FullTextIndex {
  const postColumns = (score: ReturnType<typeof sql>) =>
    sql`SELECT rowid >> 32 AS "threadId", rowid & ${POST_MASK} AS "postId", ${score} AS score FROM discussion_fts WHERE discussion_fts MATCH ${match}`;
  const byAuthor = sql`AND rowid & ${POST_MASK} IN (SELECT id FROM posts WHERE author_id = ${sql.placeholder('author')})`;
  const bm25Posts = sql`bm25(discussion_fts, ${WEIGHTS})`;
  const statements = {
    posts: prepared<Hit>(db, sql`${postColumns(bm25Posts)} ORDER BY score LIMIT ${BUDGET}`),
    postsBy: prepared<Hit>(db, sql`${postColumns(bm25Posts)} ${byAuthor} ORDER BY score LIMIT ${BUDGET}`),
    knowledge: prepared<{ rowid: number; score: number }>(
      db,
      sql`SELECT rowid AS rowid, bm25(knowledge_fts, 0, 0, ${WEIGHTS}) AS score FROM knowledge_fts WHERE knowledge_fts MATCH ${match} ORDER BY score LIMIT ${BUDGET}`,
    ),
    // Unranked: when a type filter leaves a source out of the results, it still counts in the
    // type facet, and counting needs no score (bm25 is most of a broad query's cost).
    postsUnranked: prepared<Hit>(db, sql`${postColumns(sql`0`)} LIMIT ${BUDGET}`),
    postsByUnranked: prepared<Hit>(db, sql`${postColumns(sql`0`)} ${byAuthor} LIMIT ${BUDGET}`),
    knowledgeUnranked: prepared<{ rowid: number; score: number }>(
      db,
      sql`SELECT rowid AS rowid, 0 AS score FROM knowledge_fts WHERE knowledge_fts MATCH ${match} LIMIT ${BUDGET}`,
    ),
    knowledgeTexts: prepared<{ rowid: number; title: string; body: string }>(
      db,
      sql`SELECT rowid AS rowid, title, body FROM knowledge_fts WHERE rowid IN ${jsonValues(ids)}`,
    ),
    titles: prepared<{ rowid: number }>(
      db,
      sql`SELECT rowid AS rowid FROM title_fts WHERE title_fts MATCH ${match} ORDER BY rank LIMIT ${sql.placeholder('limit')}`,
    ),
    titleTexts: prepared<{ rowid: number; title: string }>(db, sql`SELECT rowid AS rowid, title FROM title_fts WHERE rowid IN ${jsonValues(ids)}`),
  };
  const kindOf = (rowid: number) => ({ type: KIND_BY_CODE[rowid & 7] as SearchType, id: Math.floor(rowid / 8) });

  return {
    async postHits(text, authorId, ranked = true) {
      const [all, by] = ranked ? [statements.posts, statements.postsBy] : [statements.postsUnranked, statements.postsByUnranked];
      return authorId === null ? all.all({ match: text }) : by.all({ match: text, author: authorId });
    },

    async knowledgeHits(text, ranked = true) {
      const rows = await (ranked ? statements.knowledge : statements.knowledgeUnranked).all({ match: text });
      return rows.map(({ rowid, score }) => ({ rowid, ...kindOf(rowid), score }));
    },

    async knowledgeTexts(rowids) {
      if (rowids.length === 0) return new Map();
      const rows = await statements.knowledgeTexts.all({ ids: json(rowids) });
      return new Map(rows.map(({ rowid, title, body }) => [rowid, { title, body }]));
    },

    async titleHits(text, limit) {
      const rows = await statements.titles.all({ match: text, limit });
      return rows.map(({ rowid }) => ({ rowid, ...kindOf(rowid) }));
    },

    async titleTexts(rowids) {
      if (rowids.length === 0) return new Map();
      const rows = await statements.titleTexts.all({ ids: json(rowids) });
      return new Map(rows.map(({ rowid, title }) => [rowid, title]));
    },
  };
}
