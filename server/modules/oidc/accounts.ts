import { DISPLAY_NAME_MAX, EMAIL_MAX, EMAIL_PATTERN, USERNAME_MAX } from '../../../shared/schemas/auth.ts';
import type { Locale } from '../../../shared/i18n/index.ts';
import { AppError } from '../../lib/errors.ts';
import type { EventBus } from '../../lib/event-bus.ts';
import type { UsersRepository } from '../users/repository.ts';
import { cleanDisplayName } from '../users/rules.ts';
import type { OidcProvider } from './providers.ts';
import type { OidcRepository } from './repository.ts';

/** What the provider's ID token says about the person. */
export interface IdentityClaims {
  subject: string;
  email: string | null;
  emailVerified: boolean;
  name: string | null;
  preferredUsername: string | null;
}

/** A unique index refused the row (SQLite's message, PostgreSQL's code 23505). */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown; cause?: unknown } | null;
  if (!e) return false;
  if (e.code === '23505' || e.code === 'SQLITE_CONSTRAINT_UNIQUE' || String(e.message).includes('UNIQUE constraint')) return true;
  return e.cause !== undefined && e.cause !== error && isUniqueViolation(e.cause);
}

/** Lower-cased, or null when it is not an address. */
export function cleanEmail(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const email = value.trim().toLowerCase();
  return email.length <= EMAIL_MAX && EMAIL_PATTERN.test(email) ? email : null;
}

/** Domains as admins type them ("@Example.org ", "example.org"): lower-cased, without the @. */
export function cleanDomain(value: string): string | null {
  const domain = value.trim().toLowerCase().replace(/^@/, '');
  return /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(domain) ? domain : null;
}

/** Whether the address is at one of the domains (or a subdomain); any address when there are none. */
export function emailInDomains(email: string | null, domains: string[]): boolean {
  if (domains.length === 0) return true;
  const at = email?.split('@')[1];
  return !!at && domains.some((d) => at === d || at.endsWith(`.${d}`));
}

/** A username from what the provider proposes, within the username rules: [a-z0-9_-]{3,30}. */
export function usernameBase(claims: IdentityClaims): string {
  const raw = claims.preferredUsername?.split('@')[0] || claims.email?.split('@')[0] || 'member';
  const base = raw
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '_')
    .replace(/^[_-]+|[_-]+$/g, '')
    .slice(0, USERNAME_MAX);
  if (!base) return 'member';
  return base.length >= 3 ? base : `${base}_member`;
}

/**
 * The accounts an identity signs in to, links to, or creates. Linking always publishes
 * `identity.linked` (verified affiliations listen).
 */
