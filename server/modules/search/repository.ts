import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import type { SearchFilters, SearchType } from './query.ts';

/** One hit of either source before it is presented: lower score is better (bm25). */
export interface SearchHit {
  type: SearchType;
  id: number;
  /** The best-matching post of a thread (or the post itself); null for knowledge. */
  postId: number | null;
  threadId: number | null;
  title: string;
  score: number;
}

export interface FacetCount {
  value: string;
  count: number;
}

export interface HitQuery {
  match: string;
  /** Communities the actor may see, computed once per request. */
  visibleCommunityIds: number[];
  filters: SearchFilters;
}

const KNOWLEDGE_TYPES = ['resource', 'experience', 'profile', 'specialist', 'institution'];
/** Filters that only discussions carry: with one of them, knowledge has no hits. */
const discussionOnly = (f: SearchFilters) => !!(f.community || f.author || f.solved);

/** Title weighted ten times the body; an accepted answer counts double. */
const ACCEPTED_BOOST = 2.0;

export function createSearchRepository(db: Db) {
  /**
   * Every hit of both sources as rows (type, id, post_id, thread_id, title, score, recency,
   * country, langs), with the hard filters (words, visibility, community, author, solved)
   * applied. Type, country and language are left to the caller, so facets can leave one out.
   */
  function hits(q: HitQuery): SQL {
    const f = q.filters;
    const dWhere: SQL[] = [
      sql`discussion_fts MATCH ${q.match}`,
      sql`discussion_fts.community_id IN (SELECT value FROM json_each(${JSON.stringify(q.visibleCommunityIds)}))`,
    ];
    if (f.community) dWhere.push(sql`t.community_id = (SELECT id FROM communities WHERE slug = ${f.community})`);
    if (f.author) dWhere.push(sql`p.author_id = (SELECT id FROM users WHERE username = ${f.author})`);
    if (f.solved) dWhere.push(sql`t.accepted_post_id IS NOT NULL`);
    const dposts = sql`SELECT discussion_fts.rowid AS post_id, t.id AS thread_id, t.title AS title,
        bm25(discussion_fts, 0, 0, 0, 10.0, 1.0) * (CASE WHEN t.accepted_post_id = discussion_fts.rowid THEN ${ACCEPTED_BOOST} ELSE 1.0 END) AS score,
        t.last_post_at AS thread_recency, p.created_at AS post_recency,
        CASE WHEN t.language IS NULL THEN '[]' ELSE json_array(t.language) END AS langs
      FROM discussion_fts
      JOIN posts p ON p.id = discussion_fts.rowid
      JOIN threads t ON t.id = p.thread_id
      WHERE ${sql.join(dWhere, sql` AND `)}`;
    const knowledge = discussionOnly(f)
      ? sql``
      : sql` UNION ALL
      SELECT kind AS type, id, NULL AS post_id, NULL AS thread_id, title, score, 0 AS recency,
        CASE kind
          WHEN 'resource' THEN (SELECT country_code FROM resources WHERE id = k.id)
          WHEN 'experience' THEN (SELECT country_code FROM experiences WHERE id = k.id)
          WHEN 'profile' THEN (SELECT country_code FROM profiles WHERE id = k.id)
          WHEN 'specialist' THEN (SELECT country_code FROM specialists WHERE id = k.id)
          WHEN 'institution' THEN (SELECT country_code FROM institutions WHERE id = k.id)
        END AS country,
        CASE kind
          WHEN 'resource' THEN (SELECT languages FROM resources WHERE id = k.id)
          WHEN 'experience' THEN (SELECT languages FROM experiences WHERE id = k.id)
          WHEN 'profile' THEN (SELECT json_array(language) FROM profiles WHERE id = k.id)
          WHEN 'specialist' THEN (SELECT languages FROM specialists WHERE id = k.id)
          ELSE '[]'
        END AS langs
      FROM (SELECT kind, item_id AS id, title, bm25(knowledge_fts, 0, 0, 10.0, 1.0) AS score
            FROM knowledge_fts WHERE knowledge_fts MATCH ${q.match}) AS k`;
    return sql`WITH dposts AS (${dposts}),
      dthreads AS (
        SELECT post_id, thread_id, title, score, thread_recency, langs FROM (
          SELECT *, row_number() OVER (PARTITION BY thread_id ORDER BY score ASC, post_id ASC) AS rn FROM dposts
        ) WHERE rn = 1
      ),
      hits AS (
        SELECT 'thread' AS type, thread_id AS id, post_id, thread_id, title, score, thread_recency AS recency, NULL AS country, langs FROM dthreads
        UNION ALL
        SELECT 'post' AS type, post_id AS id, post_id, thread_id, title, score, post_recency AS recency, NULL AS country, langs FROM dposts${knowledge}
      )`;
  }

  /** The facet filters as SQL over `hits`, leaving out one dimension when asked. */
  function facetWhere(f: SearchFilters, except?: 'type' | 'country' | 'language'): SQL {
    const parts: SQL[] = [sql`1 = 1`];
    if (except !== 'type') {
      // Without a type, a discussion is one result per thread, not one per post.
      parts.push(f.type ? sql`hits.type = ${f.type}` : sql`hits.type <> 'post'`);
    }
    if (f.country && except !== 'country') parts.push(sql`hits.country = ${f.country}`);
    if (f.language && except !== 'language') parts.push(sql`EXISTS (SELECT 1 FROM json_each(hits.langs) WHERE value = ${f.language})`);
    return sql.join(parts, sql` AND `);
  }

  return {
    /** Communities the actor may see: public ones, those where they are an active member, all for admins. */
    visibleCommunityIds(actor: { id: number; role: string } | null): number[] {
      if (actor?.role === 'admin') return db.all<{ id: number }>(sql`SELECT id FROM communities`).map((r) => r.id);
      return db
        .all<{ id: number }>(
          sql`SELECT id FROM communities WHERE visibility = 'public'
              OR id IN (SELECT community_id FROM community_members WHERE user_id = ${actor?.id ?? 0} AND status = 'active')`,
        )
        .map((r) => r.id);
    },

    /** Best first (score, then recency), at most `cap` rows, and the full count. */
    search(q: HitQuery, cap: number): { rows: SearchHit[]; total: number } {
      const base = hits(q);
      const where = facetWhere(q.filters);
      const rows = db.all<{ type: SearchType; id: number; post_id: number | null; thread_id: number | null; title: string; score: number }>(
        sql`${base} SELECT type, id, post_id, thread_id, title, score FROM hits WHERE ${where}
            ORDER BY score ASC, recency DESC, type ASC, id DESC LIMIT ${cap}`,
      );
      const total = db.get<{ n: number }>(sql`${base} SELECT count(*) AS n FROM hits WHERE ${where}`)!.n;
      return {
        rows: rows.map((r) => ({ type: r.type, id: r.id, postId: r.post_id, threadId: r.thread_id, title: r.title, score: r.score })),
        total,
      };
    },

    /** Counts per value of each facet over the hits matching every other filter. */
    facets(q: HitQuery): { type: FacetCount[]; country: FacetCount[]; language: FacetCount[] } {
      const base = hits(q);
      const f = q.filters;
      const type = db.all<FacetCount>(
        sql`${base} SELECT type AS value, count(*) AS count FROM hits WHERE ${facetWhere(f, 'type')}
            GROUP BY type ORDER BY count DESC, value ASC`,
      );
      const country = db.all<FacetCount>(
        sql`${base} SELECT country AS value, count(*) AS count FROM hits WHERE country IS NOT NULL AND ${facetWhere(f, 'country')}
            GROUP BY country ORDER BY count DESC, value ASC LIMIT 30`,
      );
      const language = db.all<FacetCount>(
        sql`${base} SELECT l.value AS value, count(*) AS count FROM hits, json_each(hits.langs) AS l WHERE ${facetWhere(f, 'language')}
            GROUP BY l.value ORDER BY count DESC, value ASC`,
      );
      return { type, country, language };
    },

    /** Snippet of one post's body, matches between \u0001 and \u0002. */
    postSnippet(match: string, postId: number): string | null {
      return (
        db.get<{ s: string }>(
          sql`SELECT snippet(discussion_fts, 4, char(1), char(2), '…', 16) AS s FROM discussion_fts
              WHERE discussion_fts MATCH ${match} AND rowid = ${postId}`,
        )?.s ?? null
      );
    },

    knowledgeSnippet(match: string, kind: string, id: number): string | null {
      if (!KNOWLEDGE_TYPES.includes(kind)) return null;
      return (
        db.get<{ s: string }>(
          sql`SELECT snippet(knowledge_fts, 3, char(1), char(2), '…', 16) AS s FROM knowledge_fts
              WHERE knowledge_fts MATCH ${match} AND kind = ${kind} AND item_id = ${id}`,
        )?.s ?? null
      );
    },
  };
}

export type SearchRepository = ReturnType<typeof createSearchRepository>;
