import type { RepresentativeList } from '../../../shared/schemas/representatives.ts';
import { isAdmin } from '../../../shared/permissions.ts';
import type { EventBus } from '../../lib/event-bus.ts';
import { AppError } from '../../lib/errors.ts';
import type { Actor } from '../auth/actor.ts';
import type { RepresentativesRepository } from './repository.ts';

/**
 * Institution representatives (issue 18, part 7): admins name them; the rule "may act for an
 * institution" (post its news, requests and offers, manage its agreement spaces) is
 * `mayActFor`, the one place every area asks.
 */
export function createRepresentativesService(deps: { repo: RepresentativesRepository; bus: EventBus }) {
  const { repo, bus } = deps;

  async function institution(id: number): Promise<number> {
    if (!(await repo.institutionExists(id))) throw new AppError('NOT_FOUND');
    return id;
  }

  function admin(actor: Actor | null): Actor {
    if (!actor) throw new AppError('UNAUTHENTICATED');
    if (!isAdmin(actor)) throw new AppError('FORBIDDEN');
    return actor;
  }

  async function changed(
    actor: Actor,
    institutionId: number,
    userId: number,
    action: 'institution.representative.add' | 'institution.representative.remove',
  ): Promise<void> {
    await bus.publish('institution.representatives.changed', { institutionId, userId });
    await bus.publish('audit.action', { actorId: actor.id, action, communityId: null, targetType: 'institution', targetId: institutionId, reason: null });
  }

  return {
    async list(institutionId: number): Promise<RepresentativeList> {
      return { items: await repo.of(await institution(institutionId)) };
    },

    /** The institutions this person represents (empty for visitors). */
    async institutionsOf(actor: Actor | null): Promise<number[]> {
      return actor ? repo.institutionsOf(actor.id) : [];
    },

    /** True when the person is one of the institution's representatives. */
    async represents(actor: Actor | null, institutionId: number): Promise<boolean> {
      return actor !== null && (await repo.represents(actor.id, institutionId));
    },

    /** Site staff (editors, admins) act for every institution; a representative for their own. */
    async mayActFor(actor: Actor | null, institutionId: number): Promise<boolean> {
      if (!actor) return false;
      return actor.role === 'admin' || actor.role === 'editor' || (await repo.represents(actor.id, institutionId));
    },

    async add(actor: Actor | null, institutionId: number, userId: number): Promise<RepresentativeList> {
      const by = admin(actor);
      await institution(institutionId);
      if (!(await repo.userExists(userId))) throw new AppError('USER_NOT_FOUND', { field: 'userId' });
      if (await repo.add(institutionId, userId)) await changed(by, institutionId, userId, 'institution.representative.add');
      return { items: await repo.of(institutionId) };
    },

    async remove(actor: Actor | null, institutionId: number, userId: number): Promise<RepresentativeList> {
      const by = admin(actor);
      await institution(institutionId);
      if (await repo.remove(institutionId, userId)) await changed(by, institutionId, userId, 'institution.representative.remove');
      return { items: await repo.of(institutionId) };
    },
  };
}

export type RepresentativesService = ReturnType<typeof createRepresentativesService>;