export function createOidcAccounts(deps: {
  repo: OidcRepository;
  users: UsersRepository;
  bus: EventBus;
  /** The verification mail when the provider did not vouch for the address (as registration does). */
  onRegistered?: (userId: number, locale: Locale) => void | Promise<void>;
  now?: () => Date;
}) {
  const { repo, users, bus } = deps;
  const now = deps.now ?? (() => new Date());

  async function uniqueUsername(base: string): Promise<string> {
    if (!(await users.usernameTaken(base))) return base;
    for (let n = 2; n < 10_000; n++) {
      const suffix = `-${n}`;
      const candidate = base.slice(0, USERNAME_MAX - suffix.length) + suffix;
      if (!(await users.usernameTaken(candidate))) return candidate;
    }
    return `${base.slice(0, USERNAME_MAX - 9)}-${Date.now().toString(36).slice(-8)}`;
  }

  function displayNameOf(claims: IdentityClaims, username: string): string {
    try {
      return cleanDisplayName((claims.name ?? '').slice(0, DISPLAY_NAME_MAX) || username);
    } catch {
      return username;
    }
  }

  return {
    /**
     * Refused when the provider admits only some domains and this address is not at one, or the
     * provider does not vouch for it (an unverified address is only what the person typed).
     */
    checkDomain(provider: OidcProvider, claims: IdentityClaims): void {
      const vouched = provider.allowedDomains.length === 0 || claims.emailVerified;
      if (!vouched || !emailInDomains(claims.email, provider.allowedDomains)) {
        throw new AppError('OIDC_EMAIL_DOMAIN_REFUSED', { params: { name: provider.name, domains: provider.allowedDomains.join(', ') } });
      }
    },

    /** The account of a known identity (and what the provider says now), or undefined. */
    async known(provider: OidcProvider, claims: IdentityClaims): Promise<number | undefined> {
      const identity = await repo.findIdentity(provider.id, claims.subject);
      if (!identity) return undefined;
      await repo.touchIdentity(identity.id, { email: claims.email, emailVerified: claims.emailVerified, lastUsedAt: now() });
      return identity.userId;
    },

    /**
     * The existing account holding the identity's address, offered the link by mail: only when
     * both sides proved it. An account that never confirmed the address may be someone else's
     * squat on it; an address the provider does not vouch for may be typed by anyone.
     */
    async holderOf(claims: Pick<IdentityClaims, 'email' | 'emailVerified'>) {
      if (!claims.email || !claims.emailVerified) return undefined;
      return await users.verifiedHolderOf(claims.email);
    },

    /**
     * Links the identity to the account; refused when it belongs to another one. True when the
     * link is new: the caller announces it (`linked`) once its transaction has committed.
     */
    async link(userId: number, providerId: string, claims: Pick<IdentityClaims, 'subject' | 'email' | 'emailVerified'>): Promise<boolean> {
      const existing = await repo.findIdentity(providerId, claims.subject);
      if (existing) {
        if (existing.userId !== userId) throw new AppError('OIDC_IDENTITY_TAKEN');
        await repo.touchIdentity(existing.id, { email: claims.email, emailVerified: claims.emailVerified, lastUsedAt: now() });
        return false;
      }
      try {
        await repo.insertIdentity({ userId, providerId, subject: claims.subject, email: claims.email, emailVerified: claims.emailVerified, lastUsedAt: now() });
      } catch (error) {
        // Two callbacks for the same identity raced: the unique index decides.
        if (isUniqueViolation(error)) throw new AppError('OIDC_IDENTITY_TAKEN');
        throw error;
      }
      return true;
    },

    /** Tells the other areas (verified affiliations listen). */
    async linked(userId: number, providerId: string, claims: Pick<IdentityClaims, 'email' | 'emailVerified'>): Promise<void> {
      await bus.publish('identity.linked', { userId, providerId, email: claims.email, emailVerified: claims.emailVerified });
    },

    /** A new account for a new identity: no password, the address verified only when the provider vouches for it. */
    async create(provider: OidcProvider, claims: IdentityClaims, locale: Locale): Promise<number> {
      if (!claims.email) throw new AppError('OIDC_EMAIL_MISSING', { params: { name: provider.name } });
      const email = claims.email;
      const userId = await repo.transaction(async () => {
        const username = await uniqueUsername(usernameBase(claims));
        const user = await users.insert({
          username,
          email,
          passwordHash: '',
          displayName: displayNameOf(claims, username),
          institutionId: provider.institutionId !== null && (await users.institutionExists(provider.institutionId)) ? provider.institutionId : null,
          emailVerifiedAt: claims.emailVerified ? now() : null,
        });
        await repo.insertIdentity({ userId: user.id, providerId: provider.id, subject: claims.subject, email, emailVerified: claims.emailVerified, lastUsedAt: now() });
        return user.id;
      });
      if (!claims.emailVerified) await deps.onRegistered?.(userId, locale);
      await bus.publish('user.registered', { userId });
      await bus.publish('identity.linked', { userId, providerId: provider.id, email, emailVerified: claims.emailVerified });
      return userId;
    },
  };
}

export type OidcAccounts = ReturnType<typeof createOidcAccounts>;
