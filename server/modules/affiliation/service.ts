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

  function institution(id: number) {
    const found = repo.institution(id);
    if (!found) throw new AppError('NOT_FOUND');
    return found;
  }

  function actingFor(actor: Actor | null, institutionId: number) {
    const found = institution(institutionId);
    if (!actor) throw new AppError('UNAUTHENTICATED');
    if (!representatives.mayActFor(actor, institutionId)) throw new AppError('FORBIDDEN');
    return found;
  }

  function same(a: AffiliationValues | undefined, b: AffiliationValues | null): boolean {
    if (!a || !b) return !a && !b;
    return a.institutionId === b.institutionId && a.method === b.method && a.domain === b.domain && a.vouchedBy === b.vouchedBy;
  }

  /** Writes the outcome when it differs from what is stored, and tells the caches. */
  function settle(userId: number, before: AffiliationValues | undefined, next: AffiliationValues | null): void {
    if (same(before, next)) return;
    if (next) repo.save(userId, next);
    else repo.remove(userId);
    bus.publish('affiliation.changed', { userId });
  }

  /** THE rule, applied to one member; `identityEmail`: an address their institution's sign-in just verified. */
  function evaluate(userId: number, identityEmail?: string): void {
    const member = repo.member(userId);
    if (!member) return;
    const before = repo.affiliationOf(userId);
    let next: AffiliationValues | null = before && before.institutionId === member.institutionId ? before : null;
    if (member.institutionId !== null) {
      const domains = repo.domainsOf(member.institutionId);
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
      const at = repo.institutionAt(identityEmail);
      const revoked = before?.method === 'revoked' && before.institutionId === at?.institutionId;
      if (at && !revoked) next = { institutionId: at.institutionId, method: 'oidc', domain: at.domain, vouchedBy: null, verifiedAt: now() };
    }
    if (!next && before?.method === 'oidc' && before.institutionId !== member.institutionId && repo.domainsOf(before.institutionId).includes(before.domain ?? '')) next = before;
    settle(userId, before, next);
  }

  function person(row: ReturnType<UsersRepository['findManyByIds']>[number]): AffiliatedPerson {
    return { id: row.id, username: row.username, displayName: row.displayName, avatar: avatarUrl(row.id, row.avatarSha256), specialist: row.specialist, affiliation: row.affiliation };
  }

  const peopleOf = (ids: number[]) => {
    const byId = new Map(users.findManyByIds(ids).map((row) => [row.id, row]));
    return ids.flatMap((id) => (byId.has(id) ? [person(byId.get(id)!)] : []));
  };

  return {
    evaluate,

    domains(actor: Actor | null, institutionId: number): InstitutionDomains {
      institution(institutionId);
      return { domains: repo.domainsOf(institutionId), mayEdit: representatives.mayActFor(actor, institutionId) };
    },

    setDomains(actor: Actor | null, institutionId: number, input: string[]): InstitutionDomains {
      actingFor(actor, institutionId);
      const domains = normaliseDomains(input);
      const taken = repo.claimedElsewhere(domains, institutionId);
      if (taken) throw new AppError('AFFILIATION_DOMAIN_TAKEN', { field: 'domains', params: { domain: taken.domain, institution: taken.acronym } });
      const before = repo.replaceDomains(institutionId, domains);
      const touched = [...new Set([...before, ...domains])].filter((domain) => before.includes(domain) !== domains.includes(domain));
      if (touched.length > 0) {
        for (const userId of repo.affectedBy(institutionId, touched, REEVALUATION_LIMIT)) evaluate(userId);
        bus.publish('audit.action', { actorId: actor!.id, action: 'institution.domains', communityId: null, targetType: 'institution', targetId: institutionId, reason: null });
      }
      return { domains, mayEdit: true };
    },

    people(actor: Actor | null, institutionId: number): InstitutionPeople {
      institution(institutionId);
      const verified = repo.verifiedPeople(institutionId, PEOPLE_LIMIT);
      const mayVouch = representatives.mayActFor(actor, institutionId);
      if (!mayVouch) return { verified: peopleOf(verified.ids), verifiedTotal: verified.total, mayVouch };
      const claimed = repo.claimedPeople(institutionId, PEOPLE_LIMIT);
      return { verified: peopleOf(verified.ids), verifiedTotal: verified.total, claimed: peopleOf(claimed.ids), claimedTotal: claimed.total, mayVouch };
    },

    /** A representative vouches for a member who chose their institution. */
    vouch(actor: Actor | null, institutionId: number, userId: number): AffiliatedPerson {
      const by = actingFor(actor, institutionId);
      const member = repo.member(userId);
      if (!member) throw new AppError('USER_NOT_FOUND');
      if (member.institutionId !== institutionId) throw new AppError('AFFILIATION_INSTITUTION_NOT_CHOSEN', { params: { institution: by.acronym } });
      const before = repo.affiliationOf(userId);
      const verified = before && before.institutionId === institutionId && before.method !== 'revoked';
      if (!verified) {
        settle(userId, before, { institutionId, method: 'vouched', domain: null, vouchedBy: actor!.id, verifiedAt: now() });
        bus.publish('audit.action', { actorId: actor!.id, action: 'affiliation.vouch', communityId: null, targetType: 'user', targetId: userId, reason: null });
      }
      return peopleOf([userId])[0]!;
    },

    /** A representative (or staff) removes a member's affiliation with their institution. */
    remove(actor: Actor | null, institutionId: number, userId: number): void {
      actingFor(actor, institutionId);
      const before = repo.affiliationOf(userId);
      if (!before || before.institutionId !== institutionId || before.method === 'revoked') throw new AppError('AFFILIATION_NOT_FOUND');
      // A withdrawn vouch just goes (the address may still prove it); a proof by address or sign-in is revoked so it does not return by itself.
      if (before.method === 'vouched') {
        settle(userId, before, null);
        evaluate(userId);
      } else {
        settle(userId, before, { institutionId, method: 'revoked', domain: before.domain, vouchedBy: actor!.id, verifiedAt: now() });
      }
      bus.publish('audit.action', { actorId: actor!.id, action: 'affiliation.remove', communityId: null, targetType: 'user', targetId: userId, reason: null });
    },

    mine(actor: Actor | null): MyAffiliation {
      if (!actor) throw new AppError('UNAUTHENTICATED');
      const me = users.findById(actor.id);
      if (!me) throw new AppError('UNAUTHENTICATED');
      const row = repo.affiliationOf(actor.id);
      return {
        institution: me.institution,
        affiliation: me.affiliation,
        revoked: row?.method === 'revoked' && row.institutionId === me.institution?.id,
        domains: me.institution ? repo.domainsOf(me.institution.id) : [],
        emailVerified: me.emailVerifiedAt !== null,
      };
    },

    erase(userId: number): void {
      repo.erase(userId);
      bus.publish('affiliation.changed', { userId });
    },
  };
}

export type AffiliationService = ReturnType<typeof createAffiliationService>;
