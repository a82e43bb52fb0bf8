import type { SearchQuery, SearchResponse, SearchResult } from '../../../shared/schemas/search.ts';
import { decodeCursor, DEFAULT_PAGE_SIZE, encodeCursor } from '../../lib/cursor.ts';
import { AppError } from '../../lib/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { parseQuery, toFtsMatch, type SearchFilters } from './query.ts';
import type { SearchHit, SearchRepository } from './repository.ts';

/** Pages stop after this many results: past them, refine the query. */
export const SEARCH_RESULT_CAP = 200;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** FTS5 snippet text (matches between \u0001 and \u0002) to safe HTML with `<mark>`. */
export function snippetHtml(raw: string): string {
  return raw
    .replace(/[&<>"']/g, (c) => ESCAPES[c]!)
    .replace(/\u0001/g, '<mark>')
    .replace(/\u0002/g, '</mark>');
}

function urlOf(hit: SearchHit): string {
  if (hit.type === 'thread' || hit.type === 'post') return `/t/${hit.threadId}#post-${hit.postId}`;
  return `/knowledge/${hit.type}s/${hit.id}`;
}

const EMPTY: SearchResponse = { items: [], nextCursor: null, total: 0, facets: { type: [], country: [], language: [] } };

export function createSearchService(deps: { search: SearchRepository }) {
  const repo = deps.search;

  return {
    search(actor: Actor | null, query: SearchQuery): SearchResponse {
      const parsed = parseQuery(query.q ?? '');
      // Parameters win over the same filter written inside q.
      const filters: SearchFilters = {
        ...parsed.filters,
        ...(query.type ? { type: query.type } : {}),
        ...(query.country ? { country: query.country.toUpperCase() } : {}),
        ...(query.language ? { language: query.language } : {}),
      };
      let offset = 0;
      if (query.cursor) {
        const key = decodeCursor(query.cursor, ['number']);
        if (!key || !Number.isInteger(key[0]) || (key[0] as number) < 0) throw new AppError('VALIDATION_FAILED', { field: 'cursor' });
        offset = key[0] as number;
      }
      const limit = query.limit ?? DEFAULT_PAGE_SIZE;
      const match = toFtsMatch(parsed);
      if (!match || offset >= SEARCH_RESULT_CAP) return EMPTY;

      const hitQuery = { match, filters, visibleCommunityIds: repo.visibleCommunityIds(actor) };
      const { rows, total } = repo.search(hitQuery, Math.min(SEARCH_RESULT_CAP, offset + limit));
      const page = rows.slice(offset, offset + limit);
      const items: SearchResult[] = page.map((hit) => {
        const raw =
          hit.postId !== null ? repo.postSnippet(match, hit.postId) : repo.knowledgeSnippet(match, hit.type, hit.id);
        return { type: hit.type, id: hit.id, title: hit.title, snippet: raw === null ? null : snippetHtml(raw), url: urlOf(hit) };
      });
      const end = offset + page.length;
      const nextCursor = page.length === limit && end < Math.min(total, SEARCH_RESULT_CAP) ? encodeCursor([end]) : null;
      return { items, nextCursor, total, facets: repo.facets(hitQuery) };
    },
  };
}

export type SearchService = ReturnType<typeof createSearchService>;
