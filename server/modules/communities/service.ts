import { AppError } from '../../lib/errors.ts';
import { DEFAULT_PAGE_SIZE, encodeCursor, readCursor } from '../../lib/cursor.ts';
import type { EventBus } from '../../lib/event-bus.ts';
import type {
  CommunityCreate,
  CommunityDetail,
  CommunityList,
  CommunityPatch,
  ForumCreate,
  ForumPatch,
  JoinResult,
  Member,
  MemberList,
  MembersQuery,
  MemberUpdate,
} from '../../../shared/schemas/communities.ts';
import type { Actor } from '../auth/actor.ts';
import { noAudit, type AuditTrail } from '../audit/index.ts';
import { canSanction } from '../moderation/policy.ts';
import { toUserCard } from '../users/mapper.ts';
import type { UsersRepository } from '../users/repository.ts';
import { createCommunityGate, requireCanModerate, requireMayLeave, type CommunityAccess } from './access.ts';
import { toCommunity, toForum } from './mapper.ts';
import { communityPolicy } from './policy.ts';
import type { CommunitiesRepository } from './repository.ts';
import { cleanDescription, cleanName, cleanSlug } from './rules.ts';


/** The log's name for a change of membership made by a moderator. */
function memberAction(before: { role: string; status: string } | undefined, after: { role: string; status: string } | null): string {
  if (!after) return before?.status === 'pending' ? 'member.decline' : 'member.remove';
  if (after.status === 'banned' && before?.status !== 'banned') return 'member.ban';
  if (before?.status === 'banned' && after.status !== 'banned') return 'member.unban';
  if (before?.status === 'pending' && after.status === 'active') return 'member.approve';
  if (before && before.role !== after.role) return 'member.role';
  return before ? 'member.update' : 'member.add';
}

/** What the lists here show of a member's reading (discussions owns it: its thread lists' very rules). */
export interface ReadStatePort {
  threadState(userId: number, threadIds: number[]): Promise<Map<number, { unread: number; isNew: boolean }>> | Map<number, { unread: number; isNew: boolean }>;
  forumCounts(
    userId: number,
    memberships: { communityId: number; joinedAt: Date }[],
  ): Promise<Map<number, { communityId: number; unread: number; new: number }>> | Map<number, { communityId: number; unread: number; new: number }>;
}

function readCounts(counts: { unread: number; new: number } | undefined) {
  return { unreadThreads: counts?.unread ?? 0, newThreads: counts?.new ?? 0 };
}

function sumByCommunity(byForum: Map<number, { communityId: number; unread: number; new: number }>): Map<number, { unread: number; new: number }> {
  const out = new Map<number, { unread: number; new: number }>();
  for (const c of byForum.values()) {
    const sum = out.get(c.communityId) ?? { unread: 0, new: 0 };
    out.set(c.communityId, { unread: sum.unread + c.unread, new: sum.new + c.new });
  }
  return out;
}

