import type { CommunityMemberRow, CommunityRow } from '../../../db/schema/index.ts';
import type { Role } from '../../../shared/permissions.ts';
import type { Actor } from '../auth/actor.ts';
import { communityPolicy } from '../communities/policy.ts';

type Membership = Pick<CommunityMemberRow, 'role' | 'status'> | null | undefined;

/**
 * Who may sanction whom (warn, silence, ban, suspend, delete as spammer, and the undo of any
 * of these): nobody sanctions themselves or an admin; a community's active moderator is
 * sanctioned there only by who may manage its roles (admins and the owner). The one copy of
 * this rule: the members page, the queue, the sanctions and the undo all ask it.
 */
export function canSanction(
  actor: Actor,
  target: { id: number; role: Role },
  /** Where the sanction applies, for a community sanction; absent for a site-wide one. */
  community?: { community: Pick<CommunityRow, 'visibility' | 'ownerId'>; membership: Membership },
): boolean {
  if (target.id === actor.id || target.role === 'admin') return false;
  const membership = community?.membership;
  if (community && membership?.role === 'moderator' && membership.status === 'active') {
    return communityPolicy.canManageRoles(actor, community.community);
  }
  return true;
}

/**
 * Staff, as in Discourse: site admins and the moderators of any community. Staff are exempt
 * from the new-account limits and the posting rate limits (they are not exempt from sanctions:
 * a silenced or suspended moderator cannot write).
 */
export async function isStaff(actor: Pick<Actor, 'id' | 'role'>, moderatesSomewhere: (userId: number) => boolean | Promise<boolean>): Promise<boolean> {
  return actor.role === 'admin' || (await moderatesSomewhere(actor.id));
}
