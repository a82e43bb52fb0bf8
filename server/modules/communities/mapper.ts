import type { CommunityRow, ForumRow } from '../../../db/schema/index.ts';
import type { Community, Forum } from '../../../shared/schemas/communities.ts';

export function toCommunity(row: CommunityRow): Community {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    description: row.description,
    visibility: row.visibility,
    joinPolicy: row.joinPolicy,
    listed: row.visibility === 'private' && row.listed,
    memberCount: row.memberCount,
    lastActivityAt: row.lastActivityAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    ...(row.archivedAt ? { archived: true } : {}),
  };
}

export function toForum(row: ForumRow): Forum {
  return {
    id: row.id,
    communityId: row.communityId,
    slug: row.slug,
    name: row.name,
    description: row.description,
    position: row.position,
    threadCount: row.threadCount,
    postCount: row.postCount,
    lastPostAt: row.lastPostAt?.toISOString() ?? null,
  };
}