export function createCommunitiesService(deps: {
  communities: CommunitiesRepository;
  users: UsersRepository;
  bus: EventBus;
  audit?: AuditTrail;
  reads?: ReadStatePort;
  /** Who belongs in a community another area runs (an agreement's space); undefined for the others. */
  belonging?: (communityId: number, userId: number) => Promise<'member' | 'moderator' | null | undefined> | 'member' | 'moderator' | null | undefined;
}) {
  const { communities: repo, users, bus } = deps;
  const audit = deps.audit ?? noAudit;
  const memberEntry = (
    actor: Actor,
    communityId: number,
    userId: number,
    before: { role: string; status: string } | undefined,
    after: { role: string; status: string } | null,
    reason: string | undefined,
  ) => ({
    actorId: actor.id,
    action: memberAction(before, after),
    communityId,
    targetType: 'user',
    targetId: userId,
    reason: reason ?? null,
    before: before ? { role: before.role, status: before.status } : null,
    after,
    undoable: true,
  });
  const gate = createCommunityGate(repo);

  function permissions(actor: Actor | null, access: CommunityAccess) {
    return {
      canJoin: communityPolicy.canJoin(actor, access.membership),
      canPost: !access.community.archivedAt && communityPolicy.canPost(actor, access.membership),
      canModerate: communityPolicy.canModerate(actor, access.membership),
      canManageRoles: communityPolicy.canManageRoles(actor, access.community),
    };
  }

  async function memberOf(communityId: number, userId: number): Promise<Member> {
    const membership = await repo.membership(communityId, userId);
    const user = await users.findById(userId);
    if (!membership || !user) throw new AppError('MEMBER_NOT_FOUND');
    return { user: toUserCard(user), role: membership.role, status: membership.status, since: membership.createdAt.toISOString() };
  }

  function listingOnly(actor: Actor | null, access: CommunityAccess): CommunityDetail {
    const { membership } = access;
    return {
      community: toCommunity(access.community),
      forums: [],
      moderators: [],
      membership: membership ? { role: membership.role, status: membership.status } : null,
      permissions: { canJoin: communityPolicy.canJoin(actor, membership), canPost: false, canModerate: false, canManageRoles: false },
      recent: [],
      restricted: true,
    };
  }

  return {
    gate,

    async list(actor: Actor | null, query: { q?: string; cursor?: string; limit?: number }): Promise<CommunityList> {
      const limit = query.limit ?? DEFAULT_PAGE_SIZE;
      const after = readCursor(query.cursor, ['string', 'number']) as [string, number] | null;
      const rows = await repo.list({
        viewerId: actor?.id,
        q: query.q?.trim() || undefined,
        after,
        limit: limit + 1,
      });
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      // Counts only where the reader is an active member: nobody else's threads are "theirs".
      const memberships = page.flatMap((r) => (r.status === 'active' && r.memberSince ? [{ communityId: r.community.id, joinedAt: r.memberSince }] : []));
      const counts = actor && deps.reads && memberships.length ? sumByCommunity(await deps.reads.forumCounts(actor.id, memberships)) : null;
      return {
        items: page.map((r) => ({
          ...toCommunity(r.community),
          membership: r.role && r.status ? { role: r.role, status: r.status } : null,
          ...(counts && r.status === 'active' ? readCounts(counts.get(r.community.id)) : {}),
        })),
        nextCursor: rows.length > limit && last ? encodeCursor([last.community.name, last.community.id]) : null,
      };
    },

    async detail(actor: Actor | null, slug: string): Promise<CommunityDetail> {
      const { readable, ...access } = await gate.listing(actor, slug);
      const { community, membership } = access;
      // A listed private community seen from outside: its listing and "ask to join", nothing of its content.
      if (!readable) return listingOnly(actor, access);
      const moderators = (await users.findManyByIds(await repo.moderatorIds(community.id))).map(toUserCard);
      const member = actor && deps.reads && membership?.status === 'active' ? actor : null;
      const counts = member ? await deps.reads!.forumCounts(member.id, [{ communityId: community.id, joinedAt: membership!.createdAt }]) : null;
      const recent = await repo.recentThreads(community.id, 8);
      const states = actor && deps.reads ? await deps.reads.threadState(actor.id, recent.map((t) => t.id)) : null;
      return {
        community: toCommunity(community),
        forums: (await repo.forumsOf(community.id)).map((f) => (counts ? { ...toForum(f), ...readCounts(counts.get(f.id)) } : toForum(f))),
        moderators,
        membership: membership ? { role: membership.role, status: membership.status } : null,
        permissions: permissions(actor, access),
        recent: recent.map((t) => ({
          id: t.id,
          title: t.title,
          kind: t.kind,
          forumId: t.forumId,
          forumName: t.forumName,
          postCount: t.postCount,
          lastPostAt: t.lastPostAt.toISOString(),
          solved: t.acceptedPostId !== null,
          ...(states ? (states.get(t.id) ?? { unread: 0, isNew: false }) : {}),
        })),
      };
    },

    async create(actor: Actor | null, input: CommunityCreate) {
      if (!actor) throw new AppError('UNAUTHENTICATED');
      if (!communityPolicy.canCreateCommunity(actor)) throw new AppError('FORBIDDEN');
      const slug = cleanSlug(input.slug);
      const values = {
        slug,
        name: cleanName(input.name),
        description: cleanDescription(input.description),
        visibility: input.visibility,
        joinPolicy: input.joinPolicy,
        listed: input.visibility === 'private' && (input.listed ?? false),
        ownerId: actor.id,
      };
      if (await repo.findBySlug(slug)) throw new AppError('SLUG_TAKEN', { field: 'slug' });
      let row;
      try {
        row = await repo.create(values);
      } catch (error) {
        // Two creations raced past the check above: the unique slug decides.
        if (await repo.findBySlug(slug)) throw new AppError('SLUG_TAKEN', { field: 'slug' });
        throw error;
      }
      await bus.publish('community.created', { communityId: row.id });
      return toCommunity(row);
    },

    async update(actor: Actor | null, slug: string, patch: CommunityPatch) {
      const access = await gate.bySlug(actor, slug);
      if (!communityPolicy.canManageRoles(actor, access.community)) throw new AppError('FORBIDDEN');
      const values: Parameters<CommunitiesRepository['update']>[1] = {};
      if (patch.name !== undefined) values.name = cleanName(patch.name);
      if (patch.description !== undefined) values.description = cleanDescription(patch.description);
      if (patch.visibility !== undefined) values.visibility = patch.visibility;
      if (patch.joinPolicy !== undefined) values.joinPolicy = patch.joinPolicy;
      if (patch.listed !== undefined) values.listed = patch.listed;
      await repo.update(access.community.id, values);
      await bus.publish('community.updated', { communityId: access.community.id });
      return toCommunity((await repo.findById(access.community.id))!);
    },

    async join(actor: Actor | null, slug: string): Promise<JoinResult> {
      if (!actor) throw new AppError('UNAUTHENTICATED');
      // A listed private community takes requests from outsiders, whatever its join policy.
      const { community, membership, readable } = await gate.listing(actor, slug);
      if (membership?.status === 'banned') throw new AppError('BANNED_FROM_COMMUNITY');
      if (membership) return { status: membership.status };
      const status = community.joinPolicy === 'open' && (community.visibility === 'public' || readable) ? 'active' : 'pending';
      // Two joins at once: the membership is written once (the second changes nothing), announced once.
      if (!(await repo.joinOnce(community.id, actor.id, status))) return { status: (await repo.membership(community.id, actor.id))?.status ?? status };
      await bus.publish('community.membership.changed', { communityId: community.id, userId: actor.id, status, previous: 'none', actorId: actor.id });
      return { status };
    },

    /** A pending member takes back their request to join (404 when there is no pending request). */
    async withdrawRequest(actor: Actor | null, slug: string): Promise<JoinResult> {
      if (!actor) throw new AppError('UNAUTHENTICATED');
      const { community, membership } = await gate.listing(actor, slug);
      if (membership?.status !== 'pending') throw new AppError('JOIN_REQUEST_NOT_FOUND');
      await repo.removeMembership(community.id, actor.id);
      await bus.publish('community.membership.changed', { communityId: community.id, userId: actor.id, status: 'none', previous: 'pending', actorId: actor.id });
      return { status: 'none' };
    },

    /** Leaving keeps a ban in place: a banned person cannot erase it by leaving. */
    async leave(actor: Actor | null, slug: string): Promise<JoinResult> {
      if (!actor) throw new AppError('UNAUTHENTICATED');
      const access = await gate.bySlug(actor, slug);
      const { community, membership } = access;
      if (membership?.status === 'banned') return { status: 'banned' };
      requireMayLeave(access);
      if (membership) {
        await repo.removeMembership(community.id, actor.id);
        await bus.publish('community.membership.changed', {
          communityId: community.id,
          userId: actor.id,
          status: 'none',
          previous: membership.status,
          actorId: actor.id,
        });
      }
      return { status: 'none' };
    },

    async members(actor: Actor | null, slug: string, query: MembersQuery): Promise<MemberList> {
      const access = await gate.bySlug(actor, slug);
      const status = query.status ?? 'active';
      // Who asked to join and who is banned is the moderators' business.
      if (status !== 'active') requireCanModerate(actor, access);
      const limit = query.limit ?? 50;
      const after = readCursor(query.cursor, ['number']);
      const rows = await repo.members(access.community.id, {
        status,
        q: query.q?.trim() || undefined,
        afterUserId: (after?.[0] as number | undefined) ?? 0,
        limit: limit + 1,
      });
      const page = rows.slice(0, limit);
      const cards = new Map((await users.findManyByIds(page.map((r) => r.userId))).map((u) => [u.id, toUserCard(u)]));
      return {
        items: page.map((r) => ({ user: cards.get(r.userId)!, role: r.role, status: r.status, since: r.since.toISOString() })),
        nextCursor: rows.length > limit ? encodeCursor([page.at(-1)!.userId]) : null,
      };
    },

    /** Approve, ban or unban (moderators); grant or take the moderator role (admins, owner). */
    async updateMember(actor: Actor | null, slug: string, userId: number, change: MemberUpdate): Promise<Member> {
      const access = await gate.bySlug(actor, slug);
      requireCanModerate(actor, access);
      const { community } = access;
      const target = await users.findById(userId);
      if (!target) throw new AppError('USER_NOT_FOUND');
      const current = await repo.membership(community.id, userId);

      if (change.role !== undefined && change.role !== current?.role) {
        if (!communityPolicy.canManageRoles(actor, community)) throw new AppError('FORBIDDEN');
      }
      if (change.status === 'banned' && !(await canSanction(actor, target, { community, membership: current }))) throw new AppError('FORBIDDEN');
      // A managed community's members follow its area (an agreement's nominations): here, bans only,
      // and nobody made a member or moderator whom that area does not place there.
      const belongs = await deps.belonging?.(community.id, userId);
      if (belongs !== undefined && ((change.role !== undefined && change.role !== current?.role) || (change.status !== 'banned' && belongs === null))) {
        throw new AppError('FORBIDDEN');
      }
      if (!current && change.status === undefined && change.role === undefined) throw new AppError('MEMBER_NOT_FOUND');

      const next = {
        role: change.role ?? current?.role ?? 'member',
        status: change.status ?? current?.status ?? 'active',
      } as const;
      const stored = { ...next, role: next.status === 'banned' ? 'member' : next.role } as const;
      await audit.within([memberEntry(actor, community.id, userId, current, stored, change.reason)], () =>
        repo.setMembership(community.id, userId, stored),
      );
      await bus.publish('community.membership.changed', {
        communityId: community.id,
        userId,
        status: next.status,
        previous: current?.status ?? 'none',
        actorId: actor.id,
      });
      return memberOf(community.id, userId);
    },

    /** Declines a request to join, or removes a member (moderators). */
    async removeMember(actor: Actor | null, slug: string, userId: number, reason?: string): Promise<void> {
      const access = await gate.bySlug(actor, slug);
      requireCanModerate(actor, access);
      const current = await repo.membership(access.community.id, userId);
      if (!current) throw new AppError('MEMBER_NOT_FOUND');
      // Someone a managed community's area places there leaves through that area (or a ban).
      const belongs = await deps.belonging?.(access.community.id, userId);
      if (belongs !== undefined && belongs !== null) throw new AppError('FORBIDDEN');
      if (current.role === 'moderator' && !communityPolicy.canManageRoles(actor, access.community)) {
        throw new AppError('FORBIDDEN');
      }
      await audit.within([memberEntry(actor, access.community.id, userId, current, null, reason)], () =>
        repo.removeMembership(access.community.id, userId),
      );
      await bus.publish('community.membership.changed', {
        communityId: access.community.id,
        userId,
        status: 'none',
        previous: current.status,
        actorId: actor.id,
      });
    },

    async createForum(actor: Actor | null, slug: string, input: ForumCreate) {
      const access = await gate.bySlug(actor, slug);
      requireCanModerate(actor, access);
      const forumSlug = cleanSlug(input.slug);
      const name = cleanName(input.name);
      const description = cleanDescription(input.description ?? '');
      if (await repo.forumSlugTaken(access.community.id, forumSlug)) throw new AppError('SLUG_TAKEN', { field: 'slug' });
      const row = await repo.insertForum({
        communityId: access.community.id,
        slug: forumSlug,
        name,
        description,
        position: await repo.nextForumPosition(access.community.id),
      });
      return toForum(row);
    },

    async updateForum(actor: Actor | null, forumId: number, patch: ForumPatch) {
      const access = await gate.forum(actor, forumId);
      requireCanModerate(actor, access);
      const values: Parameters<CommunitiesRepository['updateForum']>[1] = {};
      if (patch.name !== undefined) values.name = cleanName(patch.name);
      if (patch.description !== undefined) values.description = cleanDescription(patch.description);
      if (patch.position !== undefined) values.position = patch.position;
      if (Object.keys(values).length === 0) return toForum(access.forum);
      const updated = await repo.updateForum(forumId, values);
      await bus.publish('forum.updated', { forumId });
      return toForum(updated);
    },

    async reorderForums(actor: Actor | null, slug: string, forumIds: number[]) {
      const access = await gate.bySlug(actor, slug);
      requireCanModerate(actor, access);
      const existing = (await repo.forumsOf(access.community.id)).map((f) => f.id);
      const same = forumIds.length === existing.length && new Set(forumIds).size === forumIds.length && forumIds.every((id) => existing.includes(id));
      if (!same) throw new AppError('FORUM_ORDER_INVALID', { field: 'forumIds' });
      await repo.reorderForums(access.community.id, forumIds);
      return (await repo.forumsOf(access.community.id)).map(toForum);
    },
  };
}

export type CommunitiesService = ReturnType<typeof createCommunitiesService>;
