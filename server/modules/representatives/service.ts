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

  function institution(id: number): number {
    if (!repo.institutionExists(id)) throw new AppError('NOT_FOUND');
    return id;
  }

  function admin(actor: Actor | null): Actor {
    if (!actor) throw new AppError('UNAUTHENTICATED');
    if (!isAdmin(actor)) throw new AppError('FORBIDDEN');
    return actor;
  }

  function changed(actor: Actor, institutionId: number, userId: number, action: 'institution.representative.add' | 'institution.representative.remove') {
    bus.publish('institution.representatives.changed', { institutionId, userId });
    bus.publish('audit.action', { actorId: actor.id, action, communityId: null, targetType: 'institution', targetId: institutionId, reason: null });
  }

  return {
    list(institutionId: number): RepresentativeList {
      return { items: repo.of(institution(institutionId)) };
    },

    /** The institutions this person represents (empty for visitors). */
    institutionsOf(actor: Actor | null): number[] {
      return actor ? repo.institutionsOf(actor.id) : [];
    },

    /** True when the person is one of the institution's representatives. */
    represents(actor: Actor | null, institutionId: number): boolean {
      return actor !== null && repo.represents(actor.id, institutionId);
    },

    /** Site staff (editors, admins) act for every institution; a representative for their own. */
    mayActFor(actor: Actor | null, institutionId: number): boolean {
      if (!actor) return false;
      return actor.role === 'admin' || actor.role === 'editor' || repo.represents(actor.id, institutionId);
    },

    add(actor: Actor | null, institutionId: number, userId: number): RepresentativeList {
      const by = admin(actor);
      institution(institutionId);
      if (!repo.userExists(userId)) throw new AppError('USER_NOT_FOUND', { field: 'userId' });
      if (repo.add(institutionId, userId)) changed(by, institutionId, userId, 'institution.representative.add');
      return { items: repo.of(institutionId) };
    },

    remove(actor: Actor | null, institutionId: number, userId: number): RepresentativeList {
      const by = admin(actor);
      institution(institutionId);
      if (repo.remove(institutionId, userId)) changed(by, institutionId, userId, 'institution.representative.remove');
      return { items: repo.of(institutionId) };
    },
  };
}

export type RepresentativesService = ReturnType<typeof createRepresentativesService>;
