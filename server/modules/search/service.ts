import type { SearchQuery, SearchResponse, SearchResult, SuggestGroup, SuggestQuery, SuggestResponse } from '../../../shared/schemas/search.ts';
import { encodeCursor, DEFAULT_PAGE_SIZE, readCursor } from '../../lib/cursor.ts';
import { AppError } from '../../lib/errors.ts';
import type { Actor } from '../auth/actor.ts';
import type { KnowledgeMetaIndex } from './knowledge-meta.ts';
import { parseQuery, type SearchFilters, type SearchType } from './query.ts';
import { toMatch } from './match.ts';
import type { SearchRepository, ThreadMeta } from './repository.ts';
import { highlightAll, needlesOf, plainText, snippet } from './highlight.ts';
import { NO_FACTS, type ResultFacts, type ResultFactsRepository } from './facts-repository.ts';
import { discussionEntries, knowledgeEntries, rank, type Entry } from './results.ts';

/** Pages stop after this many results: past them, refine the query. */
export const SEARCH_RESULT_CAP = 200;

function urlOf(type: SearchType, id: number, postId: number | null): string {
  if (type === 'thread' || type === 'post') return postId === null ? `/t/${id}` : `/t/${id}#post-${postId}`;
  return `/knowledge/${type}s/${id}`;
}

const EMPTY: SearchResponse = { items: [], nextCursor: null, total: 0, facets: { type: [], country: [], language: [] } };

/** Type-ahead: how many suggestions of each type, in the order the groups are shown. */
export const SUGGEST_GROUPS: readonly { type: SearchType; size: number }[] = [
  { type: 'thread', size: 5 },
  { type: 'resource', size: 3 },
  { type: 'experience', size: 3 },
  { type: 'profile', size: 3 },
  { type: 'specialist', size: 3 },
  { type: 'institution', size: 3 },
];
/** Title hits read per keystroke before grouping: enough for every group after permissions. */
const SUGGEST_CANDIDATES = 120;

