import { eq, inArray, sql } from 'drizzle-orm';
import { changed } from '../../../db/access.ts';
import type { Db } from '../../../db/client.ts';
import { communities, communityMembers } from '../../../db/schema/index.ts';

/**
 * An erased member leaves every community (their moderator roles and bans go with the
 * memberships; the member counts follow); communities they created keep going without an owner.
 */
export async function eraseCommunityRows(db: Db, userId: number): Promise<Record<string, number>> {
  const joined = (await db.select({ id: communityMembers.communityId }).from(communityMembers).where(eq(communityMembers.userId, userId))).map((r) => r.id);
  const memberships = changed(await db.delete(communityMembers).where(eq(communityMembers.userId, userId)));
  if (joined.length) {
    await db
      .update(communities)
      .set({ memberCount: sql`(SELECT count(*) FROM ${communityMembers} WHERE ${communityMembers.communityId} = ${communities.id} AND ${communityMembers.status} = 'active')` })
      .where(inArray(communities.id, joined));
  }
  const owned = changed(await db.update(communities).set({ ownerId: null }).where(eq(communities.ownerId, userId)));
  return { community_members: memberships, communities_owner: owned };
}
