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
  async function joinedAt(actor: Actor, access: CommunityAccess): Promise<Date> {
    if (access.membership?.status === 'active') return access.membership.createdAt;
    return (await users.findById(actor.id))?.createdAt ?? new Date(0);
  }

  async function markAll(actor: Actor, access: CommunityAccess, forumId?: number): Promise<MarkAllReadResponse> {
    const communityId = access.community.id;
    const includeHidden = canModerateThreads(actor, access.membership);
    const moved = await reads.markAllRead(actor.id, { communityId, forumId, joinedAt: await joinedAt(actor, access), includeHidden });
    if (moved.length) await bus.publish('reads.changed', { userId: actor.id, communityId, forumId });
    return { marked: moved.length };
  }

  return {
    async markForumRead(actor: Actor | null, forumId: number): Promise<MarkAllReadResponse> {
      if (!actor) throw new AppError('UNAUTHENTICATED');
      return markAll(actor, await gate.forum(actor, forumId), forumId);
    },

    async markCommunityRead(actor: Actor | null, slug: string): Promise<MarkAllReadResponse> {
      if (!actor) throw new AppError('UNAUTHENTICATED');
      return markAll(actor, await gate.bySlug(actor, slug));
    },
  };
}
