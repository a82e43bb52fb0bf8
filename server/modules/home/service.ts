import type { HomeKnowledge, Home, HomeKnowledgeList, HomeListQuery, HomeQuery, HomeThread, HomeThreadList, HomeThreadListName, HomeWorkshopList, TopPeriod } from '../../../shared/schemas/home.ts';
import type { KnowledgeKind, KnowledgeSummary } from '../../../shared/schemas/knowledge.ts';
import type { Workshop } from '../../../shared/schemas/workshops.ts';
import type { WorkshopRow } from '../../../db/schema/index.ts';
import { encodeCursor, readCursor } from '../../lib/cursor.ts';
import { coherentCache, LOCAL_ONLY, type CacheShared } from '../../cluster/cache-coherence.ts';
import { AppError } from '../../lib/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { toThreadSummary } from '../discussions/presenter.ts';
import type { ReadsRepository } from '../discussions/reads-repository.ts';
import type { createItemsRepository } from '../knowledge/items-repository.ts';
import { experienceSummary, profileSummary, resourceSummary, specialistSummary } from '../knowledge/mappers.ts';
import type { ActivityKey, HomeRepository, HomeThreadRow, KnowledgeKey, MemberFacts } from './repository.ts';

const FIRST_PAGE = 10;
const LIST_PAGE = 20;
const KNOWLEDGE_PAGES_KEPT = 1000;
const DAY = 24 * 3600_000;
const PERIOD_MS: Record<TopPeriod, number> = { day: DAY, week: 7 * DAY, month: 30 * DAY };

export interface HomeDeps {
  repo: HomeRepository;
  reads: Pick<ReadsRepository, 'stateFor'>;
  items: ReturnType<typeof createItemsRepository>;
  workshops: { findById(id: number): WorkshopRow | undefined; present(rows: WorkshopRow[], actor: Actor | null): Workshop[] };
  now?: () => Date;
  /** Called with a callback to run whenever a knowledge record changes (the bus's `knowledge.updated`). */
  onKnowledgeChanged?: (drop: () => void) => void;
  /** The other processes (issue 20): while their changes cannot arrive, nothing is answered from memory. */
  shared?: CacheShared;
}

type Page<T> = { items: T[]; nextCursor: string | null };
const empty = <T>(): Page<T> => ({ items: [], nextCursor: null });

function toHomeThread(row: HomeThreadRow): HomeThread {
  return { ...toThreadSummary(row), community: row.community, forum: row.forum, ...(row.activity ? { activity: row.activity } : {}) };
}

const readOffset = (cursor: string | undefined) => (readCursor(cursor, ['number']) as [number] | null)?.[0] ?? 0;

/**
 * The member's home: what to read (latest, unread, new, top), questions for them as a
 * specialist, their workshops, new knowledge for them and their own threads with new replies.
 * A visitor gets the public home from the same calls (public communities only, no personal
 * lists). Every list is one repository query through the API's gate.
 */
