import type { Community } from '../../../shared/schemas/communities.ts';
import type { EventBus } from '../../lib/event-bus.ts';
import { toCommunity } from './mapper.ts';
import type { CommunitiesRepository } from './repository.ts';
import { cleanDescription, cleanName, cleanSlug } from './rules.ts';

/**
 * Communities another area runs (an agreement's space): that area checks its own rule first,
 * then asks here to create the community, keep its members in step and archive it. The
 * communities area still owns the tables and publishes the same events as for its own writes.
 */
/**
 * Whom a managed community's owner area says belongs in it: a role, null (not one of its people),
 * or undefined when the community is not that area's.
 */
export type MembershipRule = (
  communityId: number,
  userId: number,
) => 'member' | 'moderator' | null | undefined | Promise<'member' | 'moderator' | null | undefined>;

export function createManagedCommunities(repo: CommunitiesRepository, bus: EventBus) {
  const rules: MembershipRule[] = [];
  return {
    /** An area that runs communities says who belongs in them (its rule, asked first by every membership change). */
    membershipFollows(rule: MembershipRule): void {
      rules.push(rule);
    },

    /** Who belongs in a managed community by its area's rule; undefined for the communities nobody else runs. */
    async belonging(communityId: number, userId: number): Promise<'member' | 'moderator' | null | undefined> {
      for (const rule of rules) {
        const role = await rule(communityId, userId);
        if (role !== undefined) return role;
      }
      return undefined;
    },

    /** The community (no owner, approval join policy) with its first forum; the slug gets a number when taken. */
    create(input: { slug: string; name: string; description: string; visibility: 'public' | 'private'; forum: { slug: string; name: string } }): Community {
      const base = cleanSlug(input.slug);
      let slug = base;
      for (let n = 2; repo.findBySlug(slug); n++) slug = `${base}-${n}`;
      const row = repo.createManaged(
        { slug, name: cleanName(input.name), description: cleanDescription(input.description), visibility: input.visibility, joinPolicy: 'approval' },
        { slug: cleanSlug(input.forum.slug), name: cleanName(input.forum.name), description: '', position: 0 },
      );
      bus.publish('community.created', { communityId: row.id });
      return toCommunity(row);
    },

    /** Makes someone an active member (or moderator). A ban the community's moderators decided stays. */
    setMember(actorId: number, communityId: number, userId: number, role: 'member' | 'moderator'): void {
      const current = repo.membership(communityId, userId);
      if (current?.status === 'banned' || (current?.status === 'active' && current.role === role)) return;
      repo.setMembership(communityId, userId, { role, status: 'active' });
      bus.publish('community.membership.changed', { communityId, userId, status: 'active', previous: current?.status ?? 'none', actorId });
    },

    /** Takes someone out (a ban stays: the row is what keeps them out). */
    removeMember(actorId: number, communityId: number, userId: number): void {
      const current = repo.membership(communityId, userId);
      if (!current || current.status === 'banned') return;
      repo.removeMembership(communityId, userId);
      bus.publish('community.membership.changed', { communityId, userId, status: 'none', previous: current.status, actorId });
    },

    /** Archives (read-only: every write is refused, see requireCanPost) or reopens it. */
    setArchived(communityId: number, archived: boolean): void {
      const row = repo.findById(communityId);
      if (!row || !!row.archivedAt === archived) return;
      repo.update(communityId, { archivedAt: archived ? new Date() : null });
      bus.publish('community.updated', { communityId });
    },
  };
}

export type ManagedCommunities = ReturnType<typeof createManagedCommunities>;
