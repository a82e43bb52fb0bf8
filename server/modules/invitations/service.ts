import { createHash, randomBytes } from 'node:crypto';
import type { CommunityInvitationRow, CommunityRow } from '../../../db/schema/index.ts';
import type { Locale } from '../../../shared/i18n/index.ts';
import {
  INVITATION_DEFAULT_DAYS,
  INVITATION_MAX_DAYS,
  type Invitation,
  type InvitationAccepted,
  type InvitationCreate,
  type InvitationCreated,
  type InvitationList,
  type InvitationPreview,
  type InvitationsQuery,
  type InvitationState,
} from '../../../shared/schemas/invitations.ts';
import { DEFAULT_PAGE_SIZE, encodeCursor, readCursor } from '../../lib/cursor.ts';
import { AppError } from '../../lib/errors.ts';
import type { EventBus } from '../../lib/event-bus.ts';
import type { Actor } from '../auth/actor.ts';
import { normalizeEmail } from '../auth/rules.ts';
import type { AuditTrail } from '../audit/index.ts';
import { requireCanModerate, type CommunityGate } from '../communities/access.ts';
import type { Admission } from '../communities/admission.ts';
import { toCommunity } from '../communities/mapper.ts';
import { communityPolicy } from '../communities/policy.ts';
import type { CommunitiesRepository } from '../communities/repository.ts';
import type { Outbox } from '../mail/outbox.ts';
import { toUserCard } from '../users/mapper.ts';
import type { UsersRepository } from '../users/repository.ts';
import type { InvitationsRepository } from './repository.ts';

const DAY_MS = 86_400_000;
/** Invitations mailed on one person's word, per hour: a moderator's account cannot become a mailing cannon. */
export const MAILED_PER_HOUR = 30;
export const INVITE_PAGE_PATH = '/invite/';

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/** Whether an invitation can still be used, and if not why. */
export function stateOf(row: CommunityInvitationRow, at: Date): InvitationState {
  if (row.revokedAt) return 'revoked';
  if (row.expiresAt.getTime() <= at.getTime()) return 'expired';
  if (row.maxUses !== null && row.uses >= row.maxUses) return 'used_up';
  return 'active';
}

const GONE = { expired: 'INVITATION_EXPIRED', revoked: 'INVITATION_REVOKED', used_up: 'INVITATION_USED_UP' } as const;

/**
 * Invitations into a community: made, listed and revoked by its moderators; the link's token is
 * the capability (only its hash is kept). Accepting joins as an active member while the inviter
 * still moderates there, else files a request to join (a former moderator's links admit nobody
 * by themselves). An invitation to an email address is mailed there and only the account whose
 * VERIFIED address it is may accept it.
 */
