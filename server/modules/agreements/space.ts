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
  async function roleIn(agreementId: number, userId: number, parties: number[]): Promise<'moderator' | 'member' | null> {
    for (const institutionId of parties) if ((await representatives.idsOf(institutionId)).includes(userId)) return 'moderator';
    return (await repo.person(agreementId, userId)) ? 'member' : null;
  }

  async function follow(actorId: number, row: AgreementRow, userId: number): Promise<void> {
    if (row.spaceCommunityId === null) return;
    const role = await roleIn(row.id, userId, await ctx.partyIds(row.id));
    if (role) await communities.managed.setMember(actorId, row.spaceCommunityId, userId, role);
    else await communities.managed.removeMember(actorId, row.spaceCommunityId, userId);
  }

  async function changed(actorId: number, agreementId: number): Promise<void> {
    await bus.publish('agreement.updated', { agreementId, actorId });
  }

  const fresh = async (actor: Actor, id: number): Promise<Agreement> => ctx.detail(actor, await ctx.readable(actor, id));

  // The space's members are the agreement's people: the communities area asks here before any change through its routes.
  communities.managed.membershipFollows(async (communityId, userId) => {
    const agreementId = await repo.agreementOfSpace(communityId);
    return agreementId === undefined ? undefined : roleIn(agreementId, userId, await ctx.partyIds(agreementId));
  });

  return {
    /** Opens the space: the community, its forum, and everyone who belongs in it. */
    async open(actor: Actor | null, id: number): Promise<SpaceResponse> {
      const { actor: by, row } = await ctx.editable(actor, id);
      if (row.spaceCommunityId !== null) throw new AppError('AGREEMENT_SPACE_EXISTS');
      if (row.status === 'ended') throw new AppError('AGREEMENT_ENDED');
      const community = await communities.managed.create({
        slug: `agreement-${row.id}`,
        name: row.title.length > 120 ? `${row.title.slice(0, 119)}…` : row.title,
        description: '',
        visibility: 'private',
        forum: { slug: 'general', name: 'General' },
      });
      await repo.setSpace(row.id, community.id);
      const withSpace = { ...row, spaceCommunityId: community.id };
      const parties = await ctx.partyIds(row.id);
      const everyone = new Set((await repo.people(row.id)).map((p) => p.id));
      for (const institutionId of parties) for (const userId of await representatives.idsOf(institutionId)) everyone.add(userId);
      for (const userId of everyone) await follow(by.id, withSpace, userId);
      await changed(by.id, row.id);
      return { community: { id: community.id, slug: community.slug, name: community.name, visibility: community.visibility } };
    },

    /** Nominates a person for a party (who acts for that party); with a space, they join it. */
    async nominate(actor: Actor | null, id: number, nomination: Nomination): Promise<Agreement> {
      const row = await ctx.readable(actor, id);
      if (!actor) throw new AppError('UNAUTHENTICATED');
      if (!(await representatives.mayActFor(actor, nomination.institutionId))) throw new AppError('FORBIDDEN');
      if (!(await ctx.partyIds(id)).includes(nomination.institutionId)) throw new AppError('AGREEMENT_NOT_A_PARTY', { field: 'institutionId' });
      if (row.status === 'ended') throw new AppError('AGREEMENT_ENDED');
      if (!(await repo.userExists(nomination.userId))) throw new AppError('USER_NOT_FOUND', { field: 'userId' });
      // Read and written together: a nomination by another party landing meanwhile is not moved unchecked.
      await repo.atomically(async () => {
        const current = await repo.person(id, nomination.userId);
        // Moving someone nominated by another party is that party's call too.
        if (current && current.institutionId !== nomination.institutionId && !(await representatives.mayActFor(actor, current.institutionId))) {
          throw new AppError('FORBIDDEN');
        }
        await repo.nominate(id, nomination.userId, nomination.institutionId, actor.id);
      });
      await follow(actor.id, row, nomination.userId);
      await changed(actor.id, id);
      return fresh(actor, id);
    },

    /** Takes a nominated person off (who acts for their party); they leave the space. */
    async remove(actor: Actor | null, id: number, userId: number): Promise<Agreement> {
      const row = await ctx.readable(actor, id);
      if (!actor) throw new AppError('UNAUTHENTICATED');
      const person = await repo.person(id, userId);
      if (!person) throw new AppError('MEMBER_NOT_FOUND');
      if (!(await representatives.mayActFor(actor, person.institutionId))) throw new AppError('FORBIDDEN');
      await repo.removePerson(id, userId);
      await follow(actor.id, row, userId);
      await changed(actor.id, id);
      return fresh(actor, id);
    },

    /** Ending the agreement archives its space read-only; reopening it opens the space again. */
    async followStatus(_actorId: number, row: AgreementRow): Promise<void> {
      if (row.spaceCommunityId !== null) await communities.managed.setArchived(row.spaceCommunityId, row.status === 'ended');
    },

    /** Parties taken off the agreement take their nominated people (and representatives) out of the space. */
    async dropParties(actorId: number, row: AgreementRow, before: number[], after: number[]): Promise<void> {
      const gone = await repo.dropPeopleOutside(row.id, after);
      if (row.spaceCommunityId === null) return;
      const touched = new Set(gone);
      const changedParties = [...before.filter((id) => !after.includes(id)), ...after.filter((id) => !before.includes(id))];
      for (const institutionId of changedParties) for (const userId of await representatives.idsOf(institutionId)) touched.add(userId);
      for (const userId of touched) await follow(actorId, row, userId);
    },

    /** A representative named or removed: the spaces of their institution's agreements follow. */
    async representativeChanged(institutionId: number, userId: number): Promise<void> {
      for (const { id } of await repo.spacesOf(institutionId)) {
        const row = await repo.find(id, { staff: true, institutionIds: [] });
        if (row) await follow(userId, row, userId);
      }
    },
  };
}

export type AgreementSpace = ReturnType<typeof createAgreementSpace>;
