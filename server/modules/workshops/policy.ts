import type { CommunityRow, WorkshopRow } from '../../../db/schema/index.ts';
import type { RoomState, WorkshopStatus } from '../../../shared/schemas/workshops.ts';
import { AppError } from '../../lib/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { requireCanPost, type CommunityAccess } from '../communities/access.ts';
import { communityPolicy } from '../communities/policy.ts';
import type { Membership } from '../communities/repository.ts';

export interface WorkshopAccess extends CommunityAccess {
  community: CommunityRow;
  workshop: WorkshopRow;
  /** Listed as a host (or the creator, who is always listed first). */
  isHost: boolean;
}

/**
 * Who may do what with a workshop. Seeing it follows its community; hosts and the
 * community's moderators control the room.
 */
export const workshopPolicy = {
  /**
   * A host outside the community (an invited specialist: no membership, or a request still
   * pending) reads their own workshop even in a private community; a host the community banned
   * or admitted reads it as any member does, by the community's rule. The workshops list asks
   * the same in SQL (repository.ts, `readableWorkshop`).
   */
  readsAsInvitedHost: (isHost: boolean, membership: Pick<Membership, 'status'> | undefined) =>
    isHost && (!membership || membership.status === 'pending'),
  canControl: (actor: Actor | null, access: WorkshopAccess) =>
    !!actor && (access.isHost || communityPolicy.canModerate(actor, access.membership)),
  /** Hosts and moderators are not held by slow mode or mutes. */
  isExempt: (actor: Actor | null, access: WorkshopAccess) => workshopPolicy.canControl(actor, access),
};

/**
 * The room as people find it: hosts open and close it, and a room nobody touched opens by
 * itself for the scheduled time and closes at its end.
 */
export function roomStateOf(workshop: Pick<WorkshopRow, 'room' | 'startsAt' | 'endsAt'>, now: Date): RoomState {
  if (workshop.room !== 'scheduled') return workshop.room;
  if (workshop.endsAt <= now) return 'closed';
  return workshop.startsAt <= now ? 'open' : 'scheduled';
}

/** Where a workshop stands for listings, from its room and its times. */
export function statusOf(workshop: Pick<WorkshopRow, 'room' | 'startsAt' | 'endsAt'>, now: Date): WorkshopStatus {
  if (workshop.room === 'open') return 'live';
  if (workshop.room === 'closed') return 'past';
  if (workshop.endsAt <= now) return 'past';
  return workshop.startsAt <= now ? 'live' : 'upcoming';
}

/**
 * The community's write check (where sanctions live) for a workshop write; an invited host
 * carries a member's standing (see context.ts).
 */
export function requireCanWrite(actor: Actor | null, access: WorkshopAccess): asserts actor is Actor {
  requireCanPost(actor, access);
}

/** Host controls: the workshop's hosts and the community's moderators, who may write there. */
export function requireControl(actor: Actor | null, access: WorkshopAccess): asserts actor is Actor {
  if (!actor) throw new AppError('UNAUTHENTICATED');
  if (!workshopPolicy.canControl(actor, access)) throw new AppError('FORBIDDEN');
  requireCanWrite(actor, access);
}
