import type { NewsItemRow } from '../../../db/schema/index.ts';
import type { Actor } from '../auth/actor.ts';
import type { RepresentativesService } from '../representatives/service.ts';

/**
 * Who may publish and edit news: editors and admins for every institution, representatives for
 * their own (the representatives' `mayActFor` is the one rule); editors and admins edit and
 * unpublish any item, its author while they may still publish for its institution.
 */
export function newsPolicy(representatives: Pick<RepresentativesService, 'mayActFor' | 'institutionsOf'>) {
  const isStaff = (actor: Actor | null): boolean => !!actor && (actor.role === 'admin' || actor.role === 'editor');
  return {
    isStaff,
    async mayPublishAny(actor: Actor | null): Promise<boolean> {
      return isStaff(actor) || (await representatives.institutionsOf(actor)).length > 0;
    },
    async mayPublishFor(actor: Actor | null, institutionId: number): Promise<boolean> {
      return representatives.mayActFor(actor, institutionId);
    },
    async mayEdit(actor: Actor | null, item: Pick<NewsItemRow, 'authorId' | 'institutionId'>): Promise<boolean> {
      if (isStaff(actor)) return true;
      return !!actor && item.authorId === actor.id && item.institutionId !== null && (await representatives.mayActFor(actor, item.institutionId));
    },
  };
}
