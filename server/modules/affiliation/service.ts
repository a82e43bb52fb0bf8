import type { AffiliatedPerson, InstitutionDomains, InstitutionPeople, MyAffiliation } from '../../../shared/schemas/affiliation.ts';
import type { EventBus } from '../../lib/event-bus.ts';
import { AppError } from '../../lib/errors.ts';
import type { Actor } from '../auth/actor.ts';
import type { RepresentativesService } from '../representatives/service.ts';
import { avatarUrl } from '../users/mapper.ts';
import type { UsersRepository } from '../users/repository.ts';
import { domainOf, normaliseDomains } from './domains.ts';
import type { AffiliationRepository, AffiliationValues } from './repository.ts';

/** Members re-examined when an institution's domains change (the rest follow their next verified address). */
export const REEVALUATION_LIMIT = 2_000;
const PEOPLE_LIMIT = 100;

/**
 * Verified affiliations (issue 19, part 4): the one place that decides whether a member's
 * affiliation with the institution they chose is verified.
 *
 * - By address (`email`): their verified address is at one of the institution's domains
 *   (subdomains too). Computed when an address is verified, when the member chooses an
 *   institution, and when the institution's domains change.
 * - By their institution's sign-in (`oidc`): a linked identity whose provider verified an
 *   address at one of the domains. It does not follow the account's address afterwards; it
 *   ends with the domain. It is kept while the member shows another institution (or none yet:
 *   the sign-in may come before the choice), and shows once they choose it.
 * - By a representative's vouch (`vouched`): only for members who chose that institution. A
 *   vouch is for the person: it survives an address change, not a change of institution.
 * - A representative (or staff) may remove any of them; a removed affiliation by address is
 *   kept as `revoked` so the address alone cannot bring it back (a new vouch can).
 */
