import type { LogEntry } from '../../../shared/schemas/moderation.ts';
import { AppError } from '../../lib/errors.ts';
import type { EventBus } from '../../lib/event-bus.ts';
import type { Actor } from '../auth/actor.ts';
import { requireCanModerate, type CommunityGate } from '../communities/access.ts';
import type { CommunitiesRepository } from '../communities/repository.ts';
import type { CommunitiesService } from '../communities/service.ts';
import type { ThreadGate } from '../discussions/access.ts';
import type { PostsRepository } from '../discussions/posts-repository.ts';
import type { ThreadsRepository } from '../discussions/threads-repository.ts';
import type { UsersRepository } from '../users/repository.ts';
import type { AuditTrail, LogRow } from '../audit/index.ts';
import type { PostRulesService } from './post-rules.ts';
import type { ModerationRepository } from './repository.ts';
import type { ModerationSettings } from './settings.ts';

/** What every part of the moderation area works with. */
export interface ModerationContext {
  bus: EventBus;
  audit: AuditTrail;
  repo: ModerationRepository;
  settings: ModerationSettings;
  rules: PostRulesService;
  communities: CommunitiesRepository;
  communitiesService: CommunitiesService;
  threads: ThreadsRepository;
  posts: PostsRepository;
  users: UsersRepository;
  gate: CommunityGate;
  threadGate: ThreadGate;
}

export function requireActor(actor: Actor | null): asserts actor is Actor {
  if (!actor) throw new AppError('UNAUTHENTICATED');
}

export function requireAdmin(actor: Actor | null): asserts actor is Actor {
  requireActor(actor);
  if (actor.role !== 'admin') throw new AppError('FORBIDDEN');
}

/** The community by id, for someone who moderates it (404 when they may not even see it). */
export async function moderatedCommunity(ctx: ModerationContext, actor: Actor | null, communityId: number) {
  const access = await ctx.gate.byId(actor, communityId);
  requireCanModerate(actor, access);
  return access;
}

export function authorRef(user: { id: number; username: string; displayName: string }) {
  return { id: user.id, username: user.username, displayName: user.displayName };
}

export function toLogEntry(row: LogRow): LogEntry {
  const e = row.entry;
  return {
    id: e.id,
    action: e.action,
    actorId: e.actorId,
    actor: e.actorId !== null && row.username ? { id: e.actorId, username: row.username, displayName: row.displayName! } : null,
    communityId: e.communityId,
    community: row.slug ? { slug: row.slug, name: row.name! } : null,
    targetType: e.targetType,
    targetId: e.targetId,
    reason: e.reason,
    createdAt: e.createdAt.toISOString(),
    undoable: e.undoable && e.undoneAt === null,
    undoneAt: e.undoneAt?.toISOString() ?? null,
  };
}

/** A moment in the future from an ISO date or date-time; anything else is a 400 on `until`. */
export function futureDate(value: string, now = Date.now()): Date {
  const day = /^(\d{4}-\d{2}-\d{2})(?:$|T)/.exec(value)?.[1];
  const date = new Date(day && day === value ? `${value}T23:59:59.999Z` : value);
  // An impossible calendar day ("2027-02-30") is refused, not rolled over into the next month.
  const checkable = !!day && (day === value || value.endsWith('Z'));
  const real = !Number.isNaN(date.getTime()) && (!checkable || date.toISOString().slice(0, 10) === day);
  if (!real || date.getTime() <= now) throw new AppError('UNTIL_INVALID', { field: 'until' });
  return date;
}
