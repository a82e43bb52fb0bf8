import type { CommunityRow, WorkshopRow } from '../../../db/schema/index.ts';
import type { Workshop } from '../../../shared/schemas/workshops.ts';
import type { EventBus } from '../../lib/event-bus.ts';
import { AppError } from '../../lib/errors.ts';
import { cook, MarkdownTooComplexError, type Cooked, type LinkRef, type ResolvedLink } from '../../lib/markdown.ts';
import type { Actor } from '../auth/actor.ts';
import type { CommunityGate } from '../communities/access.ts';
import { communityPolicy } from '../communities/policy.ts';
import type { CommunitiesRepository } from '../communities/repository.ts';
import type { LinksRepository } from '../links/repository.ts';
import type { UsersRepository } from '../users/repository.ts';
import { toRoom, toWorkshop } from './mapper.ts';
import { roomStateOf, workshopPolicy, type WorkshopAccess } from './policy.ts';
import type { WorkshopsRepository } from './repository.ts';

export interface WorkshopDeps {
  workshops: WorkshopsRepository;
  communities: CommunitiesRepository;
  users: UsersRepository;
  links: LinksRepository;
  gate: CommunityGate;
  bus: EventBus;
  /** The clock (tests move it). */
  now?: () => Date;
}

/** What the workshops' services share: loading with permission, presenting, cooking, auditing. */
export function createWorkshopContext(deps: WorkshopDeps) {
  const { workshops: repo, gate, bus } = deps;
  const now = deps.now ?? (() => new Date());
  /**
   * The cooker asks its questions synchronously: a first pass only collects them (mentions,
   * typed links), they are answered from the database, and a second pass cooks with the answers.
   */
  async function cookWithLookups(source: string): Promise<Cooked> {
    let candidates: string[] = [];
    let refs: LinkRef[] = [];
    cook(source, {
      existingUsernames: (asked) => ((candidates = asked), new Set()),
      resolveLinks: (asked) => ((refs = asked), []),
    });
    const existing = candidates.length ? new Set<string>((await deps.users.idsByUsernames(candidates)).keys()) : new Set<string>();
    const resolved: ResolvedLink[] = refs.length ? await deps.links.resolve(refs) : [];
    return cook(source, { existingUsernames: () => existing, resolveLinks: () => resolved });
  }

  /**
   * The workshop with the reader's standing; 404 exactly like a missing id when its community
   * is out of sight. A host who is not a member of the community (an invited specialist) sees
   * their own workshop even in a private community, and writes in it as a member would, under
   * the same site-wide sanctions; the rest of the community stays out of their sight.
   */
  async function access(actor: Actor | null, workshopId: number): Promise<WorkshopAccess> {
    const workshop = await repo.findById(workshopId);
    if (!workshop) throw new AppError('WORKSHOP_NOT_FOUND');
    const isHost = !!actor && (await repo.isHost(workshop.id, actor.id));
    const own = isHost ? await deps.communities.membership(workshop.communityId, actor.id) : undefined;
    if (actor && workshopPolicy.readsAsInvitedHost(isHost, own)) {
      const community = await deps.communities.findById(workshop.communityId);
      if (!community) throw new AppError('WORKSHOP_NOT_FOUND');
      const standing = { role: 'member' as const, status: 'active' as const, createdAt: new Date(0), silencedUntil: null, suspendedUntil: await repo.suspendedUntil(actor.id) };
      return { community, membership: standing, workshop, isHost };
    }
    const { community, membership } = await gate.byId(actor, workshop.communityId, 'WORKSHOP_NOT_FOUND');
    return { community, membership, workshop, isHost };
  }

  async function cookSafely(source: string, field = 'body'): Promise<Cooked> {
    try {
      return await cookWithLookups(source);
    } catch (error) {
      if (error instanceof MarkdownTooComplexError) throw new AppError('BODY_TOO_COMPLEX', { field });
      throw error;
    }
  }

  async function room(row: WorkshopRow) {
    const pinned = row.pinnedMessageId !== null ? await repo.findMessage(row.pinnedMessageId) : undefined;
    return toRoom(row, pinned, now());
  }

  /** Workshops as a reader sees them: hosts in one query, memberships once per community. */
  async function present(rows: WorkshopRow[], actor: Actor | null, known?: WorkshopAccess): Promise<Workshop[]> {
    const ids = rows.map((r) => r.id);
    const hosts = await repo.hostsOf(ids);
    const registered = await repo.registeredAmong(ids, actor?.id);
    const standing = new Map<number, { community: CommunityRow; canPost: boolean; canModerate: boolean }>();
    const at = now();
    const out: Workshop[] = [];
    for (const row of rows) {
      let community = standing.get(row.communityId);
      if (!community) {
        const found = known?.community.id === row.communityId ? known.community : (await deps.communities.findById(row.communityId))!;
        const membership = known?.community.id === row.communityId ? known.membership : await deps.communities.membership(row.communityId, actor?.id);
        community = {
          community: found,
          canPost: communityPolicy.canPost(actor, membership),
          canModerate: communityPolicy.canModerate(actor, membership),
        };
        standing.set(row.communityId, community);
      }
      const rowHosts = hosts.get(row.id) ?? [];
      const isHost = !!actor && rowHosts.some((h) => h.id === actor.id);
      const controls = isHost || community.canModerate;
      const mayChat = roomStateOf(row, at) === 'open' && !!actor && (controls || community.canPost);
      out.push(
        toWorkshop(row, {
          community: community.community,
          hosts: rowHosts,
          room: await room(row),
          now: at,
          viewer: {
            registered: registered.has(row.id),
            isHost,
            canControl: controls,
            canChat: mayChat && !(actor && !controls && (await repo.isMuted(row.id, actor.id))),
          },
        }),
      );
    }
    return out;
  }

  async function presentOne(row: WorkshopRow, actor: Actor | null, known?: WorkshopAccess): Promise<Workshop> {
    return (await present([row], actor, known))[0]!;
  }

  /** Host actions reach the audit log (whoever keeps it subscribes). */
  async function audit(actor: Actor, workshopAccess: WorkshopAccess, action: string, targetType: string, targetId: number, reason: string | null = null): Promise<void> {
    await bus.publish('audit.action', { actorId: actor.id, action, communityId: workshopAccess.community.id, targetType, targetId, reason });
  }

  return { repo, bus, now, access, cookSafely, room, present, presentOne, audit };
}

export type WorkshopContext = ReturnType<typeof createWorkshopContext>;
