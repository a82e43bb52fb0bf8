import { sql, type SQL } from 'drizzle-orm';
import { jsonValues } from '../../../db/dialect.ts';
import { onPostgres } from '../../../db/engine.ts';
import { pgQuery, rankOf } from './pg/fts-repository.ts';
import { toTsQueryTerms } from './pg/query.ts';
import type { Term } from './query.ts';

/**
 * The knowledge lists' full-text side (`q=` on /api/resources, /api/experiences, …, the facet
 * index, the export and the link picker), over the search area's knowledge_fts index: the one
 * place where that SQL differs between the engines. `match` is what `knowledgeMatch` returns;
 * every rank is lower-is-better on both engines (FTS5's bm25; PostgreSQL's negated ts_rank_cd,
 * weighted as in search).
 */

const MAX_WORDS = 12;

/**
 * What a person typed as this engine's match: every word must appear (as a prefix for the last
 * one), the words passed as data (FTS5: each quoted; PostgreSQL: minga_search_query's JSON), so
 * no syntax can be injected. Null without a word.
 */
export function knowledgeMatch(text: string): string | null {
  const words = text
    .normalize('NFC')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .slice(0, MAX_WORDS);
  if (words.length === 0) return null;
  // A one-letter prefix matches nearly every row (and knowledge_fts has no prefix index): a word then.
  const prefix = (w: string, i: number) => i === words.length - 1 && [...w].length >= 2;
  if (onPostgres) {
    const terms: Term[] = words.map((w, i) => ({ words: [w], kind: prefix(w, i) ? 'prefix' : 'word' }));
    return toTsQueryTerms({ terms, excludes: [] });
  }
  return words.map((w, i) => `"${w.replace(/"/g, '""')}"${prefix(w, i) ? '*' : ''}`).join(' ');
}


/** Ids of the records of one kind (a link type: 'resource', …) matching, as a subquery for `id IN …`. */
export function knowledgeMatchIds(match: unknown, kind: unknown): SQL {
  return onPostgres
    ? sql`(SELECT item_id FROM knowledge_fts, ${pgQuery(match)} WHERE vector @@ query.q AND kind = ${kind})`
    : sql`(SELECT item_id FROM knowledge_fts WHERE knowledge_fts MATCH ${match} AND kind = ${kind})`;
}

/** The records of one kind matching, with their rank, as a table `(item_id, rank)`. */
export function knowledgeRankedMatches(match: unknown, kind: unknown): SQL {
  return onPostgres
    ? sql`(SELECT item_id, ${rankOf()} AS rank FROM knowledge_fts, ${pgQuery(match)} WHERE vector @@ query.q AND kind = ${kind})`
    : sql`(SELECT item_id, rank FROM knowledge_fts WHERE knowledge_fts MATCH ${match} AND kind = ${kind})`;
}

/**
 * The records of the kind with this index code (search/index-sources.ts) matching, `id` and
 * `rank`, read from the index's rowid alone: what the in-memory facet index asks.
 */
export function knowledgeMatchesByCode(match: unknown, code: unknown): SQL {
  return onPostgres
    ? sql`SELECT rowid / 8 AS id, ${rankOf()} AS rank FROM knowledge_fts, ${pgQuery(match)} WHERE vector @@ query.q AND rowid % 8 = ${code}`
    : sql`SELECT rowid / 8 AS id, rank FROM knowledge_fts WHERE knowledge_fts MATCH ${match} AND rowid % 8 = ${code}`;
}

/** Across several kinds at once, best matches first (`kind`, `id`, `title`): the link picker. */
export function knowledgeSearchAll(match: unknown, kinds: readonly string[], limit: number): SQL {
  const kindList = jsonValues(JSON.stringify(kinds));
  return onPostgres
    ? sql`SELECT kind, item_id AS id, title FROM knowledge_fts, ${pgQuery(match)}
          WHERE vector @@ query.q AND kind IN ${kindList} ORDER BY ${rankOf()}, rowid LIMIT ${limit}`
    : sql`SELECT kind, item_id AS id, title FROM knowledge_fts
          WHERE knowledge_fts MATCH ${match} AND kind IN ${kindList} ORDER BY rank LIMIT ${limit}`;
}