export function createSearchService(deps: {
  search: SearchRepository;
  knowledgeMeta: KnowledgeMetaIndex;
  facts: ResultFactsRepository;
  /** A signed-in reader's read state of thread results (discussions' own rules, as on the forum's list). */
  readState?: (userId: number, threadIds: number[]) => Promise<Map<number, { unread: number; isNew: boolean }>> | Map<number, { unread: number; isNew: boolean }>;
}) {
  const repo = deps.search;

  /** The facts of a page's results (already chosen by the permission rules), one read per type. */
  async function factsOf(list: readonly { type: SearchType; id: number }[]): Promise<(type: SearchType, id: number) => ResultFacts> {
    const byType = new Map<SearchType, number[]>();
    for (const { type, id } of list) byType.set(type, [...(byType.get(type) ?? []), id]);
    const found = new Map<SearchType, Map<number, ResultFacts>>(
      await Promise.all(
        [...byType].map(async ([type, ids]) => [type, type === 'thread' || type === 'post' ? await deps.facts.discussions(type, ids) : await deps.facts.knowledge(type, ids)] as const),
      ),
    );
    return (type, id) => found.get(type)?.get(id) ?? NO_FACTS;
  }

  /** Discussion candidates the actor may see and that pass the discussion filters. */
  async function discussions(actor: Actor | null, match: string, f: SearchFilters): Promise<Entry[]> {
    const [communityId, authorId] = await Promise.all([
      f.community ? repo.communityId(f.community) : null,
      f.author ? repo.userId(f.author) : null,
    ]);
    if ((f.community && communityId === null) || (f.author && authorId === null)) return [];
    const ranked = !f.type || f.type === 'thread' || f.type === 'post';
    // What does not depend on the hits is read beside them: on PostgreSQL each is a round trip,
    // and one after the other they made most of a search's time.
    const [hits, visible, specialists] = await Promise.all([
      repo.postHits(match, authorId, ranked),
      repo.visibleCommunityIds(actor),
      repo.specialistPostIds(),
    ]);
    if (hits.length === 0) return [];
    const threads = await repo.threads([...new Set(hits.map((h) => h.threadId))]);
    for (const [id, thread] of threads) {
      const keep =
        visible.has(thread.communityId) &&
        (communityId === null || thread.communityId === communityId) &&
        (!f.solved || thread.acceptedPostId !== null);
      if (!keep) threads.delete(id);
    }
    return discussionEntries(hits, threads, specialists);
  }

  async function knowledge(match: string, filters: SearchFilters): Promise<Entry[]> {
    const ranked = !filters.type || (filters.type !== 'thread' && filters.type !== 'post');
    const [hits, meta] = await Promise.all([repo.knowledgeHits(match, ranked), deps.knowledgeMeta.snapshot()]);
    return knowledgeEntries(hits, meta);
  }

  /** Thread results carry the reader's unread count and "new", as every thread list does. */
  async function withReadState(actor: Actor | null, items: SearchResult[]): Promise<SearchResult[]> {
    const threadIds = items.filter((item) => item.type === 'thread').map((item) => item.id);
    if (!actor || !deps.readState || threadIds.length === 0) return items;
    const states = await deps.readState(actor.id, threadIds);
    return items.map((item) => (item.type === 'thread' ? { ...item, ...(states.get(item.id) ?? { unread: 0, isNew: false }) } : item));
  }

  return {
    async search(actor: Actor | null, query: SearchQuery): Promise<SearchResponse> {
      const parsed = parseQuery(query.q ?? '');
      // Parameters win over the same filter written inside q.
      const filters: SearchFilters = {
        ...parsed.filters,
        ...(query.type ? { type: query.type } : {}),
        ...(query.country ? { country: query.country.toUpperCase() } : {}),
        ...(query.language ? { language: query.language } : {}),
        ...(query.community ? { community: query.community.toLowerCase() } : {}),
      };
      const key = readCursor(query.cursor, ['number']);
      const offset = key ? (key[0] as number) : 0;
      if (!Number.isInteger(offset) || offset < 0) throw new AppError('VALIDATION_FAILED', { field: 'cursor' });
      const limit = query.limit ?? DEFAULT_PAGE_SIZE;
      const match = toMatch(parsed);
      if (!match || offset >= SEARCH_RESULT_CAP) return EMPTY;

      // Discussions carry no country: with a country filter none of them could count.
      // Community, author and solved are discussion filters: knowledge has none of them.
      // The two are looked up side by side (on PostgreSQL, two connections, two server processes).
      const [inDiscussions, inKnowledge] = await Promise.all([
        filters.country ? [] : discussions(actor, match, filters),
        filters.community || filters.author || filters.solved ? [] : knowledge(match, filters),
      ]);
      const entries: Entry[] = [...inDiscussions, ...inKnowledge];
      const { top, total, facets } = rank(entries, filters, Math.min(SEARCH_RESULT_CAP, offset + limit));
      const page = top.slice(offset, offset + limit);

      const needles = needlesOf(parsed.terms);
      const [bodies, texts, threads, facts] = await Promise.all([
        repo.postTexts(page.filter((e) => e.postId !== null).map((e) => e.postId!)),
        repo.knowledgeTexts(page.filter((e) => e.rowid !== null).map((e) => e.rowid!)),
        repo.threads([...new Set(page.filter((e) => e.threadId !== null).map((e) => e.threadId!))]),
        factsOf(page),
      ]);
      const items: SearchResult[] = page.map((e) => {
        if (e.rowid !== null) {
          const text = texts.get(e.rowid);
          return {
            type: e.type,
            id: e.id,
            title: text?.title ?? '',
            // Knowledge bodies are written with Markdown marks: the snippet shows the words.
            snippet: text ? snippet(plainText(text.body), needles) : null,
            url: urlOf(e.type, e.id, null),
            ...facts(e.type, e.id),
          };
        }
        const body = bodies.get(e.postId!);
        return {
          type: e.type,
          id: e.id,
          title: threads.get(e.threadId!)?.title ?? '',
          snippet: body === undefined ? null : snippet(body, needles),
          url: urlOf('thread', e.threadId!, e.postId),
          ...facts(e.type, e.id),
        };
      });
      const end = offset + page.length;
      const nextCursor = page.length === limit && end < Math.min(total, SEARCH_RESULT_CAP) ? encodeCursor([end]) : null;
      return { items: await withReadState(actor, items), nextCursor, total, facets };
    },

    /** Titles matching what has been typed so far, grouped by type, for the header box. */
    async suggest(actor: Actor | null, query: SuggestQuery): Promise<SuggestResponse> {
      const parsed = parseQuery(query.q);
      const letters = parsed.terms.reduce((n, t) => n + t.words.join('').length, 0);
      const match = letters >= 2 ? toMatch({ terms: parsed.terms, excludes: [] }) : null;
      if (!match) return { groups: [] };
      const hits = await repo.titleHits(match, SUGGEST_CANDIDATES);
      const threadIds = hits.filter((h) => h.type === 'thread').map((h) => h.id);
      const threads = threadIds.length > 0 ? await repo.threads(threadIds) : new Map<number, ThreadMeta>();
      const visible = threadIds.length > 0 ? await repo.visibleCommunityIds(actor) : new Set<number>();
      const wanted = query.type ? SUGGEST_GROUPS.filter((g) => g.type === query.type) : SUGGEST_GROUPS;
      const chosen = new Map<SearchType, typeof hits>(wanted.map((g) => [g.type, []]));
      for (const hit of hits) {
        const group = chosen.get(hit.type);
        const size = wanted.find((g) => g.type === hit.type)?.size ?? 0;
        if (!group || group.length >= size) continue;
        if (hit.type === 'thread') {
          const thread = threads.get(hit.id);
          if (!thread || !visible.has(thread.communityId)) continue;
        }
        group.push(hit);
      }
      const texts = await repo.titleTexts([...chosen.values()].flat().map((h) => h.rowid));
      const needles = needlesOf(parsed.terms);
      const facts = await factsOf([...chosen.values()].flat());
      const groups: SuggestGroup[] = [];
      for (const [type, list] of chosen) {
        const items = list.flatMap((h) => {
          const title = texts.get(h.rowid);
          if (title === undefined) return [];
          return [{ type, id: h.id, title, highlight: highlightAll(title, needles), url: urlOf(type, h.id, null), ...facts(type, h.id) }];
        });
        if (items.length > 0) groups.push({ type, items });
      }
      return { groups };
    },
  };
}

export type SearchService = ReturnType<typeof createSearchService>;
