import type { AgreementRow } from '../../../db/schema/index.ts';
import type {
  Agreement,
  AgreementCreate,
  AgreementList,
  AgreementPatch,
  AgreementsQuery,
  AgreementSummary,
} from '../../../shared/schemas/agreements.ts';
import { DEFAULT_PAGE_SIZE, encodeCursor, readCursor } from '../../lib/cursor.ts';
import { AppError } from '../../lib/errors.ts';
import type { EventBus } from '../../lib/event-bus.ts';
import type { Actor } from '../auth/actor.ts';
import type { CommunityGate } from '../communities/access.ts';
import type { ManagedCommunities } from '../communities/managed.ts';
import type { RepresentativesService } from '../representatives/service.ts';
import type { AgreementsRepository, AgreementViewer } from './repository.ts';
import { cleanAreas, cleanParties, cleanPeriod, cleanTitle, cookObjectives } from './rules.ts';

export interface AgreementsDeps {
  repo: AgreementsRepository;
  bus: EventBus;
  communities: { gate: CommunityGate; managed: ManagedCommunities };
  representatives: Pick<RepresentativesService, 'mayActFor' | 'institutionsOf'> & { idsOf(institutionId: number): Promise<number[]> };
  /** The cooperation area's rule for growing an agreement from one of its items (throws when not). */
  cooperation?: { requireManaged(actor: Actor, itemId: number): void | Promise<void> };
}

function byAgreement<T extends { agreementId: number }>(rows: T[]): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const row of rows) out.set(row.agreementId, [...(out.get(row.agreementId) ?? []), row]);
  return out;
}

const isStaff = (actor: Actor | null) => actor?.role === 'admin' || actor?.role === 'editor';

/**
 * The rules every part of the agreements area shares: who reads an agreement (drafts: staff and
 * the parties' representatives), who edits it (`mayActFor` one of its parties), and the mapping.
 */
export function createAgreementsContext(deps: AgreementsDeps) {
  const { repo, communities, representatives } = deps;

  const viewerOf = async (actor: Actor | null): Promise<AgreementViewer> => ({
    staff: isStaff(actor),
    institutionIds: await representatives.institutionsOf(actor),
  });

  /** The agreement as this person may see it; a draft they may not read is not found. */
  async function readable(actor: Actor | null, id: number): Promise<AgreementRow> {
    const row = await repo.find(id, await viewerOf(actor));
    if (!row) throw new AppError('AGREEMENT_NOT_FOUND');
    return row;
  }

  const partyIds = async (id: number) => (await repo.partiesOf([id])).map((p) => p.institution.id);

  /** The institutions among these that this person may act for. */
  async function actingFor(actor: Actor, institutionIds: number[]): Promise<number[]> {
    const acts: number[] = [];
    for (const institutionId of institutionIds) if (await representatives.mayActFor(actor, institutionId)) acts.push(institutionId);
    return acts;
  }

  /** Editing needs to act for one of its parties (staff act for all). */
  async function editable(actor: Actor | null, id: number): Promise<{ actor: Actor; row: AgreementRow }> {
    const row = await readable(actor, id);
    if (!actor) throw new AppError('UNAUTHENTICATED');
    if ((await actingFor(actor, await partyIds(id))).length === 0) throw new AppError('FORBIDDEN');
    return { actor, row };
  }

  /** The space as a community this person may enter, or null (a private community: members and admins). */
  async function spaceFor(actor: Actor | null, row: AgreementRow) {
    if (row.spaceCommunityId === null) return null;
    try {
      const { community } = await communities.gate.byId(actor, row.spaceCommunityId);
      return { slug: community.slug, name: community.name, archived: community.archivedAt !== null };
    } catch {
      return null;
    }
  }

  async function summaries(rows: AgreementRow[]): Promise<AgreementSummary[]> {
    const ids = rows.map((r) => r.id);
    const parties = byAgreement(await repo.partiesOf(ids));
    const areas = byAgreement(await repo.areasOf(ids));
    return rows.map((row) => ({
      id: row.id,
      title: row.title,
      status: row.status,
      startDate: row.startDate,
      endDate: row.endDate,
      parties: (parties.get(row.id) ?? []).map((p) => ({ institution: p.institution, signedOn: p.signedOn })),
      areas: (areas.get(row.id) ?? []).map((a) => ({ scheme: a.scheme, code: a.code, labels: { es: a.es, pt: a.pt, en: a.en } })),
      hasSpace: row.spaceCommunityId !== null,
      updatedAt: row.updatedAt.toISOString(),
    }));
  }

  async function detail(actor: Actor | null, row: AgreementRow): Promise<Agreement> {
    const [summary] = await summaries([row]);
    const parties = summary!.parties.map((p) => p.institution.id);
    const actsFor = actor ? await actingFor(actor, parties) : [];
    const space = await spaceFor(actor, row);
    const open = row.status !== 'ended';
    return {
      ...summary,
      objectives: row.objectivesSource,
      objectivesHtml: row.objectivesHtml,
      fromCooperationId: row.fromCooperationId,
      documents: (await repo.documentsOf(row.id)).map((d) => ({ ...d, url: `/api/agreements/${row.id}/documents/${d.id}` })),
      space,
      // Who is in a private space is for those inside it and those who manage it.
      people: space || actsFor.length ? await repo.people(row.id) : [],
      permissions: {
        canEdit: actsFor.length > 0,
        canOpenSpace: actsFor.length > 0 && open && row.spaceCommunityId === null,
        canNominateFor: open ? actsFor : [],
      },
      createdAt: row.createdAt.toISOString(),
    };
  }

  return { ...deps, viewerOf, readable, editable, partyIds, actingFor, detail, summaries };
}

