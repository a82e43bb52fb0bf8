import type { CommunityRow, WorkshopRow } from '../../../db/schema/index.ts';
import type { WorkshopStatus } from '../../../shared/schemas/workshops.ts';
import { AppError } from '../../lib/errors.ts';
import type { Actor } from '../auth/actor.ts';
import type { CommunityAccess } from '../communities/access.ts';
import { communityPolicy } from '../communities/policy.ts';

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
  canSchedule: (actor: Actor | null, access: CommunityAccess) => communityPolicy.canPost(actor, access.membership),
  canControl: (actor: Actor | null, access: WorkshopAccess) =>
    !!actor && (access.isHost || communityPolicy.canModerate(actor, access.membership)),
  /** Hosts and moderators are not held by slow mode or mutes. */
  isExempt: (actor: Actor | null, access: WorkshopAccess) => workshopPolicy.canControl(actor, access),
};

/** Where a workshop stands for listings, from its room and its times. */
export function statusOf(workshop: Pick<WorkshopRow, 'room' | 'startsAt' | 'endsAt'>, now: Date): WorkshopStatus {
  if (workshop.room === 'open') return 'live';
  if (workshop.room === 'closed') return 'past';
  if (workshop.endsAt <= now) return 'past';
  return workshop.startsAt <= now ? 'live' : 'upcoming';
}

/** Host controls: the workshop's hosts and the community's moderators. */
export function requireControl(actor: Actor | null, access: WorkshopAccess): asserts actor is Actor {
  if (!actor) throw new AppError('UNAUTHENTICATED');
  if (!workshopPolicy.canControl(actor, access)) throw new AppError('FORBIDDEN');
}