export function createInvitationsService(deps: {
  repo: InvitationsRepository;
  gate: CommunityGate;
  communities: CommunitiesRepository;
  users: UsersRepository;
  admission: Admission;
  /** Who belongs in a community another area runs: its members follow that area, so no invitations there. */
  belonging: (communityId: number, userId: number) => 'member' | 'moderator' | null | undefined | Promise<'member' | 'moderator' | null | undefined>;
  audit: AuditTrail;
  outbox: Outbox;
  bus: EventBus;
  now?: () => Date;
}) {
  const { repo, gate, communities, users, admission, audit, outbox, bus } = deps;
  const now = deps.now ?? (() => new Date());

  const urlOf = (token: string) => outbox.link(`${INVITE_PAGE_PATH}${token}`);

  async function present(rows: CommunityInvitationRow[], at: Date): Promise<Invitation[]> {
    const creators = new Map(
      (await users.findManyByIds([...new Set(rows.flatMap((r) => (r.createdBy ? [r.createdBy] : [])))])).map((u) => [u.id, toUserCard(u)]),
    );
    return rows.map((row) => ({
      id: row.id,
      email: row.email,
      maxUses: row.maxUses,
      uses: row.uses,
      expiresAt: row.expiresAt.toISOString(),
      revokedAt: row.revokedAt?.toISOString() ?? null,
      createdAt: row.createdAt.toISOString(),
      createdBy: (row.createdBy && creators.get(row.createdBy)) || null,
      state: stateOf(row, at),
    }));
  }

  function expiryOf(value: string | undefined, at: Date): Date {
    if (value === undefined) return new Date(at.getTime() + INVITATION_DEFAULT_DAYS * DAY_MS);
    const when = new Date(value);
    const ms = when.getTime();
    if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(ms) || ms <= at.getTime() || ms > at.getTime() + INVITATION_MAX_DAYS * DAY_MS) {
      throw new AppError('INVITATION_EXPIRY_INVALID', { field: 'expiresAt', params: { days: INVITATION_MAX_DAYS } });
    }
    return when;
  }

  /** The invitation behind a token (404), still usable (410 with why not). */
  async function usable(token: string, at: Date): Promise<{ row: CommunityInvitationRow; community: CommunityRow }> {
    const row = token.length >= 16 ? await repo.findByHash(hashOf(token)) : undefined;
    const community = row && (await communities.findById(row.communityId));
    if (!row || !community) throw new AppError('INVITATION_NOT_FOUND');
    const state = stateOf(row, at);
    if (state !== 'active') throw new AppError(GONE[state]);
    return { row, community };
  }

  /** Active membership while the inviter still moderates there (or is an admin); else a request. */
  async function grants(row: CommunityInvitationRow): Promise<'active' | 'pending'> {
    const inviter = row.createdBy ? await users.findById(row.createdBy) : undefined;
    if (!inviter) return 'pending';
    return communityPolicy.canModerate(inviter, await communities.membership(row.communityId, inviter.id)) ? 'active' : 'pending';
  }

  async function addressMatches(row: CommunityInvitationRow, actor: Actor): Promise<boolean> {
    if (!row.email) return true;
    const user = await users.findById(actor.id);
    return !!user?.emailVerifiedAt && user.email.toLowerCase() === row.email;
  }

  return {
    async create(actor: Actor | null, slug: string, input: InvitationCreate, locale: Locale): Promise<InvitationCreated['invitation']> {
      const access = await gate.bySlug(actor, slug);
      requireCanModerate(actor, access);
      const { community } = access;
      if ((await deps.belonging(community.id, actor.id)) !== undefined) throw new AppError('INVITATION_MANAGED_COMMUNITY');
      const at = now();
      const email = input.email?.trim() ? normalizeEmail(input.email) : null;
      /** The hourly cap, counted in the transaction that writes (one inviter's at a time): requests sent at once cannot all pass it. */
      const withinHourlyCap = async () => {
        const mailed = await repo.mailedSinceLocked(actor.id, new Date(at.getTime() - 3_600_000));
        if (mailed.count >= MAILED_PER_HOUR) {
          const seconds = mailed.oldest ? Math.max(1, Math.ceil((mailed.oldest.getTime() + 3_600_000 - at.getTime()) / 1000)) : 3600;
          throw new AppError('RATE_LIMITED', { params: { seconds } });
        }
      };
      const token = randomBytes(24).toString('base64url');
      const values = {
        communityId: community.id,
        tokenHash: hashOf(token),
        createdBy: actor.id,
        email,
        // An invitation to one address is for one person unless the moderator says otherwise.
        maxUses: input.maxUses ?? (email ? 1 : null),
        expiresAt: expiryOf(input.expiresAt, at),
        createdAt: at,
      };
      // The log keeps the action, not the invitee's address (personal data of someone who may never join).
      const row = await audit.within(
        (created: CommunityInvitationRow) => [
          { actorId: actor.id, action: 'invitation.create', communityId: community.id, targetType: 'invitation', targetId: created.id, after: { addressed: email !== null, maxUses: values.maxUses, expiresAt: values.expiresAt.getTime() } },
        ],
        async () => {
          if (email) await withinHourlyCap();
          const created = await repo.insert(values);
          if (email) {
            const inviter = await users.findById(actor.id);
            await outbox.enqueue({
              kind: 'community_invitation',
              to: email,
              userId: null,
              locale: inviter?.locale ?? actor.locale ?? locale,
              params: {
                communityName: community.name,
                inviterName: inviter?.displayName ?? actor.displayName,
                inviteUrl: urlOf(token),
                expiresOn: values.expiresAt.toISOString().slice(0, 10),
              },
              eventKey: `community-invitation:${created.id}`,
            });
          }
          return created;
        },
      );
      return { ...(await present([row], at))[0]!, token, url: urlOf(token) };
    },

    async list(actor: Actor | null, slug: string, query: InvitationsQuery): Promise<InvitationList> {
      const access = await gate.bySlug(actor, slug);
      requireCanModerate(actor, access);
      const limit = query.limit ?? DEFAULT_PAGE_SIZE;
      const before = readCursor(query.cursor, ['number']);
      const rows = await repo.list(access.community.id, (before?.[0] as number | undefined) ?? null, limit + 1);
      const page = rows.slice(0, limit);
      return { items: await present(page, now()), nextCursor: rows.length > limit ? encodeCursor([page.at(-1)!.id]) : null };
    },

    async revoke(actor: Actor | null, slug: string, id: number): Promise<void> {
      const access = await gate.bySlug(actor, slug);
      requireCanModerate(actor, access);
      const row = await repo.find(access.community.id, id);
      if (!row) throw new AppError('INVITATION_NOT_FOUND');
      if (row.revokedAt) return;
      const at = now();
      await audit.within(
        [{ actorId: actor.id, action: 'invitation.revoke', communityId: access.community.id, targetType: 'invitation', targetId: id, before: { uses: row.uses } }],
        () => repo.revoke(id, at),
      );
      await bus.publish('invitation.revoked', { invitationId: id, communityId: access.community.id, actorId: actor.id });
    },

    /** What the link shows before accepting: the community's name and description, the inviter, the expiry. */
    async preview(actor: Actor | null, token: string): Promise<InvitationPreview> {
      const { row, community } = await usable(token, now());
      const inviter = row.createdBy ? await users.findById(row.createdBy) : undefined;
      const membership = actor ? await communities.membership(community.id, actor.id) : undefined;
      return {
        community: { slug: community.slug, name: community.name, description: community.description, visibility: community.visibility, memberCount: community.memberCount },
        inviter: inviter ? toUserCard(inviter) : null,
        expiresAt: row.expiresAt.toISOString(),
        addressed: row.email !== null,
        membership: membership?.status ?? null,
        addressMatches: actor ? await addressMatches(row, actor) : null,
        grants: await grants(row),
      };
    },

    async accept(actor: Actor | null, token: string): Promise<InvitationAccepted> {
      if (!actor) throw new AppError('UNAUTHENTICATED');
      const at = now();
      const { row, community } = await usable(token, at);
      if (!(await addressMatches(row, actor))) throw new AppError('INVITATION_EMAIL_MISMATCH');
      const status = await grants(row);
      const admitted = await audit.within(
        (result: Awaited<ReturnType<Admission['admit']>>) =>
          result
            ? [{ actorId: actor.id, action: 'invitation.accept', communityId: community.id, targetType: 'invitation', targetId: row.id, after: { userId: actor.id, status: result.status } }]
            : [],
        async () => {
          const result = await admission.admit(community.id, actor.id, status, actor.id);
          // Nothing changed (already a member): no use taken. Otherwise the use is the last gate.
          if (result && !(await repo.takeUse(row.id, at))) {
            const latest = await repo.findByHash(row.tokenHash);
            const state = latest ? stateOf(latest, at) : 'revoked';
            throw new AppError(state === 'active' ? 'INVITATION_USED_UP' : GONE[state]);
          }
          return result;
        },
      );
      await admitted?.announce();
      const membership = await communities.membership(community.id, actor.id);
      return { community: toCommunity((await communities.findById(community.id))!), status: membership?.status === 'active' ? 'active' : 'pending' };
    },

    /** An erased account: its invitations stay (the community's) without it; those to its address are revoked. */
    async erased(userId: number, email: string | null): Promise<void> {
      await repo.transaction(async () => {
        await repo.forgetCreator(userId);
        if (email) await repo.revokeAddressedTo(email.toLowerCase(), now());
      });
    },
  };
}

export type InvitationsService = ReturnType<typeof createInvitationsService>;
