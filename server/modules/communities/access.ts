import type { CommunityRow, ForumRow } from '../../../db/schema/index.ts';
import { AppError } from '../../lib/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { communityPolicy } from './policy.ts';
import type { CommunitiesRepository, Membership } from './repository.ts';

export interface CommunityAccess {
  community: CommunityRow;
  membership: Membership | undefined;
}

/**
 * Loads a community (or forum) together with the actor's membership, and answers 404 when
 * the actor may not see it: a private community looks exactly like one that does not exist.
 */
export function createCommunityGate(repo: CommunitiesRepository) {
  function decide(actor: Actor | null, community: CommunityRow | undefined, membership: Membership | undefined, notFound: AppError['code']): CommunityAccess {
    if (!community || !communityPolicy.canSee(actor, community, membership)) throw new AppError(notFound);
    return { community, membership };
  }

  async function gate(actor: Actor | null, community: CommunityRow | undefined, notFound: AppError['code']): Promise<CommunityAccess> {
    if (!community) throw new AppError(notFound);
    return decide(actor, community, await repo.membership(community.id, actor?.id), notFound);
  }

  /**
   * By id, the community and the actor's membership are read side by side: on PostgreSQL one
   * round trip instead of two on every signed-in read and write.
   */
  async function byId(actor: Actor | null, id: number, notFound: AppError['code']): Promise<CommunityAccess> {
    const [community, membership] = await Promise.all([repo.findById(id), repo.membership(id, actor?.id)]);
    return decide(actor, community, membership, notFound);
  }

  return {
    /**
     * The community's listing: readable ones, and listed private ones for everyone (then
     * `readable` is false and only the listing and joining may follow). 404 otherwise.
     */
    async listing(actor: Actor | null, slug: string): Promise<CommunityAccess & { readable: boolean }> {
      const community = await repo.findBySlug(slug);
      if (!community) throw new AppError('COMMUNITY_NOT_FOUND');
      const membership = await repo.membership(community.id, actor?.id);
      if (!communityPolicy.canSeeListing(actor, community, membership)) throw new AppError('COMMUNITY_NOT_FOUND');
      return { community, membership, readable: communityPolicy.canSee(actor, community, membership) };
    },
    bySlug: async (actor: Actor | null, slug: string): Promise<CommunityAccess> => gate(actor, await repo.findBySlug(slug), 'COMMUNITY_NOT_FOUND'),
    byId: (actor: Actor | null, id: number, notFound: AppError['code'] = 'COMMUNITY_NOT_FOUND'): Promise<CommunityAccess> => byId(actor, id, notFound),
    /** A community already read (with a thread, in one statement): only the membership is asked. */
    of: (actor: Actor | null, community: CommunityRow, notFound: AppError['code']): Promise<CommunityAccess> => gate(actor, community, notFound),
    async forum(actor: Actor | null, forumId: number): Promise<CommunityAccess & { forum: ForumRow }> {
      const forum = await repo.findForum(forumId);
      if (!forum) throw new AppError('FORUM_NOT_FOUND');
      return { ...(await byId(actor, forum.communityId, 'FORUM_NOT_FOUND')), forum };
    },
  };
}

export type CommunityGate = ReturnType<typeof createCommunityGate>;

const day = (date: Date) => date.toISOString().slice(0, 10);

/**
 * The write check with the reason a person can act on. Every write path (REST, sockets, live
 * workshops) asks here, so a sanction takes effect everywhere at once.
 */
export function requireCanPost(actor: Actor | null, access: CommunityAccess): asserts actor is Actor {
  if (!actor) throw new AppError('UNAUTHENTICATED');
  // An archived community (an ended agreement's space) stays readable and takes no writes.
  if (access.community.archivedAt) throw new AppError('COMMUNITY_ARCHIVED');
  const sanction = activeSanction(access.membership);
  if (sanction?.kind === 'suspended') throw new AppError('ACCOUNT_SUSPENDED', { params: { until: day(sanction.until) } });
  if (communityPolicy.canPost(actor, access.membership)) {
    if (sanction?.kind === 'silenced') throw new AppError('SILENCED_IN_COMMUNITY', { params: { until: day(sanction.until) } });
    return;
  }
  if (access.membership?.status === 'banned') throw new AppError('BANNED_FROM_COMMUNITY');
  if (access.membership?.status === 'pending') throw new AppError('MEMBERSHIP_PENDING');
  throw new AppError('NOT_A_MEMBER');
}

/**
 * Leaving ends a membership and everything on it: a silence still running would end with it
 * (leave, join again, write), so a silenced member stays until it ends. A ban survives leaving
 * on its own (the service keeps the row).
 */
export function requireMayLeave(access: CommunityAccess): void {
  const until = access.membership?.silencedUntil;
  if (until && until.getTime() > Date.now()) throw new AppError('LEAVE_WHILE_SILENCED', { params: { until: day(until) } });
}

/** A suspension (site-wide) or a silence (in this community) still running, if any. */
export function activeSanction(
  membership: Pick<Membership, 'silencedUntil' | 'suspendedUntil'> | null | undefined,
  now = Date.now(),
): { kind: 'suspended' | 'silenced'; until: Date } | null {
  if (membership?.suspendedUntil && membership.suspendedUntil.getTime() > now) return { kind: 'suspended', until: membership.suspendedUntil };
  if (membership?.silencedUntil && membership.silencedUntil.getTime() > now) return { kind: 'silenced', until: membership.silencedUntil };
  return null;
}

export function requireCanModerate(actor: Actor | null, access: CommunityAccess): asserts actor is Actor {
  if (!actor) throw new AppError('UNAUTHENTICATED');
  if (!communityPolicy.canModerate(actor, access.membership)) throw new AppError('FORBIDDEN');
}
