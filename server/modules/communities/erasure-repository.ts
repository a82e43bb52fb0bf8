import { eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { communities, communityMembers } from '../../../db/schema/index.ts';

/**
 * An erased member leaves every community (their moderator roles and bans go with the
 * memberships; the member counts follow); communities they created keep going without an owner.
 */
export function eraseCommunityRows(db: Db, userId: number): Record<string, number> {
  const joined = db.select({ id: communityMembers.communityId }).from(communityMembers).where(eq(communityMembers.userId, userId)).all().map((r) => r.id);
  const memberships = db.delete(communityMembers).where(eq(communityMembers.userId, userId)).run().changes;
  if (joined.length) {
    db.update(communities)
      .set({ memberCount: sql`(SELECT count(*) FROM ${communityMembers} WHERE ${communityMembers.communityId} = ${communities.id} AND ${communityMembers.status} = 'active')` })
      .where(inArray(communities.id, joined))
      .run();
  }
  const owned = db.update(communities).set({ ownerId: null }).where(eq(communities.ownerId, userId)).run().changes;
  return { community_members: memberships, communities_owner: owned };
}
