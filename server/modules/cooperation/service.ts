import { MarkdownTooComplexError, cook } from '../../lib/markdown.ts';
import type { CooperationDetail, CooperationInput, CooperationInstitution, CooperationItem, CooperationList, CooperationMatches, CooperationPostingFor, CooperationQuery, CooperationResponse, CooperationResponseInput, CooperationUpdate } from '../../../shared/schemas/cooperation.ts';
import { encodeCursor, readCursor } from '../../lib/cursor.ts';
import type { EventBus } from '../../lib/event-bus.ts';
import { AppError } from '../../lib/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { fold } from '../search/highlight.ts';
import type { RepresentativesService } from '../representatives/service.ts';
import type { Matcher } from './matching-repository.ts';
import type { CooperationRepository, ItemRow } from './repository.ts';

/** At most this many people are told of one new item (specialists, then the matched institutions' representatives). */
export const MATCH_NOTIFY_LIMIT = 12;

/** Nothing in a request or offer resolves mentions or typed links: its text is the institution's, cooked plain and sanitized. */
const plain = { existingUsernames: () => new Set<string>(), resolveLinks: () => [] };

function cookBody(source: string) {
  try {
    return cook(source, plain);
  } catch (error) {
    if (error instanceof MarkdownTooComplexError) throw new AppError('BODY_TOO_COMPLEX', { field: 'body' });
    throw error;
  }
}

const EXCERPT = 240;
const excerptOf = (text: string) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > EXCERPT ? `${flat.slice(0, EXCERPT - 1).trimEnd()}…` : flat;
};

function toItem(row: ItemRow): CooperationItem {
  const i = row.i;
  return {
    id: i.id,
    kind: i.kind,
    title: i.title,
    bodyHtml: i.bodyHtml,
    excerpt: excerptOf(i.bodyText),
    status: i.status,
    institution: row.institution,
    sectors: i.sectors,
    themes: i.themes,
    expertise: i.expertise,
    deadline: i.deadline,
    agreementId: row.publicAgreementId,
    author: i.createdBy !== null && row.authorUsername ? { id: i.createdBy, username: row.authorUsername, displayName: row.authorDisplayName! } : null,
    responseCount: row.responseCount,
    createdAt: i.createdAt.toISOString(),
    updatedAt: i.updatedAt.toISOString(),
    url: `/cooperation/${i.id}`,
  };
}

/**
 * Cooperation requests and offers (issue 18, part 4). Who may post, change and answer for an
 * institution is the representatives' one rule, `mayActFor`; the poster's side manages the item,
 * other institutions respond. Anyone reads items; responses are for signed-in readers; the
 * suggested matches only for the poster's side.
 */
