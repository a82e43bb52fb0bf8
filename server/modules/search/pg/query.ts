// engine: PostgreSQL. The parsed query as minga_search_query() reads it (pg/index-sql.ts).
import type { ParsedQuery } from '../query.ts';

/**
 * The query for PostgreSQL: a JSON list of terms, each `{w: words, p: prefix, n: excluded}`,
 * that minga_search_query() folds like the index and turns into a tsquery (words as a phrase
 * `<->`, a prefix as `:*`, exclusions as `!`). Words travel as data, never as tsquery syntax.
 * Null when there is no positive term, as for FTS5.
 */
export function toTsQueryTerms(query: Pick<ParsedQuery, 'terms' | 'excludes'>): string | null {
  if (query.terms.length === 0) return null;
  const terms: { w: string; p?: true; n?: true }[] = query.terms.map((t) => ({ w: t.words.join(' '), ...(t.kind === 'prefix' ? { p: true } : {}) }));
  for (const words of query.excludes) terms.push({ w: words.join(' '), n: true });
  return JSON.stringify(terms);
}
