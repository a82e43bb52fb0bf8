import type { WorkshopRow } from '../../../db/schema/index.ts';
import type {
  RegistrationResult,
  Workshop,
  WorkshopCreate,
  WorkshopList,
  WorkshopListQuery,
} from '../../../shared/schemas/workshops.ts';
import { encodeCursor, readCursor } from '../../lib/cursor.ts';
import { AppError } from '../../lib/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { requireCanPost, type CommunityGate } from '../communities/access.ts';
import { calendarOf } from './ics.ts';
import type { WorkshopContext } from './context.ts';

const PAGE = 20;
/** A session longer than this is a typing mistake, not a workshop. */
const LONGEST_MS = 14 * 24 * 3600_000;
const FEED_SIZE = 200;

function cleanText(value: string, code: 'TITLE_INVALID', field: string): string {
  const text = value.replace(/\s+/g, ' ').trim();
  if (text.length < 3) throw new AppError(code, { field });
  return text;
}

function cleanUrl(value: string | null | undefined): string | null {
  const text = value?.trim();
  if (!text) return null;
  try {
    const url = new URL(text);
    if (url.protocol === 'https:' || url.protocol === 'http:') return url.toString();
  } catch {
    // falls through to the error below
  }
  throw new AppError('URL_INVALID', { field: 'videoUrl' });
}

/** Scheduling, listing, registration and calendars. The live room is in room.ts. */
export function createWorkshopsService(ctx: WorkshopContext, gate: CommunityGate) {
  const { repo } = ctx;

  return {
    schedule(actor: Actor | null, slug: string, input: WorkshopCreate): Workshop {
      const communityAccess = gate.bySlug(actor, slug);
      // Scheduling is writing in the community: its members (and admins), sanctions applying.
      requireCanPost(actor, communityAccess);
      const title = cleanText(input.title, 'TITLE_INVALID', 'title');
      const startsAt = new Date(input.startsAt);
      const endsAt = new Date(input.endsAt);
      if (!(endsAt > startsAt) || endsAt.getTime() - startsAt.getTime() > LONGEST_MS) {
        throw new AppError('WORKSHOP_TIMES_INVALID', { field: 'endsAt' });
      }
      const names = [...new Set((input.hosts ?? []).map((name) => name.trim().replace(/^@/, '').toLowerCase()))];
      const found = repo.usersByUsername(names);
      const missing = names.find((name) => !found.some((user) => user.username === name));
      if (missing) throw new AppError('WORKSHOP_HOST_UNKNOWN', { field: 'hosts', params: { username: missing } });
      const description = input.description.replace(/\r\n/g, '\n').trim();
      const cooked = description ? ctx.cookSafely(description, 'description') : { html: '' };
      const hostIds = [actor.id, ...found.map((user) => user.id).filter((id) => id !== actor.id)];
      const row = repo.create(
        {
          communityId: communityAccess.community.id,
          createdById: actor.id,
          title,
          description,
          descriptionHtml: cooked.html,
          kind: input.kind,
          startsAt,
          endsAt,
          language: input.language,
          capacity: input.capacity ?? null,
          videoUrl: cleanUrl(input.videoUrl),
        },
        hostIds,
      );
      ctx.bus.publish('workshop.created', { workshopId: row.id });
      return ctx.presentOne(row, actor);
    },

    list(actor: Actor | null, query: WorkshopListQuery): WorkshopList {
      const community = query.community ? gate.bySlug(actor, query.community).community : undefined;
      const limit = query.limit ?? PAGE;
      const after = readCursor(query.cursor, ['number', 'number']) as [number, number] | null;
      const rows = repo.list({
        viewerId: actor?.id,
        communityId: community?.id,
        status: query.status,
        now: ctx.now(),
        after,
        limit: limit + 1,
      });
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        items: ctx.present(page, actor),
        nextCursor: rows.length > limit && last ? encodeCursor([last.startsAt.getTime(), last.id]) : null,
      };
    },

    detail(actor: Actor | null, workshopId: number): Workshop {
      const access = ctx.access(actor, workshopId);
      return ctx.presentOne(access.workshop, actor, access);
    },

    register(actor: Actor | null, workshopId: number): RegistrationResult {
      const access = ctx.access(actor, workshopId);
      if (!actor) throw new AppError('UNAUTHENTICATED');
      if (access.membership?.status === 'banned') throw new AppError('BANNED_FROM_COMMUNITY');
      const { workshop } = access;
      if (workshop.room === 'closed' || workshop.endsAt <= ctx.now()) throw new AppError('WORKSHOP_ENDED');
      const outcome = repo.register(workshop.id, actor.id, workshop.capacity);
      if (outcome === 'full') throw new AppError('WORKSHOP_FULL', { params: { capacity: workshop.capacity ?? 0 } });
      if (outcome === 'registered') ctx.bus.publish('workshop.registered', { workshopId: workshop.id, userId: actor.id });
      return { registered: true, registrationCount: repo.findById(workshop.id)!.registrationCount };
    },

    unregister(actor: Actor | null, workshopId: number): RegistrationResult {
      const access = ctx.access(actor, workshopId);
      if (!actor) throw new AppError('UNAUTHENTICATED');
      repo.unregister(access.workshop.id, actor.id);
      return { registered: false, registrationCount: repo.findById(access.workshop.id)!.registrationCount };
    },

    calendar(actor: Actor | null, workshopId: number, origin: string): { filename: string; body: string } {
      const { workshop, community } = ctx.access(actor, workshopId);
      const hosts = repo.hostsOf([workshop.id]).get(workshop.id) ?? [];
      const body = calendarOf(workshop.title, [{ workshop, communityName: community.name, hosts: hosts.map((h) => h.displayName) }], origin);
      return { filename: `workshop-${workshop.id}.ics`, body };
    },

    /** A community's workshops from a month ago on, as one calendar a person can subscribe to. */
    communityCalendar(actor: Actor | null, slug: string, origin: string): { filename: string; body: string } {
      const { community } = gate.bySlug(actor, slug);
      const since = new Date(ctx.now().getTime() - 30 * 24 * 3600_000);
      const rows: WorkshopRow[] = repo.forFeed(community.id, since, FEED_SIZE);
      const hosts = repo.hostsOf(rows.map((r) => r.id));
      const entries = rows.map((workshop) => ({
        workshop,
        communityName: community.name,
        hosts: (hosts.get(workshop.id) ?? []).map((h) => h.displayName),
      }));
      return { filename: `${community.slug}-workshops.ics`, body: calendarOf(community.name, entries, origin) };
    },
  };
}

export type WorkshopsService = ReturnType<typeof createWorkshopsService>;
