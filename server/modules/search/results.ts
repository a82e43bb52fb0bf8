import type { KnowledgeMeta } from './knowledge-meta.ts';
import type { SearchFilters, SearchType } from './query.ts';
import type { KnowledgeHit, PostHit, ThreadMeta } from './repository.ts';

/** One candidate result: a thread (its best post), a single post, or a knowledge record. */
export interface Entry {
  type: SearchType;
  id: number;
  score: number;
  /** Later is newer; breaks ties between equal scores. */
  recency: number;
  country: string | null;
  languages: readonly string[];
  threadId: number | null;
  postId: number | null;
  /** Knowledge index rowid, for titles and snippets. */
  rowid: number | null;
}

export interface FacetCount {
  value: string;
  count: number;
}

export interface Facets {
  type: FacetCount[];
  country: FacetCount[];
  language: FacetCount[];
}

/** bm25 is negative, lower is better: multiplying by more than one lifts a hit. */
export const ACCEPTED_BOOST = 2.0;
export const SPECIALIST_BOOST = 1.5;
const COUNTRY_FACET_SIZE = 30;

const NO_LANGUAGES: readonly string[] = [];

/**
 * Each index scores on its own scale: bm25 weighs a word by how rare it is in that index, so a
 * word in 4,833 resources and a few threads scores the threads far better, and sorting the raw
 * scores together put every thread before any resource. Scores are divided by the best score
 * of their own index (among the candidates the reader may see: what they may not see moves
 * nothing), so the best of each index is -1 and the rest fall between -1 and 0: types mix by
 * how well each result matches compared with the best of its kind.
 */
function scaleOf(hits: readonly { score: number }[]): number {
  let best = 0;
  for (const hit of hits) if (hit.score < best) best = hit.score;
  return best < 0 ? -best : 1;
}

/**
 * Discussion candidates from the post hits that survived the permission and discussion filters:
 * every post, and every thread represented by its best post. Accepted answers and answers by
 * specialists are boosted before the best post is chosen.
 */
export function discussionEntries(
  hits: readonly PostHit[],
  threads: ReadonlyMap<number, ThreadMeta>,
  specialistPosts: ReadonlySet<number>,
): Entry[] {
  const entries: Entry[] = [];
  const best = new Map<number, Entry>();
  const scale = scaleOf(hits.filter((hit) => threads.has(hit.threadId)));
  for (const hit of hits) {
    const thread = threads.get(hit.threadId);
    if (!thread) continue;
    let score = hit.score / scale;
    if (thread.acceptedPostId === hit.postId) score *= ACCEPTED_BOOST;
    if (specialistPosts.has(hit.postId)) score *= SPECIALIST_BOOST;
    const languages = thread.language ? [thread.language] : NO_LANGUAGES;
    const post: Entry = {
      type: 'post',
      id: hit.postId,
      score,
      // Post ids grow with time.
      recency: hit.postId,
      country: null,
      languages,
      threadId: hit.threadId,
      postId: hit.postId,
      rowid: null,
    };
    entries.push(post);
    const current = best.get(hit.threadId);
    if (!current || score < current.score || (score === current.score && hit.postId < current.postId!)) {
      best.set(hit.threadId, { ...post, type: 'thread', id: hit.threadId, recency: thread.lastPostAt });
    }
  }
  for (const entry of best.values()) entries.push(entry);
  return entries;
}

export function knowledgeEntries(hits: readonly KnowledgeHit[], meta: (rowid: number) => KnowledgeMeta): Entry[] {
  const scale = scaleOf(hits);
  return hits.map((hit) => {
    const m = meta(hit.rowid);
    return {
      type: hit.type,
      id: hit.id,
      score: hit.score / scale,
      recency: 0,
      country: m.country,
      languages: m.languages,
      threadId: null,
      postId: null,
      rowid: hit.rowid,
    };
  });
}

type Dimension = 'type' | 'country' | 'language';

function passes(entry: Entry, f: SearchFilters, except?: Dimension): boolean {
  // Without a type, a discussion is one result per thread, not one per post.
  if (except !== 'type' && (f.type ? entry.type !== f.type : entry.type === 'post')) return false;
  if (except !== 'country' && f.country && entry.country !== f.country) return false;
  if (except !== 'language' && f.language && !entry.languages.includes(f.language)) return false;
  return true;
}

const compare = (a: Entry, b: Entry) =>
  a.score - b.score || b.recency - a.recency || (a.type < b.type ? -1 : a.type > b.type ? 1 : 0) || b.id - a.id;

function counted(counts: Map<string, number>, limit = Infinity): FacetCount[] {
  return [...counts]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0))
    .slice(0, limit);
}

const bump = (counts: Map<string, number>, key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);

/**
 * The ordered results (at most `cap`), their total, and each facet counted over the candidates
 * matching every other filter, in one pass over the candidates.
 */
export function rank(entries: readonly Entry[], f: SearchFilters, cap: number): { top: Entry[]; total: number; facets: Facets } {
  const matching: Entry[] = [];
  const type = new Map<string, number>();
  const country = new Map<string, number>();
  const language = new Map<string, number>();
  for (const entry of entries) {
    if (passes(entry, f, 'type')) bump(type, entry.type);
    if (entry.country !== null && passes(entry, f, 'country')) bump(country, entry.country);
    if (entry.languages.length > 0 && passes(entry, f, 'language')) for (const l of entry.languages) bump(language, l);
    if (passes(entry, f)) matching.push(entry);
  }
  // Only the best `cap` are ordered: past a threshold score nothing can reach the page.
  let pool = matching;
  if (cap > 0 && matching.length > cap * 4) {
    const threshold = Float64Array.from(matching, (e) => e.score).sort()[cap - 1]!;
    pool = matching.filter((e) => e.score <= threshold);
  }
  pool.sort(compare);
  return {
    top: pool.slice(0, cap),
    total: matching.length,
    facets: { type: counted(type), country: counted(country, COUNTRY_FACET_SIZE), language: counted(language) },
  };
}
