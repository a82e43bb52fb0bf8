import type { CommunityMemberRow, CommunityRow } from '../../../db/schema/index.ts';
import type { Actor } from '../auth/actor.ts';

type Community = Pick<CommunityRow, 'visibility' | 'ownerId'> & Partial<Pick<CommunityRow, 'listed'>>;
type Membership = Pick<CommunityMemberRow, 'role' | 'status'> | null | undefined;

const isAdmin = (actor: Actor | null) => actor?.role === 'admin';
const isActive = (membership: Membership) => membership?.status === 'active';

/**
 * Who may do what in a community. Every service method asks one of these first, so the REST
 * routes, sockets, search and notifications can never disagree.
 */
export const communityPolicy = {
  /** A private community exists only for its active members and admins. */
  canSee(actor: Actor | null, community: Community, membership: Membership): boolean {
    return community.visibility === 'public' || isAdmin(actor) || isActive(membership);
  },

  /**
   * The listing only (name, description, member count, "ask to join"): whoever may read it, and
   * everyone for a listed private community. Its content still asks `canSee`.
   */
  canSeeListing(actor: Actor | null, community: Community, membership: Membership): boolean {
    return community.listed === true || communityPolicy.canSee(actor, community, membership);
  },

  canJoin(actor: Actor | null, membership: Membership): boolean {
    return !!actor && (!membership || membership.status === 'pending') && membership?.status !== 'banned';
  },

  /** Writing needs active membership; admins write anywhere. */
  canPost(actor: Actor | null, membership: Membership): boolean {
    return !!actor && (isAdmin(actor) || isActive(membership));
  },

  canModerate(actor: Actor | null, membership: Membership): boolean {
    return !!actor && (isAdmin(actor) || (isActive(membership) && membership?.role === 'moderator'));
  },

  /** The moderator role is granted by admins and by the community's owner. */
  canManageRoles(actor: Actor | null, community: Community): boolean {
    return !!actor && (isAdmin(actor) || community.ownerId === actor.id);
  },

  canCreateCommunity(actor: Actor | null): boolean {
    return isAdmin(actor);
  },
};

/** Why someone cannot write here, for the message beside the reply box. */
export function writeBlockedReason(
  actor: Actor | null,
  membership: Membership,
): 'anonymous' | 'banned' | 'pending' | 'not_member' | 'silenced' | 'suspended' | null {
  if (!actor) return 'anonymous';
  const now = Date.now();
  const sanctions = membership as { silencedUntil?: Date | null; suspendedUntil?: Date | null } | null | undefined;
  if (sanctions?.suspendedUntil && sanctions.suspendedUntil.getTime() > now) return 'suspended';
  if (isAdmin(actor) || isActive(membership)) {
    return sanctions?.silencedUntil && sanctions.silencedUntil.getTime() > now ? 'silenced' : null;
  }
  if (membership?.status === 'banned') return 'banned';
  if (membership?.status === 'pending') return 'pending';
  return 'not_member';
}
