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
  representatives: Pick<RepresentativesService, 'mayActFor' | 'institutionsOf'> & { of(institutionId: number): { id: number }[] };
  vocabularyHas: (scheme: string, code: string) => boolean;
  bus: EventBus;
}) {
  const { repo, matcher, representatives, bus } = deps;

  function signedIn(actor: Actor | null): Actor {
    if (!actor) throw new AppError('UNAUTHENTICATED');
    return actor;
  }

  function found(id: number): ItemRow {
    const row = repo.find(id);
    if (!row) throw new AppError('COOPERATION_NOT_FOUND');
    return row;
  }

  function codes(scheme: string, field: string, values: string[]): string[] {
    const unique = [...new Set(values)];
    if (unique.some((code) => !deps.vocabularyHas(scheme, code))) throw new AppError('VOCAB_UNKNOWN', { field });
    return unique;
  }

  /** The institutions this person may respond for on an item: those they may act for, but the poster's. */
  function respondFor(actor: Actor | null, item: ItemRow): CooperationInstitution[] {
    if (!actor || item.i.status === 'done') return [];
    const staff = actor.role === 'admin' || actor.role === 'editor';
    const ids = staff ? null : representatives.institutionsOf(actor);
    const all = staff ? repo.allInstitutions() : repo.institutionsByIds(ids!);
    return all.filter((i) => i.id !== item.i.institutionId);
  }

  function matchesOf(itemId: number): CooperationMatches {
    const { rows, people, places } = repo.matches(itemId);
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
    list(query: CooperationQuery): CooperationList {
      const limit = query.limit ?? 20;
      const beforeId = readCursor(query.cursor, ['number'])?.[0] as number | undefined;
      const rows = repo.list({ kind: query.kind, status: query.status, sector: query.sector, theme: query.theme, country: query.country, institutionId: query.institution, q: query.q, beforeId, limit: limit + 1 });
      const page = rows.slice(0, limit);
      return { items: page.map(toItem), nextCursor: rows.length > limit ? encodeCursor([page.at(-1)!.i.id]) : null };
    },

    get(actor: Actor | null, id: number): CooperationDetail {
      const row = found(id);
      const manage = representatives.mayActFor(actor, row.i.institutionId);
      const responses: CooperationResponse[] = actor
        ? repo.responses(id).map((r) => ({
            id: r.r.id,
            bodyHtml: r.r.bodyHtml,
            institution: r.institution,
            author: r.r.authorId !== null && r.authorUsername ? { id: r.r.authorId, username: r.authorUsername, displayName: r.authorDisplayName! } : null,
            createdAt: r.r.createdAt.toISOString(),
          }))
        : [];
      return { item: { ...toItem(row), responses }, matches: manage ? matchesOf(id) : null, may: { manage, respondFor: respondFor(actor, row) } };
    },

    /** The institutions the person may post for (the "new" form's choices). */
    postingFor(actor: Actor | null): CooperationPostingFor {
      const member = signedIn(actor);
      if (member.role === 'admin' || member.role === 'editor') return { institutions: repo.allInstitutions() };
      return { institutions: repo.institutionsByIds(representatives.institutionsOf(member)) };
    },

    create(actor: Actor | null, input: CooperationInput): CooperationItem {
      const member = signedIn(actor);
      if (!repo.institution(input.institutionId)) throw new AppError('VALIDATION_FAILED', { field: 'institutionId' });
      if (!representatives.mayActFor(member, input.institutionId)) throw new AppError('FORBIDDEN');
      const title = input.title.trim();
      if (!title) throw new AppError('VALIDATION_FAILED', { field: 'title' });
      if (!input.body.trim()) throw new AppError('VALIDATION_FAILED', { field: 'body' });
      const sectors = codes('sector', 'sectors', input.sectors);
      const themes = codes('theme', 'themes', input.themes);
      const expertise = codes('expertise', 'expertise', input.expertise ?? []);
      const cooked = cookBody(input.body);

      const matched = matcher.match({ institutionId: input.institutionId, sectors, themes, expertise });
      const matches = [...matched.specialists, ...matched.institutions].map(({ kind, refId, score }) => ({ kind, refId, score }));
      const id = repo.insert(
        { kind: input.kind, title, body: input.body, bodyHtml: cooked.html, bodyText: cooked.text, searchText: fold(`${title}\n${cooked.text}`), institutionId: input.institutionId, sectors, themes, expertise, deadline: input.deadline ?? null, createdBy: member.id },
        matches,
      );

      // The people to tell, best first, bounded: matched specialists' accounts, then the matched
      // institutions' representatives and flagged specialists there; never the poster.
      const told = new Set<number>();
      const offer = (userId: number | null) => {
        if (userId !== null && userId !== member.id && told.size < MATCH_NOTIFY_LIMIT) told.add(userId);
      };
      matched.specialists.forEach((s) => offer(s.userId));
      for (const place of matched.institutions) representatives.of(place.refId).forEach((r) => offer(r.id));
      matched.flaggedMembers.forEach(offer);
      bus.publish('cooperation.created', { itemId: id, actorId: member.id, matchedUserIds: [...told] });
      return toItem(found(id));
    },

    update(actor: Actor | null, id: number, change: CooperationUpdate): CooperationItem {
      const member = signedIn(actor);
      const row = found(id);
      if (!representatives.mayActFor(member, row.i.institutionId)) throw new AppError('FORBIDDEN');
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
        repo.update(id, set);
        bus.publish('cooperation.updated', { itemId: id });
      }
      return toItem(found(id));
    },

    respond(actor: Actor | null, id: number, input: CooperationResponseInput): CooperationResponse {
      const member = signedIn(actor);
      const row = found(id);
      if (!repo.institution(input.institutionId)) throw new AppError('VALIDATION_FAILED', { field: 'institutionId' });
      if (!representatives.mayActFor(member, input.institutionId)) throw new AppError('FORBIDDEN');
      if (input.institutionId === row.i.institutionId) throw new AppError('COOPERATION_OWN_INSTITUTION', { field: 'institutionId' });
      if (row.i.status === 'done') throw new AppError('COOPERATION_CLOSED');
      if (!input.body.trim()) throw new AppError('VALIDATION_FAILED', { field: 'body' });
      const cooked = cookBody(input.body);
      const responseId = repo.insertResponse({ itemId: id, institutionId: input.institutionId, authorId: member.id, body: input.body, bodyHtml: cooked.html });
      const notify = new Set<number>(representatives.of(row.i.institutionId).map((r) => r.id));
      if (row.i.createdBy !== null) notify.add(row.i.createdBy);
      notify.delete(member.id);
      bus.publish('cooperation.responded', { itemId: id, responseId, actorId: member.id, notifyUserIds: [...notify] });
      const written = repo.responses(id).find((r) => r.r.id === responseId)!;
      return { id: responseId, bodyHtml: written.r.bodyHtml, institution: written.institution, author: { id: member.id, username: member.username, displayName: member.displayName }, createdAt: written.r.createdAt.toISOString() };
    },

    /**
     * Whether this person may grow an agreement from the item: those who manage it (who act for
     * its institution). A missing item is 404, someone else's 403: nobody takes over another
     * institution's request.
     */
    requireManaged(actor: Actor | null, id: number): void {
      const member = signedIn(actor);
      const row = repo.find(id);
      if (!row) throw new AppError('COOPERATION_NOT_FOUND', { field: 'fromCooperationId' });
      if (!representatives.mayActFor(member, row.i.institutionId)) throw new AppError('FORBIDDEN');
    },

    /** An agreement grew from an item: the item links to it and, if still open, moves on to in progress. */
    onAgreementCreated(event: { agreementId: number; fromCooperationId?: number }): void {
      if (event.fromCooperationId === undefined) return;
      const row = repo.find(event.fromCooperationId);
      if (!row) return;
      repo.update(row.i.id, { agreementId: event.agreementId, ...(row.i.status === 'open' ? { status: 'in_progress' as const } : {}) });
      bus.publish('cooperation.updated', { itemId: row.i.id });
    },
  };
}

export type CooperationService = ReturnType<typeof createCooperationService>;
