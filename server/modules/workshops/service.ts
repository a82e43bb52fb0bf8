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
    async schedule(actor: Actor | null, slug: string, input: WorkshopCreate): Promise<Workshop> {
      const communityAccess = await gate.bySlug(actor, slug);
      // Scheduling is writing in the community: its members (and admins), sanctions applying.
      requireCanPost(actor, communityAccess);
      const title = cleanText(input.title, 'TITLE_INVALID', 'title');
      const startsAt = new Date(input.startsAt);
      const endsAt = new Date(input.endsAt);
      if (!(endsAt > startsAt) || endsAt.getTime() - startsAt.getTime() > LONGEST_MS) {
        throw new AppError('WORKSHOP_TIMES_INVALID', { field: 'endsAt' });
      }
      const names = [...new Set((input.hosts ?? []).map((name) => name.trim().replace(/^@/, '').toLowerCase()))];
      const found = await repo.usersByUsername(names);
      const missing = names.find((name) => !found.some((user) => user.username === name));
      if (missing) throw new AppError('WORKSHOP_HOST_UNKNOWN', { field: 'hosts', params: { username: missing } });
      const description = input.description.replace(/\r\n/g, '\n').trim();
      const cooked = description ? await ctx.cookSafely(description, 'description') : { html: '' };
      const hostIds = [actor.id, ...found.map((user) => user.id).filter((id) => id !== actor.id)];
      const row = await repo.create(
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
      await ctx.bus.publish('workshop.created', { workshopId: row.id });
      return await ctx.presentOne(row, actor);
    },

    async list(actor: Actor | null, query: WorkshopListQuery): Promise<WorkshopList> {
      const community = query.community ? (await gate.bySlug(actor, query.community)).community : undefined;
      const limit = query.limit ?? PAGE;
      const after = readCursor(query.cursor, ['number', 'number']) as [number, number] | null;
      const rows = await repo.list({
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
        items: await ctx.present(page, actor),
        nextCursor: rows.length > limit && last ? encodeCursor([last.startsAt.getTime(), last.id]) : null,
      };
    },

    async detail(actor: Actor | null, workshopId: number): Promise<Workshop> {
      const access = await ctx.access(actor, workshopId);
      return await ctx.presentOne(access.workshop, actor, access);
    },

    async register(actor: Actor | null, workshopId: number): Promise<RegistrationResult> {
      const access = await ctx.access(actor, workshopId);
      if (!actor) throw new AppError('UNAUTHENTICATED');
      if (access.membership?.status === 'banned') throw new AppError('BANNED_FROM_COMMUNITY');
      const { workshop } = access;
      if (workshop.room === 'closed' || workshop.endsAt <= ctx.now()) throw new AppError('WORKSHOP_ENDED');
      const outcome = await repo.register(workshop.id, actor.id, workshop.capacity);
      if (outcome === 'full') throw new AppError('WORKSHOP_FULL', { params: { capacity: workshop.capacity ?? 0 } });
      if (outcome === 'registered') await ctx.bus.publish('workshop.registered', { workshopId: workshop.id, userId: actor.id });
      return { registered: true, registrationCount: (await repo.findById(workshop.id))!.registrationCount };
    },

    async unregister(actor: Actor | null, workshopId: number): Promise<RegistrationResult> {
      const access = await ctx.access(actor, workshopId);
      if (!actor) throw new AppError('UNAUTHENTICATED');
      await repo.unregister(access.workshop.id, actor.id);
      return { registered: false, registrationCount: (await repo.findById(access.workshop.id))!.registrationCount };
    },

    async calendar(actor: Actor | null, workshopId: number, origin: string): Promise<{ filename: string; body: string }> {
      const { workshop, community } = await ctx.access(actor, workshopId);
      const hosts = (await repo.hostsOf([workshop.id])).get(workshop.id) ?? [];
      const body = calendarOf(workshop.title, [{ workshop, communityName: community.name, hosts: hosts.map((h) => h.displayName) }], origin);
      return { filename: `workshop-${workshop.id}.ics`, body };
    },

    /** A community's workshops from a month ago on, as one calendar a person can subscribe to. */
    async communityCalendar(actor: Actor | null, slug: string, origin: string): Promise<{ filename: string; body: string }> {
      const { community } = await gate.bySlug(actor, slug);
      const since = new Date(ctx.now().getTime() - 30 * 24 * 3600_000);
      const rows: WorkshopRow[] = await repo.forFeed(community.id, since, FEED_SIZE);
      const hosts = await repo.hostsOf(rows.map((r) => r.id));
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
