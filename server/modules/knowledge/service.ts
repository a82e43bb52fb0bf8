import { AppError } from '../../lib/errors.ts';
import { DEFAULT_PAGE_SIZE, encodeCursor, readCursor } from '../../lib/cursor.ts';
import type {
  Experience,
  InstitutionDetail,
  KnowledgeList,
  KnowledgePick,
  KnowledgeQuery,
  KnowledgeSummary,
  Profile,
  Resource,
  Specialist,
  Withdrawal,
} from '../../../shared/schemas/knowledge.ts';
import type { Actor } from '../auth/actor.ts';
import type { LinkType } from '../../lib/markdown.ts';
import type { LinksService } from '../links/service.ts';
import { ftsQuery, type BrowseRepository, type Filters, type Sort } from './browse-repository.ts';
import { KIND_SPECS, type KindSpec } from './catalog.ts';
import type { FacetIndex } from './facet-index.ts';
import type { ItemsRepository, Withdrawn } from './items-repository.ts';
import { canSeeWithdrawn } from './policy.ts';
import {
  experienceSummary,
  profileSummary,
  resourceSummary,
  specialistSummary,
  toExperience,
  toProfile,
  toResource,
  toSpecialist,
} from './mappers.ts';
import { readerOf } from './specialist-visibility.ts';

type BrowsableKind = KindSpec['kind'];
type Backlinks = Awaited<ReturnType<LinksService['backlinks']>>;
type Detail<T> = { item: T; backlinks: Backlinks; withdrawal?: Withdrawal };

/** At most this many specialists are read to filter the verified ones. */
const VERIFIED_SCAN = 100_000;

