import type { EventBus } from '../../lib/event-bus.ts';
import { AppError } from '../../lib/errors.ts';
import type { CommunitiesRepository } from './repository.ts';

/**
 * A way into a community that another area decides (an invitation): the communities area still
 * writes the membership and announces it. `admit` runs inside the caller's transaction and gives
 * back what to announce once it has committed.
 */
export function createAdmission(repo: CommunitiesRepository, bus: EventBus) {
  return {
    /**
     * Makes the person an active member, or files their request (`pending`). A ban stays (403);
     * an active member stays as they are; a request becomes membership when `active` is granted.
     * Returns null when nothing changed.
     */
    async admit(
      communityId: number,
      userId: number,
      status: 'active' | 'pending',
      actorId: number,
    ): Promise<{ status: 'active' | 'pending'; announce: () => Promise<void> } | null> {
      const current = await repo.membership(communityId, userId);
      if (current?.status === 'banned') throw new AppError('BANNED_FROM_COMMUNITY');
      if (current?.status === 'active' || (current?.status === 'pending' && status === 'pending')) return null;
      await repo.setMembership(communityId, userId, { role: current?.role ?? 'member', status });
      const previous = current?.status ?? 'none';
      return { status, announce: () => bus.publish('community.membership.changed', { communityId, userId, status, previous, actorId }) };
    },
  };
}

export type Admission = ReturnType<typeof createAdmission>;
