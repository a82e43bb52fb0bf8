import { AppError } from '../../lib/errors.ts';
import type { MarkAllReadResponse } from '../../../shared/schemas/discussions.ts';
import type { Actor } from '../auth/actor.ts';
import type { CommunityAccess } from '../communities/access.ts';
import type { DiscussionsContext } from './context.ts';
import { canModerateThreads } from './policy.ts';

/**
 * "Mark all read" for a forum or a community: through the same gate as their thread lists (a
 * place the reader may not see is a 404), every thread that counts for them read to its end.
 */
export function createReadMarking(ctx: DiscussionsContext) {
  const { gate, reads, users, bus } = ctx;

  /** When "new" starts for the reader here: joining the community, or (outside it) their account. */
  function joinedAt(actor: Actor, access: CommunityAccess): Date {
    if (access.membership?.status === 'active') return access.membership.createdAt;
    return users.findById(actor.id)?.createdAt ?? new Date(0);
  }

  function markAll(actor: Actor, access: CommunityAccess, forumId?: number): MarkAllReadResponse {
    const communityId = access.community.id;
    const includeHidden = canModerateThreads(actor, access.membership);
    const moved = reads.markAllRead(actor.id, { communityId, forumId, joinedAt: joinedAt(actor, access), includeHidden });
    if (moved.length) bus.publish('reads.changed', { userId: actor.id, communityId, forumId });
    return { marked: moved.length };
  }

  return {
    markForumRead(actor: Actor | null, forumId: number): MarkAllReadResponse {
      if (!actor) throw new AppError('UNAUTHENTICATED');
      return markAll(actor, gate.forum(actor, forumId), forumId);
    },

    markCommunityRead(actor: Actor | null, slug: string): MarkAllReadResponse {
      if (!actor) throw new AppError('UNAUTHENTICATED');
      return markAll(actor, gate.bySlug(actor, slug));
    },
  };
}