export function createHomeService(deps: HomeDeps) {
  const { repo, reads, items } = deps;
  const now = deps.now ?? (() => new Date());

  /** One page of a keyset thread list: one row more than asked tells whether there is a next. */
  function activityPage(rows: HomeThreadRow[], limit: number, key: (row: HomeThreadRow) => ActivityKey): Page<HomeThreadRow> {
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return { items: page, nextCursor: rows.length > limit && last ? encodeCursor(key(last)) : null };
  }
  const byActivity = (row: HomeThreadRow): ActivityKey => [row.lastPostAt.getTime(), row.id];
  const byCreation = (row: HomeThreadRow): ActivityKey => [row.createdAt.getTime(), row.id];

  function threadRows(list: HomeThreadListName, actor: Actor | null, facts: MemberFacts | undefined, query: HomeListQuery, limit: number): Page<HomeThreadRow> {
    const viewer = actor?.id ?? null;
    if (list === 'top') {
      const offset = readOffset(query.cursor);
      const since = new Date(now().getTime() - PERIOD_MS[query.period ?? 'week']);
      const rows = repo.top(viewer, since, offset, limit + 1);
      return { items: rows.slice(0, limit), nextCursor: rows.length > limit ? encodeCursor([offset + limit]) : null };
    }
    const after = readCursor(query.cursor, ['number', 'number']) as ActivityKey | null;
    if (list === 'latest') return activityPage(repo.latest(viewer, after, limit + 1), limit, byActivity);
    // The personal lists: nothing for a visitor.
    if (viewer === null || !facts) return empty();
    switch (list) {
      case 'unread':
        return activityPage(repo.unread(viewer, after, limit + 1), limit, byActivity);
      case 'new':
        return activityPage(repo.fresh(viewer, facts.joinedAt, after, limit + 1), limit, byActivity);
      case 'mine':
        return activityPage(repo.mine(viewer, after, limit + 1), limit, byActivity);
      case 'questions':
        if (facts.specialistId === null) return empty();
        return activityPage(repo.questions(viewer, facts.specialistId, facts.expertise, after, limit + 1), limit, byCreation);
    }
  }

  /** Thread rows as the API's items, with the member's read state on each (one query for all lists). */
  function presentThreads(pages: Page<HomeThreadRow>[], actor: Actor | null, facts: MemberFacts | undefined): HomeThreadList[] {
    const state = actor && facts ? reads.stateFor(actor.id, facts.joinedAt, pages.flatMap((p) => p.items.map((r) => r.id))) : null;
    return pages.map((page) => ({
      nextCursor: page.nextCursor,
      items: page.items.map((row) => {
        const item = toHomeThread(row);
        const read = state?.get(row.id);
        return read ? { ...item, unread: read.unread, isNew: read.isNew } : item;
      }),
    }));
  }

  function workshopsPage(actor: Actor | null, cursor: string | undefined, limit: number): HomeWorkshopList {
    const offset = readOffset(cursor);
    const ids = repo.workshops(actor?.id ?? null, now(), offset, limit + 1);
    const rows = ids.slice(0, limit).map((id) => deps.workshops.findById(id)).filter((row): row is WorkshopRow => row !== undefined);
    return { items: deps.workshops.present(rows, actor), nextCursor: ids.length > limit ? encodeCursor([offset + limit]) : null };
  }

  const SUMMARY: Record<Exclude<KnowledgeKind, 'institutions'>, (ids: number[]) => Map<number, KnowledgeSummary>> = {
    resources: (ids) => new Map(items.resources(ids).map((r) => [r.row.id, resourceSummary(r.row, r.institution)])),
    experiences: (ids) => new Map(items.experiences(ids).map((r) => [r.row.id, experienceSummary(r.row, r.institution)])),
    profiles: (ids) => new Map(items.profiles(ids).map((r) => [r.row.id, profileSummary(r.row, r.institution)])),
    specialists: (ids) => new Map(items.specialists(ids).map((r) => [r.row.id, specialistSummary(r.row, r.institution)])),
  };

  /**
   * First pages of "new knowledge" by the countries and sectors they were picked for: many
   * members share them, and the records change only through knowledge edits, which drop them all.
   */
  const firstKnowledge = new Map<string, HomeKnowledgeList>();
  deps.onKnowledgeChanged?.(() => firstKnowledge.clear());
  const keep = coherentCache(deps.shared ?? LOCAL_ONLY, () => firstKnowledge.clear());

  function knowledgePage(facts: MemberFacts | undefined, cursor: string | undefined, limit: number): HomeKnowledgeList {
    if (cursor === undefined && keep()) {
      const key = JSON.stringify([facts?.countries ?? [], facts?.sectors ?? [], limit]);
      let page = firstKnowledge.get(key);
      if (!page) {
        if (firstKnowledge.size >= KNOWLEDGE_PAGES_KEPT) firstKnowledge.clear();
        page = knowledgeFrom(facts, undefined, limit);
        firstKnowledge.set(key, page);
      }
      return page;
    }
    return knowledgeFrom(facts, cursor, limit);
  }

  function knowledgeFrom(facts: MemberFacts | undefined, cursor: string | undefined, limit: number): HomeKnowledgeList {
    const after = readCursor(cursor, ['number', 'number', 'number']) as KnowledgeKey | null;
    const filter = facts ? { countries: facts.countries, sectors: facts.sectors } : { countries: [], sectors: [] };
    const keys = repo.knowledge(filter, after, limit + 1);
    const page = keys.slice(0, limit);
    const summaries = new Map<string, Map<number, KnowledgeSummary>>();
    for (const kind of Object.keys(SUMMARY) as (keyof typeof SUMMARY)[]) {
      const ids = page.filter((k) => k.kind === kind).map((k) => k.id);
      if (ids.length) summaries.set(kind, SUMMARY[kind](ids));
    }
    const out: HomeKnowledge[] = page.flatMap((key) => {
      const summary = summaries.get(key.kind)?.get(key.id);
      return summary ? [{ ...summary, createdAt: new Date(key.createdAt).toISOString() }] : [];
    });
    const last = page.at(-1);
    return { items: out, nextCursor: keys.length > limit && last ? encodeCursor([last.createdAt, last.rank, last.id]) : null };
  }

  function factsOf(actor: Actor | null): MemberFacts | undefined {
    if (!actor) return undefined;
    const facts = repo.memberFacts(actor.id);
    if (!facts) throw new AppError('UNAUTHENTICATED');
    return facts;
  }

  return {
    /** The first page of every list (a visitor: the public home). */
    home(actor: Actor | null, query: HomeQuery): Home {
      const facts = factsOf(actor);
      const limit = query.limit ?? FIRST_PAGE;
      const period = query.period ?? 'week';
      const names = ['latest', 'unread', 'new', 'top', 'questions', 'mine'] as const;
      const pages = names.map((name) => threadRows(name, actor, facts, { period }, limit));
      const [latest, unread, fresh, top, questions, mine] = presentThreads(pages, actor, facts) as [
        HomeThreadList,
        HomeThreadList,
        HomeThreadList,
        HomeThreadList,
        HomeThreadList,
        HomeThreadList,
      ];
      return {
        signedIn: actor !== null,
        period,
        communities: facts?.communities ?? 0,
        specialist: facts?.specialistId != null,
        latest,
        unread,
        new: fresh,
        top,
        questions,
        workshops: workshopsPage(actor, undefined, limit),
        knowledge: knowledgePage(facts, undefined, limit),
        mine,
      };
    },

    /** One thread list, a page at a time. */
    threads(actor: Actor | null, list: HomeThreadListName, query: HomeListQuery): HomeThreadList {
      const facts = factsOf(actor);
      return presentThreads([threadRows(list, actor, facts, query, query.limit ?? LIST_PAGE)], actor, facts)[0]!;
    },

    workshops: (actor: Actor | null, query: HomeListQuery): HomeWorkshopList => workshopsPage(actor, query.cursor, query.limit ?? LIST_PAGE),

    knowledge: (actor: Actor | null, query: HomeListQuery): HomeKnowledgeList => knowledgePage(factsOf(actor), query.cursor, query.limit ?? LIST_PAGE),
  };
}

export type HomeService = ReturnType<typeof createHomeService>;
