import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core';
import { communities, communityMembers, users } from '../../../db/schema/index.ts';

/** Who reads: a user id (a number, or a bound parameter); nobody (anonymous) when absent. */
export type Viewer = number | SQLWrapper | null | undefined;

/**
 * THE SQL condition "the community of this row may be read by the viewer": public, or the
 * viewer is an active member, or the viewer is an admin. It is the SQL twin of
 * `communityPolicy.canSee` (one item in hand), and every list that filters by who may read
 * asks here: communities, workshops, notifications, backlinks, search. Admins' bypass is
 * decided here too (callers never leave the condition out for them).
 *
 * Needs `communities` joined on `communityId` (or be the queried table).
 */
export function readableCommunity(communityId: SQLWrapper, viewer: Viewer): SQL {
  const isPublic = sql`${communities.visibility} = 'public'`;
  if (viewer === undefined || viewer === null) return isPublic;
  return sql`(${isPublic}
    OR EXISTS (SELECT 1 FROM ${communityMembers} WHERE ${communityMembers.communityId} = ${communityId}
               AND ${communityMembers.userId} = ${viewer} AND ${communityMembers.status} = 'active')
    OR EXISTS (SELECT 1 FROM ${users} WHERE ${users.id} = ${viewer} AND ${users.role} = 'admin'))`;
}

/**
 * THE SQL condition "the viewer may see this community's LISTING" (name, description, member
 * count; never its forums, threads or members): readable (above), or a private community that
 * chose to be listed. The SQL twin of `communityPolicy.canSeeListing`: the communities list and
 * the sitemap ask here; everything about content keeps asking `readableCommunity`.
 */
export function listedCommunity(communityId: SQLWrapper, viewer: Viewer): SQL {
  return sql`(${communities.listed} = 1 OR ${readableCommunity(communityId, viewer)})`;
}

/**
 * The same condition as the text of a raw prepared statement, for code that runs on the
 * SQLite handle directly (search): the ids of the communities the viewer may read, with the
 * viewer bound as the named parameter `@viewer` (null when anonymous).
 */
export const READABLE_COMMUNITY_IDS_SQL: string = new SQLiteSyncDialect().sqlToQuery(
  sql`SELECT ${communities.id} FROM ${communities} WHERE ${readableCommunity(communities.id, sql.raw('@viewer'))}`,
).sql;
