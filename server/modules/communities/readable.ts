import { eq, or, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { communities, communityMembers } from '../../../db/schema/index.ts';

/**
 * The SQL condition "the community of this row may be read by the viewer": public, or the
 * viewer is an active member. Admins see everything; callers leave the condition out for them.
 * Needs `communities` joined (or be the queried table).
 */
export function readableCommunity(communityId: SQLWrapper, viewerId: number | undefined): SQL | undefined {
  return or(
    eq(communities.visibility, 'public'),
    viewerId !== undefined
      ? sql`EXISTS (SELECT 1 FROM ${communityMembers} WHERE ${communityMembers.communityId} = ${communityId} AND ${communityMembers.userId} = ${viewerId} AND ${communityMembers.status} = 'active')`
      : undefined,
  );
}