/** Browsing the knowledge bases (public reference material) and reading one record. */
export function createKnowledgeService(deps: {
  browse: BrowseRepository;
  items: ItemsRepository;
  links: LinksService;
  fileRef: (fileId: number | null) => Resource['file'] | Promise<Resource['file']>;
  indexes: Record<BrowsableKind, FacetIndex>;
}) {
  const { browse, items, links, fileRef } = deps;
  const indexes = deps.indexes;

  async function summaries(kind: BrowsableKind, ids: number[]): Promise<KnowledgeSummary[]> {
    const byId = new Map<number, KnowledgeSummary>();
    if (kind === 'resources') for (const r of await items.resources(ids)) byId.set(r.row.id, resourceSummary(r.row, r.institution));
    if (kind === 'experiences') for (const r of await items.experiences(ids)) byId.set(r.row.id, experienceSummary(r.row, r.institution));
    if (kind === 'profiles') for (const r of await items.profiles(ids)) byId.set(r.row.id, profileSummary(r.row, r.institution));
    if (kind === 'specialists') {
      const verified = await items.verifiedSpecialists(ids);
      for (const r of await items.specialists(ids)) byId.set(r.row.id, { ...specialistSummary(r.row, r.institution), verified: verified.has(r.row.id) });
    }
    return ids.map((id) => byId.get(id)!).filter(Boolean);
  }

  /**
   * The directory's "verified" filter over every matching specialist (a few hundred records):
   * the facets stay those of the list without it.
   */
  async function verifiedOnly<B extends { ids: { id: number; key: string | number }[]; total: number }>(
    all: B,
    after: [string | number, number] | null,
    limit: number,
  ): Promise<B> {
    const verified = await items.verifiedSpecialists();
    const hits = all.ids.filter((hit) => verified.has(hit.id));
    const at = after ? hits.findIndex((hit) => hit.key === after[0] && hit.id === after[1]) : -1;
    const start = after ? (at >= 0 ? at + 1 : hits.length) : 0;
    return { ...all, ids: hits.slice(start, start + limit), total: hits.length };
  }

  function notFound(): never {
    throw new AppError('NOT_FOUND');
  }

  /** Editors read a withdrawn record (to restore it); to everyone else it is missing. */
  const withdrawnFor = (actor: Actor | null): Withdrawn => (canSeeWithdrawn(actor) ? 'include' : 'exclude');

  async function withdrawalOf(row: {
    withdrawnAt: Date | null;
    withdrawnBy: number | null;
    withdrawnReason: string | null;
  }): Promise<{ withdrawal?: Withdrawal }> {
    if (!row.withdrawnAt) return {};
    const by = await items.accountOf(row.withdrawnBy);
    return {
      withdrawal: { at: row.withdrawnAt.toISOString(), by: by && { username: by.username, displayName: by.displayName }, reason: row.withdrawnReason ?? '' },
    };
  }

  return {
    async list(kind: BrowsableKind, query: KnowledgeQuery): Promise<KnowledgeList> {
      const spec = KIND_SPECS[kind];
      const filters: Filters = {};
      for (const dim of spec.dimensions) {
        const value = query[dim.param];
        if (value !== undefined && value !== '') filters[dim.param] = dim.param === 'country' ? String(value).toUpperCase() : value;
      }
      const match = query.q ? ftsQuery(query.q) : null;
      const sort: Sort = query.sort ?? (match ? 'relevance' : 'recent');
      const limit = query.limit ?? DEFAULT_PAGE_SIZE;
      const after = readCursor(query.cursor, [sort === 'title' ? 'string' : 'number', 'number']) as [string | number, number] | null;
      const found =
        kind === 'specialists' && query.verified
          ? await verifiedOnly(await indexes[kind].browse({ filters, match, sort, after: null, limit: VERIFIED_SCAN }), after, limit + 1)
          : await indexes[kind].browse({ filters, match, sort, after, limit: limit + 1 });
      const page = found.ids.slice(0, limit);
      const last = page.at(-1);
      return {
        items: await summaries(kind, page.map((r) => r.id)),
        nextCursor: found.ids.length > limit && last ? encodeCursor([last.key, last.id]) : null,
        total: found.total,
        facets: found.facets,
      };
    },

    /** Items of any kind whose words match, for the composer's link picker. */
    async pick(query: { q: string; kind?: string; limit?: number }): Promise<KnowledgePick[]> {
      const match = ftsQuery(query.q);
      if (!match) return [];
      const kinds = query.kind ? [query.kind] : ['resource', 'experience', 'profile', 'specialist', 'institution'];
      const hits = await browse.searchAll(match, kinds, query.limit ?? 10);
      const described = new Map((await links.describe(hits.map((h) => ({ type: h.kind as LinkType, id: h.id })))).map((d) => [`${d.type}:${d.id}`, d]));
      return hits.flatMap((hit) => {
        const item = described.get(`${hit.kind}:${hit.id}`);
        if (!item) return [];
        return [{ type: hit.kind, id: hit.id, title: item.title, url: item.url, link: `[[${hit.kind}:${hit.id}]]`, countryCode: item.countryCode, institution: item.institution }];
      });
    },

    async resource(actor: Actor | null, id: number): Promise<Detail<Resource>> {
      const found = (await items.resources([id], withdrawnFor(actor)))[0] ?? notFound();
      return {
        item: { ...toResource(found.row, found.institution), file: await fileRef(found.row.fileId) },
        backlinks: await links.backlinks(actor, 'resource', id),
        ...(await withdrawalOf(found.row)),
      };
    },

    async experience(actor: Actor | null, id: number): Promise<Detail<Experience>> {
      const found = (await items.experiences([id], withdrawnFor(actor)))[0] ?? notFound();
      return {
        item: toExperience(found.row, found.institution, await items.relatedResources(id)),
        backlinks: await links.backlinks(actor, 'experience', id),
        ...(await withdrawalOf(found.row)),
      };
    },

    async profile(actor: Actor | null, id: number): Promise<Detail<Profile>> {
      const found = (await items.profiles([id], withdrawnFor(actor)))[0] ?? notFound();
      return {
        item: toProfile(found.row, found.institution),
        backlinks: await links.backlinks(actor, 'profile', id),
        ...(await withdrawalOf(found.row)),
      };
    },

    async specialist(actor: Actor | null, id: number): Promise<Detail<Specialist>> {
      const found = (await items.specialists([id], withdrawnFor(actor)))[0] ?? notFound();
      const viewer = { id: actor?.id, seeAll: actor?.role === 'admin' };
      const item = toSpecialist(found.row, found.institution, {
        reader: readerOf(actor),
        user: await items.accountOf(found.row.userId),
        answers: await items.answerCounts(found.row.userId, viewer),
        answered: (await items.answeredQuestions(found.row.userId, viewer)).map((q) => ({
          threadId: q.threadId,
          title: q.title,
          accepted: q.accepted,
        })),
      });
      return { item, backlinks: await links.backlinks(actor, 'specialist', id), ...(await withdrawalOf(found.row)) };
    },

    /** For "Ask this specialist": the specialist must exist and be taking questions. */
    async askable(id: number): Promise<void> {
      const found = (await items.specialists([id]))[0] ?? notFound();
      if (!found.row.availability.includes('answering')) throw new AppError('SPECIALIST_NOT_ANSWERING');
    },

    async institution(actor: Actor | null, id: number): Promise<{ item: InstitutionDetail; backlinks: Backlinks }> {
      const row = (await items.institution(id)) ?? notFound();
      const item: InstitutionDetail = {
        id: row.id,
        acronym: row.acronym,
        name: row.name,
        countryCode: row.countryCode,
        kind: row.kind,
        type: row.type,
        website: row.website,
        city: row.city,
        founded: row.founded,
        description: row.description,
        counts: await items.institutionCounts(id),
      };
      return { item, backlinks: await links.backlinks(actor, 'institution', id) };
    },
  };
}

export type KnowledgeService = ReturnType<typeof createKnowledgeService>;
