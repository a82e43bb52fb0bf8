import type { CommunityRow } from '../../../db/schema/index.ts';
import type { Actor } from '../auth/actor.ts';
import { communityPolicy } from '../communities/policy.ts';

export type ActivityScope = 'all' | 'public';

/**
 * Who sees which part of the network's activity: admins and editors all of it, private
 * communities included; everyone else the public subset — what the community rule lets nobody
 * in particular see (the same rule as the SQL condition the rollup queries use).
 */
export const activityPolicy = {
  scopeOf(actor: Actor | null): ActivityScope {
    return actor?.role === 'admin' || actor?.role === 'editor' ? 'all' : 'public';
  },

  canSeeCommunity(scope: ActivityScope, community: Pick<CommunityRow, 'visibility' | 'ownerId'>): boolean {
    return scope === 'all' || communityPolicy.canSee(null, community, null);
  },
};
