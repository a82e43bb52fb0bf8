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
  workshops: {
    findById(id: number): WorkshopRow | undefined | Promise<WorkshopRow | undefined>;
    present(rows: WorkshopRow[], actor: Actor | null): Workshop[] | Promise<Workshop[]>;
  };
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

  async function threadRows(
    list: HomeThreadListName,
    actor: Actor | null,
    facts: MemberFacts | undefined,
    query: HomeListQuery,
    limit: number,
  ): Promise<Page<HomeThreadRow>> {
    const viewer = actor?.id ?? null;
    if (list === 'top') {
      const offset = readOffset(query.cursor);
      const since = new Date(now().getTime() - PERIOD_MS[query.period ?? 'week']);
      const rows = await repo.top(viewer, since, offset, limit + 1);
      return { items: rows.slice(0, limit), nextCursor: rows.length > limit ? encodeCursor([offset + limit]) : null };
    }
    const after = readCursor(query.cursor, ['number', 'number']) as ActivityKey | null;
    if (list === 'latest') return activityPage(await repo.latest(viewer, after, limit + 1), limit, byActivity);
    // The personal lists: nothing for a visitor.
    if (viewer === null || !facts) return empty();
    switch (list) {
      case 'unread':
        return activityPage(await repo.unread(viewer, after, limit + 1), limit, byActivity);
      case 'new':
        return activityPage(await repo.fresh(viewer, facts.joinedAt, after, limit + 1), limit, byActivity);
      case 'mine':
        return activityPage(await repo.mine(viewer, after, limit + 1), limit, byActivity);
      case 'questions':
        if (facts.specialistId === null) return empty();
        return activityPage(await repo.questions(viewer, facts.specialistId, facts.expertise, after, limit + 1), limit, byCreation);
    }
  }

  /** Thread rows as the API's items, with the member's read state on each (one query for all lists). */
  async function presentThreads(pages: Page<HomeThreadRow>[], actor: Actor | null, facts: MemberFacts | undefined): Promise<HomeThreadList[]> {
    const state = actor && facts ? await reads.stateFor(actor.id, facts.joinedAt, pages.flatMap((p) => p.items.map((r) => r.id))) : null;
    return pages.map((page) => ({
      nextCursor: page.nextCursor,
      items: page.items.map((row) => {
        const item = toHomeThread(row);
        const read = state?.get(row.id);
        return read ? { ...item, unread: read.unread, isNew: read.isNew } : item;
      }),
    }));
  }

  async function workshopsPage(actor: Actor | null, cursor: string | undefined, limit: number): Promise<HomeWorkshopList> {
    const offset = readOffset(cursor);
    const ids = await repo.workshops(actor?.id ?? null, now(), offset, limit + 1);
    const rows: WorkshopRow[] = [];
    for (const id of ids.slice(0, limit)) {
      const row = await deps.workshops.findById(id);
      if (row !== undefined) rows.push(row);
    }
    return { items: await deps.workshops.present(rows, actor), nextCursor: ids.length > limit ? encodeCursor([offset + limit]) : null };
  }

  const SUMMARY: Record<Exclude<KnowledgeKind, 'institutions'>, (ids: number[]) => Promise<Map<number, KnowledgeSummary>>> = {
    resources: async (ids) => new Map((await items.resources(ids)).map((r) => [r.row.id, resourceSummary(r.row, r.institution)])),
    experiences: async (ids) => new Map((await items.experiences(ids)).map((r) => [r.row.id, experienceSummary(r.row, r.institution)])),
    profiles: async (ids) => new Map((await items.profiles(ids)).map((r) => [r.row.id, profileSummary(r.row, r.institution)])),
    specialists: async (ids) => new Map((await items.specialists(ids)).map((r) => [r.row.id, specialistSummary(r.row, r.institution)])),
  };

  /**
   * First pages of "new knowledge" by the countries and sectors they were picked for: many
   * members share them, and the records change only through knowledge edits, which drop them all.
   */
  const firstKnowledge = new Map<string, HomeKnowledgeList>();
  /** Moves whenever the pages are dropped: a page read across a drop is not kept. */
  let generation = 0;
  const dropKnowledge = () => {
    firstKnowledge.clear();
    generation += 1;
  };
  deps.onKnowledgeChanged?.(dropKnowledge);
  const keep = coherentCache(deps.shared ?? LOCAL_ONLY, dropKnowledge);

  async function knowledgePage(facts: MemberFacts | undefined, cursor: string | undefined, limit: number): Promise<HomeKnowledgeList> {
    if (cursor === undefined && keep()) {
      const key = JSON.stringify([facts?.countries ?? [], facts?.sectors ?? [], limit]);
      const kept = firstKnowledge.get(key);
      if (kept) return kept;
      const reading = generation;
      const page = await knowledgeFrom(facts, undefined, limit);
      if (reading === generation) {
        if (firstKnowledge.size >= KNOWLEDGE_PAGES_KEPT) firstKnowledge.clear();
        firstKnowledge.set(key, page);
      }
      return page;
    }
    return knowledgeFrom(facts, cursor, limit);
  }

  async function knowledgeFrom(facts: MemberFacts | undefined, cursor: string | undefined, limit: number): Promise<HomeKnowledgeList> {
    const after = readCursor(cursor, ['number', 'number', 'number']) as KnowledgeKey | null;
    const filter = facts ? { countries: facts.countries, sectors: facts.sectors } : { countries: [], sectors: [] };
    const keys = await repo.knowledge(filter, after, limit + 1);
    const page = keys.slice(0, limit);
    const summaries = new Map<string, Map<number, KnowledgeSummary>>();
    for (const kind of Object.keys(SUMMARY) as (keyof typeof SUMMARY)[]) {
      const ids = page.filter((k) => k.kind === kind).map((k) => k.id);
      if (ids.length) summaries.set(kind, await SUMMARY[kind](ids));
    }
    const out: HomeKnowledge[] = page.flatMap((key) => {
      const summary = summaries.get(key.kind)?.get(key.id);
      return summary ? [{ ...summary, createdAt: new Date(key.createdAt).toISOString() }] : [];
    });
    const last = page.at(-1);
    return { items: out, nextCursor: keys.length > limit && last ? encodeCursor([last.createdAt, last.rank, last.id]) : null };
  }

  async function factsOf(actor: Actor | null): Promise<MemberFacts | undefined> {
    if (!actor) return undefined;
    const facts = await repo.memberFacts(actor.id);
    if (!facts) throw new AppError('UNAUTHENTICATED');
    return facts;
  }

  return {
    /** The first page of every list (a visitor: the public home). */
    async home(actor: Actor | null, query: HomeQuery): Promise<Home> {
      const facts = await factsOf(actor);
      const limit = query.limit ?? FIRST_PAGE;
      const period = query.period ?? 'week';
      const names = ['latest', 'unread', 'new', 'top', 'questions', 'mine'] as const;
      const pages: Page<HomeThreadRow>[] = [];
      for (const name of names) pages.push(await threadRows(name, actor, facts, { period }, limit));
      const [latest, unread, fresh, top, questions, mine] = (await presentThreads(pages, actor, facts)) as [
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
        workshops: await workshopsPage(actor, undefined, limit),
        knowledge: await knowledgePage(facts, undefined, limit),
        mine,
      };
    },

    /** One thread list, a page at a time. */
    async threads(actor: Actor | null, list: HomeThreadListName, query: HomeListQuery): Promise<HomeThreadList> {
      const facts = await factsOf(actor);
      return (await presentThreads([await threadRows(list, actor, facts, query, query.limit ?? LIST_PAGE)], actor, facts))[0]!;
    },

    workshops: (actor: Actor | null, query: HomeListQuery): Promise<HomeWorkshopList> => workshopsPage(actor, query.cursor, query.limit ?? LIST_PAGE),

    knowledge: async (actor: Actor | null, query: HomeListQuery): Promise<HomeKnowledgeList> =>
      knowledgePage(await factsOf(actor), query.cursor, query.limit ?? LIST_PAGE),
  };
}

export type HomeService = ReturnType<typeof createHomeService>;