export function createCooperationService(deps: {
  repo: CooperationRepository;
  matcher: Matcher;
  representatives: Pick<RepresentativesService, 'mayActFor' | 'institutionsOf'> & {
    of(institutionId: number): { id: number }[] | Promise<{ id: number }[]>;
  };
  vocabularyHas: (scheme: string, code: string) => boolean | Promise<boolean>;
  bus: EventBus;
}) {
  const { repo, matcher, representatives, bus } = deps;

  function signedIn(actor: Actor | null): Actor {
    if (!actor) throw new AppError('UNAUTHENTICATED');
    return actor;
  }

  async function found(id: number): Promise<ItemRow> {
    const row = await repo.find(id);
    if (!row) throw new AppError('COOPERATION_NOT_FOUND');
    return row;
  }

  async function codes(scheme: string, field: string, values: string[]): Promise<string[]> {
    const unique = [...new Set(values)];
    for (const code of unique) {
      if (!(await deps.vocabularyHas(scheme, code))) throw new AppError('VOCAB_UNKNOWN', { field });
    }
    return unique;
  }

  /** The institutions this person may respond for on an item: those they may act for, but the poster's. */
  async function respondFor(actor: Actor | null, item: ItemRow): Promise<CooperationInstitution[]> {
    if (!actor || item.i.status === 'done') return [];
    const staff = actor.role === 'admin' || actor.role === 'editor';
    const all = staff ? await repo.allInstitutions() : await repo.institutionsByIds(await representatives.institutionsOf(actor));
    return all.filter((i) => i.id !== item.i.institutionId);
  }

  async function matchesOf(itemId: number): Promise<CooperationMatches> {
    const { rows, people, places } = await repo.matches(itemId);
    const result: CooperationMatches = { specialists: [], institutions: [] };
    for (const row of rows) {
      if (row.kind === 'specialist') {
        const p = people.get(row.refId);
        if (p) result.specialists.push({ id: p.id, name: p.name, username: p.username ?? null, score: row.score });
      } else {
        const p = places.get(row.refId);
        if (p) result.institutions.push({ ...p, score: row.score });
      }
    }
    return result;
  }

  return {
    async list(query: CooperationQuery): Promise<CooperationList> {
      const limit = query.limit ?? 20;
      const beforeId = readCursor(query.cursor, ['number'])?.[0] as number | undefined;
      const rows = await repo.list({ kind: query.kind, status: query.status, sector: query.sector, theme: query.theme, country: query.country, institutionId: query.institution, q: query.q, beforeId, limit: limit + 1 });
      const page = rows.slice(0, limit);
      return { items: page.map(toItem), nextCursor: rows.length > limit ? encodeCursor([page.at(-1)!.i.id]) : null };
    },

    async get(actor: Actor | null, id: number): Promise<CooperationDetail> {
      const row = await found(id);
      const manage = await representatives.mayActFor(actor, row.i.institutionId);
      const responses: CooperationResponse[] = actor
        ? (await repo.responses(id)).map((r) => ({
            id: r.r.id,
            bodyHtml: r.r.bodyHtml,
            institution: r.institution,
            author: r.r.authorId !== null && r.authorUsername ? { id: r.r.authorId, username: r.authorUsername, displayName: r.authorDisplayName! } : null,
            createdAt: r.r.createdAt.toISOString(),
          }))
        : [];
      return {
        item: { ...toItem(row), responses },
        matches: manage ? await matchesOf(id) : null,
        may: { manage, respondFor: await respondFor(actor, row) },
      };
    },

    /** The institutions the person may post for (the "new" form's choices). */
    async postingFor(actor: Actor | null): Promise<CooperationPostingFor> {
      const member = signedIn(actor);
      if (member.role === 'admin' || member.role === 'editor') return { institutions: await repo.allInstitutions() };
      return { institutions: await repo.institutionsByIds(await representatives.institutionsOf(member)) };
    },

    async create(actor: Actor | null, input: CooperationInput): Promise<CooperationItem> {
      const member = signedIn(actor);
      if (!(await repo.institution(input.institutionId))) throw new AppError('VALIDATION_FAILED', { field: 'institutionId' });
      if (!(await representatives.mayActFor(member, input.institutionId))) throw new AppError('FORBIDDEN');
      const title = input.title.trim();
      if (!title) throw new AppError('VALIDATION_FAILED', { field: 'title' });
      if (!input.body.trim()) throw new AppError('VALIDATION_FAILED', { field: 'body' });
      const sectors = await codes('sector', 'sectors', input.sectors);
      const themes = await codes('theme', 'themes', input.themes);
      const expertise = await codes('expertise', 'expertise', input.expertise ?? []);
      const cooked = cookBody(input.body);

      const matched = await matcher.match({ institutionId: input.institutionId, sectors, themes, expertise });
      const matches = [...matched.specialists, ...matched.institutions].map(({ kind, refId, score }) => ({ kind, refId, score }));
      const id = await repo.insert(
        { kind: input.kind, title, body: input.body, bodyHtml: cooked.html, bodyText: cooked.text, searchText: fold(`${title}\n${cooked.text}`), institutionId: input.institutionId, sectors, themes, expertise, deadline: input.deadline ?? null, createdBy: member.id },
        matches,
      );

      // The people to tell, best first, bounded: matched specialists' accounts, then the matched
      // institutions' representatives and flagged specialists there; never the poster.
      const told = new Set<number>();
      const offer = (userId: number | null) => {
        if (userId !== null && userId !== member.id && told.size < MATCH_NOTIFY_LIMIT) told.add(userId);
      };
      for (const s of matched.specialists) offer(s.userId);
      for (const place of matched.institutions) for (const r of await representatives.of(place.refId)) offer(r.id);
      for (const userId of matched.flaggedMembers) offer(userId);
      await bus.publish('cooperation.created', { itemId: id, actorId: member.id, matchedUserIds: [...told] });
      return toItem(await found(id));
    },

    async update(actor: Actor | null, id: number, change: CooperationUpdate): Promise<CooperationItem> {
      const member = signedIn(actor);
      const row = await found(id);
      if (!(await representatives.mayActFor(member, row.i.institutionId))) throw new AppError('FORBIDDEN');
      const set: Parameters<CooperationRepository['update']>[1] = {};
      if (change.status !== undefined) set.status = change.status;
      if (change.title !== undefined) {
        set.title = change.title.trim();
        if (!set.title) throw new AppError('VALIDATION_FAILED', { field: 'title' });
      }
      if (change.body !== undefined) {
        if (!change.body.trim()) throw new AppError('VALIDATION_FAILED', { field: 'body' });
        const cooked = cookBody(change.body);
        Object.assign(set, { body: change.body, bodyHtml: cooked.html, bodyText: cooked.text });
      }
      if (change.deadline !== undefined) set.deadline = change.deadline;
      if (set.title !== undefined || set.bodyText !== undefined) set.searchText = fold(`${set.title ?? row.i.title}\n${set.bodyText ?? row.i.bodyText}`);
      if (Object.keys(set).length) {
        await repo.update(id, set);
        await bus.publish('cooperation.updated', { itemId: id });
      }
      return toItem(await found(id));
    },

    async respond(actor: Actor | null, id: number, input: CooperationResponseInput): Promise<CooperationResponse> {
      const member = signedIn(actor);
      const row = await found(id);
      if (!(await repo.institution(input.institutionId))) throw new AppError('VALIDATION_FAILED', { field: 'institutionId' });
      if (!(await representatives.mayActFor(member, input.institutionId))) throw new AppError('FORBIDDEN');
      if (input.institutionId === row.i.institutionId) throw new AppError('COOPERATION_OWN_INSTITUTION', { field: 'institutionId' });
      if (row.i.status === 'done') throw new AppError('COOPERATION_CLOSED');
      if (!input.body.trim()) throw new AppError('VALIDATION_FAILED', { field: 'body' });
      const cooked = cookBody(input.body);
      // The item is read again with the write: one closed meanwhile takes no more responses.
      const responseId = await repo.atomically(async () => {
        if ((await found(id)).i.status === 'done') throw new AppError('COOPERATION_CLOSED');
        return repo.insertResponse({ itemId: id, institutionId: input.institutionId, authorId: member.id, body: input.body, bodyHtml: cooked.html });
      });
      const notify = new Set<number>((await representatives.of(row.i.institutionId)).map((r) => r.id));
      if (row.i.createdBy !== null) notify.add(row.i.createdBy);
      notify.delete(member.id);
      await bus.publish('cooperation.responded', { itemId: id, responseId, actorId: member.id, notifyUserIds: [...notify] });
      const written = (await repo.responses(id)).find((r) => r.r.id === responseId)!;
      return { id: responseId, bodyHtml: written.r.bodyHtml, institution: written.institution, author: { id: member.id, username: member.username, displayName: member.displayName }, createdAt: written.r.createdAt.toISOString() };
    },

    /**
     * Whether this person may grow an agreement from the item: those who manage it (who act for
     * its institution). A missing item is 404, someone else's 403: nobody takes over another
     * institution's request.
     */
    async requireManaged(actor: Actor | null, id: number): Promise<void> {
      const member = signedIn(actor);
      const row = await repo.find(id);
      if (!row) throw new AppError('COOPERATION_NOT_FOUND', { field: 'fromCooperationId' });
      if (!(await representatives.mayActFor(member, row.i.institutionId))) throw new AppError('FORBIDDEN');
    },

    /** An agreement grew from an item: the item links to it and, if still open, moves on to in progress. */
    async onAgreementCreated(event: { agreementId: number; fromCooperationId?: number }): Promise<void> {
      if (event.fromCooperationId === undefined) return;
      const from = event.fromCooperationId;
      // The status is read with the write: a status changed meanwhile is not overwritten.
      const itemId = await repo.atomically(async () => {
        const row = await repo.find(from);
        if (!row) return null;
        await repo.update(row.i.id, { agreementId: event.agreementId, ...(row.i.status === 'open' ? { status: 'in_progress' as const } : {}) });
        return row.i.id;
      });
      if (itemId !== null) await bus.publish('cooperation.updated', { itemId });
    },
  };
}

export type CooperationService = ReturnType<typeof createCooperationService>;