export type AgreementsContext = ReturnType<typeof createAgreementsContext>;

/** Agreements themselves: list, read, record, edit. */
export function createAgreementsService(
  ctx: AgreementsContext,
  space: {
    followStatus(actorId: number, row: AgreementRow): Promise<void>;
    dropParties(actorId: number, row: AgreementRow, before: number[], after: number[]): Promise<void>;
  },
) {
  const { repo, bus } = ctx;

  return {
    async list(actor: Actor | null, query: AgreementsQuery): Promise<AgreementList> {
      const limit = query.limit ?? DEFAULT_PAGE_SIZE;
      const after = readCursor(query.cursor, ['string', 'number']) as [string, number] | null;
      const rows = await repo.list({
        viewer: await ctx.viewerOf(actor),
        institutionId: query.institution,
        countryCode: query.country?.toUpperCase(),
        status: query.status,
        after,
        limit: limit + 1,
      });
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return { items: await ctx.summaries(page), nextCursor: rows.length > limit && last ? encodeCursor([last.startDate, last.id]) : null };
    },

    async get(actor: Actor | null, id: number): Promise<Agreement> {
      return ctx.detail(actor, await ctx.readable(actor, id));
    },

    async create(actor: Actor | null, input: AgreementCreate): Promise<Agreement> {
      if (!actor) throw new AppError('UNAUTHENTICATED');
      // Staff record any agreement; a representative one their institution is a party to.
      if ((await ctx.actingFor(actor, input.institutionIds)).length === 0) throw new AppError('FORBIDDEN');
      const parties = await cleanParties(repo, input.institutionIds, input.signatures ?? []);
      if (input.fromCooperationId !== undefined) await ctx.cooperation?.requireManaged(actor, input.fromCooperationId);
      const areas = await cleanAreas(repo, input.sectors, input.themes);
      const row = await repo.insert(
        {
          title: cleanTitle(input.title),
          ...cleanPeriod(input.startDate, input.endDate ?? null),
          ...cookObjectives(input.objectives),
          status: input.status,
          fromCooperationId: input.fromCooperationId ?? null,
          createdBy: actor.id,
        },
        parties,
        areas,
      );
      await bus.publish('agreement.created', {
        agreementId: row.id,
        ...(input.fromCooperationId !== undefined ? { fromCooperationId: input.fromCooperationId } : {}),
        actorId: actor.id,
      });
      return ctx.detail(actor, row);
    },

    async update(actor: Actor | null, id: number, patch: AgreementPatch): Promise<Agreement> {
      const { actor: by, row } = await ctx.editable(actor, id);
      const previous = (await repo.partiesOf([id])).map((p) => ({ institutionId: p.institution.id, signedOn: p.signedOn }));
      let parties;
      if (patch.institutionIds !== undefined || patch.signatures !== undefined) {
        const ids = patch.institutionIds ?? previous.map((p) => p.institutionId);
        parties = await cleanParties(repo, ids, patch.signatures ?? [], previous);
        // A representative cannot hand the agreement over to parties they do not act for.
        if ((await ctx.actingFor(by, ids)).length === 0) throw new AppError('FORBIDDEN');
        // Nor drop a party they do not act for: its people (and its place in the space) are its own call.
        const dropped = previous.filter((p) => !ids.includes(p.institutionId)).map((p) => p.institutionId);
        if ((await ctx.actingFor(by, dropped)).length < dropped.length) throw new AppError('FORBIDDEN');
      }
      const values: Parameters<AgreementsRepository['update']>[1] = {};
      if (patch.title !== undefined) values.title = cleanTitle(patch.title);
      if (patch.startDate !== undefined || patch.endDate !== undefined) {
        Object.assign(values, cleanPeriod(patch.startDate ?? row.startDate, patch.endDate === undefined ? row.endDate : patch.endDate));
      }
      if (patch.objectives !== undefined) Object.assign(values, cookObjectives(patch.objectives));
      if (patch.status !== undefined) values.status = patch.status;
      const areas = patch.sectors !== undefined || patch.themes !== undefined ? await cleanAreasKeeping(id, patch) : undefined;
      await repo.update(id, values, parties, areas);
      const updated = (await repo.find(id, { staff: true, institutionIds: [] }))!;
      if (parties) await space.dropParties(by.id, updated, previous.map((p) => p.institutionId), parties.map((p) => p.institutionId));
      if (updated.status !== row.status) await space.followStatus(by.id, updated);
      await bus.publish('agreement.updated', { agreementId: id, actorId: by.id });
      return ctx.detail(by, updated);
    },
  };

  /** Changing sectors keeps the themes (and the other way round). */
  async function cleanAreasKeeping(id: number, patch: AgreementPatch) {
    const current = await repo.areasOf([id]);
    const codes = (scheme: 'sector' | 'theme') => current.filter((a) => a.scheme === scheme).map((a) => a.code);
    return cleanAreas(repo, patch.sectors ?? codes('sector'), patch.themes ?? codes('theme'));
  }
}

export type AgreementsService = ReturnType<typeof createAgreementsService>;
