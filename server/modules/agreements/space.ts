import type { AgreementRow } from '../../../db/schema/index.ts';
import type { Agreement, Nomination, SpaceResponse } from '../../../shared/schemas/agreements.ts';
import { AppError } from '../../lib/errors.ts';
import type { Actor } from '../auth/actor.ts';
import type { AgreementsContext } from './service.ts';

/**
 * The agreement space: a private community (approval join policy, one forum) whose members are
 * the parties' nominated people and whose moderators are the parties' representatives. It is
 * kept in step with the agreement: nominating adds, removing removes, ending archives it.
 */
export function createAgreementSpace(ctx: AgreementsContext) {
  const { repo, bus, communities, representatives } = ctx;

  /** What someone should be in the space now: moderator (a party's representative), member (nominated), or nothing. */
  function roleIn(agreementId: number, userId: number, parties: number[]): 'moderator' | 'member' | null {
    if (parties.some((institutionId) => representatives.idsOf(institutionId).includes(userId))) return 'moderator';
    return repo.person(agreementId, userId) ? 'member' : null;
  }

  function follow(actorId: number, row: AgreementRow, userId: number): void {
    if (row.spaceCommunityId === null) return;
    const role = roleIn(row.id, userId, ctx.partyIds(row.id));
    if (role) communities.managed.setMember(actorId, row.spaceCommunityId, userId, role);
    else communities.managed.removeMember(actorId, row.spaceCommunityId, userId);
  }

  function changed(actorId: number, agreementId: number) {
    bus.publish('agreement.updated', { agreementId, actorId });
  }

  const fresh = (actor: Actor, id: number): Agreement => ctx.detail(actor, ctx.readable(actor, id));

  // The space's members are the agreement's people: the communities area asks here before any change through its routes.
  communities.managed.membershipFollows((communityId, userId) => {
    const agreementId = repo.agreementOfSpace(communityId);
    return agreementId === undefined ? undefined : roleIn(agreementId, userId, ctx.partyIds(agreementId));
  });

  return {
    /** Opens the space: the community, its forum, and everyone who belongs in it. */
    open(actor: Actor | null, id: number): SpaceResponse {
      const { actor: by, row } = ctx.editable(actor, id);
      if (row.spaceCommunityId !== null) throw new AppError('AGREEMENT_SPACE_EXISTS');
      if (row.status === 'ended') throw new AppError('AGREEMENT_ENDED');
      const community = communities.managed.create({
        slug: `agreement-${row.id}`,
        name: row.title.length > 120 ? `${row.title.slice(0, 119)}…` : row.title,
        description: '',
        visibility: 'private',
        forum: { slug: 'general', name: 'General' },
      });
      repo.setSpace(row.id, community.id);
      const withSpace = { ...row, spaceCommunityId: community.id };
      const parties = ctx.partyIds(row.id);
      const everyone = new Set([...repo.people(row.id).map((p) => p.id), ...parties.flatMap((institutionId) => representatives.idsOf(institutionId))]);
      for (const userId of everyone) follow(by.id, withSpace, userId);
      changed(by.id, row.id);
      return { community: { id: community.id, slug: community.slug, name: community.name, visibility: community.visibility } };
    },

    /** Nominates a person for a party (who acts for that party); with a space, they join it. */
    nominate(actor: Actor | null, id: number, nomination: Nomination): Agreement {
      const row = ctx.readable(actor, id);
      if (!actor) throw new AppError('UNAUTHENTICATED');
      if (!representatives.mayActFor(actor, nomination.institutionId)) throw new AppError('FORBIDDEN');
      if (!ctx.partyIds(id).includes(nomination.institutionId)) throw new AppError('AGREEMENT_NOT_A_PARTY', { field: 'institutionId' });
      if (row.status === 'ended') throw new AppError('AGREEMENT_ENDED');
      if (!repo.userExists(nomination.userId)) throw new AppError('USER_NOT_FOUND', { field: 'userId' });
      const current = repo.person(id, nomination.userId);
      // Moving someone nominated by another party is that party's call too.
      if (current && current.institutionId !== nomination.institutionId && !representatives.mayActFor(actor, current.institutionId)) {
        throw new AppError('FORBIDDEN');
      }
      repo.nominate(id, nomination.userId, nomination.institutionId, actor.id);
      follow(actor.id, row, nomination.userId);
      changed(actor.id, id);
      return fresh(actor, id);
    },

    /** Takes a nominated person off (who acts for their party); they leave the space. */
    remove(actor: Actor | null, id: number, userId: number): Agreement {
      const row = ctx.readable(actor, id);
      if (!actor) throw new AppError('UNAUTHENTICATED');
      const person = repo.person(id, userId);
      if (!person) throw new AppError('MEMBER_NOT_FOUND');
      if (!representatives.mayActFor(actor, person.institutionId)) throw new AppError('FORBIDDEN');
      repo.removePerson(id, userId);
      follow(actor.id, row, userId);
      changed(actor.id, id);
      return fresh(actor, id);
    },

    /** Ending the agreement archives its space read-only; reopening it opens the space again. */
    followStatus(_actorId: number, row: AgreementRow): void {
      if (row.spaceCommunityId !== null) communities.managed.setArchived(row.spaceCommunityId, row.status === 'ended');
    },

    /** Parties taken off the agreement take their nominated people (and representatives) out of the space. */
    dropParties(actorId: number, row: AgreementRow, before: number[], after: number[]): void {
      const gone = repo.dropPeopleOutside(row.id, after);
      if (row.spaceCommunityId === null) return;
      const representativesGone = before.filter((id) => !after.includes(id)).flatMap((id) => representatives.idsOf(id));
      const joined = after.filter((id) => !before.includes(id)).flatMap((id) => representatives.idsOf(id));
      for (const userId of new Set([...gone, ...representativesGone, ...joined])) follow(actorId, row, userId);
    },

    /** A representative named or removed: the spaces of their institution's agreements follow. */
    representativeChanged(institutionId: number, userId: number): void {
      for (const { id } of repo.spacesOf(institutionId)) {
        const row = repo.find(id, { staff: true, institutionIds: [] });
        if (row) follow(userId, row, userId);
      }
    },
  };
}

export type AgreementSpace = ReturnType<typeof createAgreementSpace>;
