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
    async create(input: { slug: string; name: string; description: string; visibility: 'public' | 'private'; forum: { slug: string; name: string } }): Promise<Community> {
      const base = cleanSlug(input.slug);
      let slug = base;
      for (let n = 2; await repo.findBySlug(slug); n++) slug = `${base}-${n}`;
      const row = await repo.createManaged(
        { slug, name: cleanName(input.name), description: cleanDescription(input.description), visibility: input.visibility, joinPolicy: 'approval' },
        { slug: cleanSlug(input.forum.slug), name: cleanName(input.forum.name), description: '', position: 0 },
      );
      await bus.publish('community.created', { communityId: row.id });
      return toCommunity(row);
    },

    /** Makes someone an active member (or moderator). A ban the community's moderators decided stays. */
    async setMember(actorId: number, communityId: number, userId: number, role: 'member' | 'moderator'): Promise<void> {
      const current = await repo.membership(communityId, userId);
      if (current?.status === 'banned' || (current?.status === 'active' && current.role === role)) return;
      await repo.setMembership(communityId, userId, { role, status: 'active' });
      await bus.publish('community.membership.changed', { communityId, userId, status: 'active', previous: current?.status ?? 'none', actorId });
    },

    /** Takes someone out (a ban stays: the row is what keeps them out). */
    async removeMember(actorId: number, communityId: number, userId: number): Promise<void> {
      const current = await repo.membership(communityId, userId);
      if (!current || current.status === 'banned') return;
      await repo.removeMembership(communityId, userId);
      await bus.publish('community.membership.changed', { communityId, userId, status: 'none', previous: current.status, actorId });
    },

    /** Archives (read-only: every write is refused, see requireCanPost) or reopens it. */
    async setArchived(communityId: number, archived: boolean): Promise<void> {
      const row = await repo.findById(communityId);
      if (!row || !!row.archivedAt === archived) return;
      await repo.update(communityId, { archivedAt: archived ? new Date() : null });
      await bus.publish('community.updated', { communityId });
    },
  };
}

export type ManagedCommunities = ReturnType<typeof createManagedCommunities>;