export function createAffiliationService(deps: {
  repo: AffiliationRepository;
  users: UsersRepository;
  representatives: RepresentativesService;
  bus: EventBus;
  now?: () => Date;
}) {
  const { repo, users, representatives, bus } = deps;
  const now = deps.now ?? (() => new Date());

  async function institution(id: number) {
    const found = await repo.institution(id);
    if (!found) throw new AppError('NOT_FOUND');
    return found;
  }

  async function actingFor(actor: Actor | null, institutionId: number) {
    const found = await institution(institutionId);
    if (!actor) throw new AppError('UNAUTHENTICATED');
    if (!(await representatives.mayActFor(actor, institutionId))) throw new AppError('FORBIDDEN');
    return found;
  }

  function same(a: AffiliationValues | undefined, b: AffiliationValues | null): boolean {
    if (!a || !b) return !a && !b;
    return a.institutionId === b.institutionId && a.method === b.method && a.domain === b.domain && a.vouchedBy === b.vouchedBy;
  }

  /**
   * Writes the outcome when it differs from what is stored; true when it did (the caller tells
   * the caches, `announce`, once its transaction has committed).
   */
  async function settle(userId: number, before: AffiliationValues | undefined, next: AffiliationValues | null): Promise<boolean> {
    if (same(before, next)) return false;
    if (next) await repo.save(userId, next);
    else await repo.remove(userId);
    return true;
  }

  const announce = (userId: number) => bus.publish('affiliation.changed', { userId });

  /**
   * THE rule, applied to one member; `identityEmail`: an address their institution's sign-in
   * just verified. It reads, decides and writes in one transaction: two evaluations of the same
   * member (an address verified while the domains change) never write from stale reads.
   */
  async function evaluate(userId: number, identityEmail?: string): Promise<void> {
    if (await repo.transaction(() => decide(userId, identityEmail))) await announce(userId);
  }

  async function decide(userId: number, identityEmail?: string): Promise<boolean> {
    const member = await repo.member(userId);
    if (!member) return false;
    const before = await repo.affiliationOf(userId);
    let next: AffiliationValues | null = before && before.institutionId === member.institutionId ? before : null;
    if (member.institutionId !== null) {
      const domains = await repo.domainsOf(member.institutionId);
      const revoked = next?.method === 'revoked';
      const byAddress = member.emailVerifiedAt ? domainOf(member.email, domains) : null;
      const byIdentity = identityEmail ? domainOf(identityEmail, domains) : null;
      const proven = (method: 'email' | 'oidc', domain: string): AffiliationValues =>
        next?.method === method && next.domain === domain ? next : { institutionId: member.institutionId!, method, domain, vouchedBy: null, verifiedAt: now() };
      if (!revoked && byAddress) next = proven('email', byAddress);
      else if (!revoked && byIdentity) next = proven('oidc', byIdentity);
      else if (next?.method === 'email') next = null;
      else if (next?.method === 'oidc' && !domains.includes(next.domain ?? '')) next = null;
    }
    // An institutional sign-in proves the institution at its domain even before the member chooses it
    // (or while they show another): kept, and shown once they choose it.
    if (!next && identityEmail) {
      const at = await repo.institutionAt(identityEmail);
      const revoked = before?.method === 'revoked' && before.institutionId === at?.institutionId;
      if (at && !revoked) next = { institutionId: at.institutionId, method: 'oidc', domain: at.domain, vouchedBy: null, verifiedAt: now() };
    }
    if (!next && before?.method === 'oidc' && before.institutionId !== member.institutionId && (await repo.domainsOf(before.institutionId)).includes(before.domain ?? '')) next = before;
    return settle(userId, before, next);
  }

  function person(row: Awaited<ReturnType<UsersRepository['findManyByIds']>>[number]): AffiliatedPerson {
    return { id: row.id, username: row.username, displayName: row.displayName, avatar: avatarUrl(row.id, row.avatarSha256), specialist: row.specialist, affiliation: row.affiliation };
  }

  const peopleOf = async (ids: number[]) => {
    const byId = new Map((await users.findManyByIds(ids)).map((row) => [row.id, row]));
    return ids.flatMap((id) => (byId.has(id) ? [person(byId.get(id)!)] : []));
  };

  return {
    evaluate,

    async domains(actor: Actor | null, institutionId: number): Promise<InstitutionDomains> {
      await institution(institutionId);
      return { domains: await repo.domainsOf(institutionId), mayEdit: await representatives.mayActFor(actor, institutionId) };
    },

    async setDomains(actor: Actor | null, institutionId: number, input: string[]): Promise<InstitutionDomains> {
      await actingFor(actor, institutionId);
      const domains = normaliseDomains(input);
      const taken = await repo.claimedElsewhere(domains, institutionId);
      if (taken) throw new AppError('AFFILIATION_DOMAIN_TAKEN', { field: 'domains', params: { domain: taken.domain, institution: taken.acronym } });
      const before = await repo.replaceDomains(institutionId, domains);
      const touched = [...new Set([...before, ...domains])].filter((domain) => before.includes(domain) !== domains.includes(domain));
      if (touched.length > 0) {
        for (const userId of await repo.affectedBy(institutionId, touched, REEVALUATION_LIMIT)) await evaluate(userId);
        await bus.publish('audit.action', { actorId: actor!.id, action: 'institution.domains', communityId: null, targetType: 'institution', targetId: institutionId, reason: null });
      }
      return { domains, mayEdit: true };
    },

    async people(actor: Actor | null, institutionId: number): Promise<InstitutionPeople> {
      await institution(institutionId);
      const verified = await repo.verifiedPeople(institutionId, PEOPLE_LIMIT);
      const mayVouch = await representatives.mayActFor(actor, institutionId);
      if (!mayVouch) return { verified: await peopleOf(verified.ids), verifiedTotal: verified.total, mayVouch };
      const claimed = await repo.claimedPeople(institutionId, PEOPLE_LIMIT);
      return { verified: await peopleOf(verified.ids), verifiedTotal: verified.total, claimed: await peopleOf(claimed.ids), claimedTotal: claimed.total, mayVouch };
    },

    /** A representative vouches for a member who chose their institution. */
    async vouch(actor: Actor | null, institutionId: number, userId: number): Promise<AffiliatedPerson> {
      const by = await actingFor(actor, institutionId);
      const vouched = await repo.transaction(async () => {
        const member = await repo.member(userId);
        if (!member) throw new AppError('USER_NOT_FOUND');
        if (member.institutionId !== institutionId) throw new AppError('AFFILIATION_INSTITUTION_NOT_CHOSEN', { params: { institution: by.acronym } });
        const before = await repo.affiliationOf(userId);
        const verified = before && before.institutionId === institutionId && before.method !== 'revoked';
        if (verified) return { wrote: false, changed: false };
        return { wrote: true, changed: await settle(userId, before, { institutionId, method: 'vouched', domain: null, vouchedBy: actor!.id, verifiedAt: now() }) };
      });
      if (vouched.changed) await announce(userId);
      if (vouched.wrote) {
        await bus.publish('audit.action', { actorId: actor!.id, action: 'affiliation.vouch', communityId: null, targetType: 'user', targetId: userId, reason: null });
      }
      return (await peopleOf([userId]))[0]!;
    },

    /** A representative (or staff) removes a member's affiliation with their institution. */
    async remove(actor: Actor | null, institutionId: number, userId: number): Promise<void> {
      await actingFor(actor, institutionId);
      const changedNow = await repo.transaction(async () => {
        const before = await repo.affiliationOf(userId);
        if (!before || before.institutionId !== institutionId || before.method === 'revoked') throw new AppError('AFFILIATION_NOT_FOUND');
        // A withdrawn vouch just goes (the address may still prove it); a proof by address or sign-in is revoked so it does not return by itself.
        if (before.method === 'vouched') {
          const removed = await settle(userId, before, null);
          return (await decide(userId)) || removed;
        }
        return settle(userId, before, { institutionId, method: 'revoked', domain: before.domain, vouchedBy: actor!.id, verifiedAt: now() });
      });
      if (changedNow) await announce(userId);
      await bus.publish('audit.action', { actorId: actor!.id, action: 'affiliation.remove', communityId: null, targetType: 'user', targetId: userId, reason: null });
    },

    async mine(actor: Actor | null): Promise<MyAffiliation> {
      if (!actor) throw new AppError('UNAUTHENTICATED');
      const me = await users.findById(actor.id);
      if (!me) throw new AppError('UNAUTHENTICATED');
      const row = await repo.affiliationOf(actor.id);
      return {
        institution: me.institution,
        affiliation: me.affiliation,
        revoked: row?.method === 'revoked' && row.institutionId === me.institution?.id,
        domains: me.institution ? await repo.domainsOf(me.institution.id) : [],
        emailVerified: me.emailVerifiedAt !== null,
      };
    },

    async erase(userId: number): Promise<void> {
      await repo.erase(userId);
      await bus.publish('affiliation.changed', { userId });
    },
  };
}

export type AffiliationService = ReturnType<typeof createAffiliationService>;
