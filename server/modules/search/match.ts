import { onPostgres } from '../../../db/engine.ts';
import { toTsQueryTerms } from './pg/query.ts';
import { toFtsMatch, type ParsedQuery } from './query.ts';

/**
 * The parsed query as this process's full-text index reads it (engine.ts's `match`): FTS5's
 * MATCH string on SQLite, minga_search_query()'s JSON terms on PostgreSQL. Null when there is
 * no positive term.
 */
export function toMatch(query: Pick<ParsedQuery, 'terms' | 'excludes'>): string | null {
  return onPostgres ? toTsQueryTerms(query) : toFtsMatch({ ...query, filters: {} });
}
