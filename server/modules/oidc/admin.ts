import type { AdminOidcProvider, AdminOidcProviderCreate, AdminOidcProviderUpdate } from '../../../shared/schemas/oidc.ts';
import { isAcceptableIssuer } from '../../config.ts';
import { AppError } from '../../lib/errors.ts';
import type { EventBus } from '../../lib/event-bus.ts';
import type { Actor } from '../auth/actor.ts';
import type { UsersRepository } from '../users/repository.ts';
import { cleanDomain, isUniqueViolation } from './accounts.ts';
import type { OidcProvider, OidcProviders } from './providers.ts';
import type { OidcRepository } from './repository.ts';
import { callbackUrl } from './sign-in.ts';

/** Sign-in providers are the admins': they decide who may create accounts. */
export function canManageOidcProviders(actor: Actor | null): actor is Actor {
  return actor?.role === 'admin';
}

function requireAdmin(actor: Actor | null): asserts actor is Actor {
  if (!actor) throw new AppError('UNAUTHENTICATED');
  if (!canManageOidcProviders(actor)) throw new AppError('FORBIDDEN');
}

const toAdmin = (p: OidcProvider, publicUrl: string): AdminOidcProvider => ({
  id: p.id,
  name: p.name,
  issuer: p.issuer,
  clientId: p.clientId,
  hasSecret: p.clientSecret !== '',
  allowedDomains: p.allowedDomains,
  institutionId: p.institutionId,
  enabled: p.enabled,
  source: p.source,
  createdAt: p.createdAt?.toISOString() ?? null,
  callbackUrl: callbackUrl(publicUrl, p.id),
});

/** Admins add, change, disable and remove providers; each change goes to the audit log. */
export function createOidcAdmin(deps: { repo: OidcRepository; providers: OidcProviders; users: UsersRepository; bus: EventBus; publicUrl: string }) {
  const { repo, providers, users, bus } = deps;
  const present = (p: OidcProvider) => toAdmin(p, deps.publicUrl);

  function checkIssuer(issuer: string): string {
    if (!isAcceptableIssuer(issuer.trim())) throw new AppError('OIDC_ISSUER_INVALID', { field: 'issuer' });
    return issuer.trim().replace(/\/+$/, '');
  }

  function checkDomains(domains: string[]): string[] {
    const clean = domains.filter((d) => d.trim() !== '').map((d) => {
      const domain = cleanDomain(d);
      if (!domain) throw new AppError('OIDC_DOMAIN_INVALID', { field: 'allowedDomains', params: { domain: d.slice(0, 100) } });
      return domain;
    });
    return [...new Set(clean)];
  }

  async function checkInstitution(id: number | null | undefined): Promise<number | null> {
    if (id == null) return null;
    if (!(await users.institutionExists(id))) throw new AppError('INSTITUTION_UNKNOWN', { field: 'institutionId' });
    return id;
  }

  async function adminProvider(id: string): Promise<OidcProvider> {
    const provider = await providers.find(id);
    if (!provider || provider.source !== 'admin') throw new AppError('OIDC_PROVIDER_NOT_FOUND');
    return provider;
  }

  const audited = (actor: Actor, action: string, rowId: number) =>
    bus.publish('audit.action', { actorId: actor.id, action, communityId: null, targetType: 'oidc_provider', targetId: rowId, reason: null });

  return {
    async list(actor: Actor | null): Promise<AdminOidcProvider[]> {
      requireAdmin(actor);
      return (await providers.all()).map(present);
    },

    async create(actor: Actor | null, input: AdminOidcProviderCreate): Promise<AdminOidcProvider> {
      requireAdmin(actor);
      if (await providers.find(input.id)) throw new AppError('OIDC_PROVIDER_EXISTS', { field: 'id' });
      const issuer = checkIssuer(input.issuer);
      const allowedDomains = checkDomains(input.allowedDomains ?? []);
      const institutionId = await checkInstitution(input.institutionId);
      let row;
      try {
        row = await repo.insertProvider({
        slug: input.id,
        name: input.name.trim(),
        issuer,
        clientId: input.clientId.trim(),
        clientSecret: input.clientSecret,
        allowedDomains,
        institutionId,
        enabled: input.enabled ?? true,
      });
      } catch (error) {
        // Two admins added the same id at once: the unique index decides.
        if (isUniqueViolation(error)) throw new AppError('OIDC_PROVIDER_EXISTS', { field: 'id' });
        throw error;
      }
      await audited(actor, 'oidc_provider.create', row.id);
      return present((await providers.find(row.slug))!);
    },

    async update(actor: Actor | null, id: string, patch: AdminOidcProviderUpdate): Promise<AdminOidcProvider> {
      requireAdmin(actor);
      const provider = await adminProvider(id);
      const institutionId = patch.institutionId !== undefined ? await checkInstitution(patch.institutionId) : undefined;
      await repo.updateProvider(id, {
        ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
        ...(patch.issuer !== undefined ? { issuer: checkIssuer(patch.issuer) } : {}),
        ...(patch.clientId !== undefined ? { clientId: patch.clientId.trim() } : {}),
        ...(patch.clientSecret !== undefined ? { clientSecret: patch.clientSecret } : {}),
        ...(patch.allowedDomains !== undefined ? { allowedDomains: checkDomains(patch.allowedDomains) } : {}),
        ...(patch.institutionId !== undefined ? { institutionId } : {}),
        ...(patch.enabled !== undefined ? { enabled: patch.enabled } : {}),
      });
      providers.forget(id);
      await audited(actor, patch.enabled === false ? 'oidc_provider.disable' : 'oidc_provider.update', provider.rowId!);
      return present((await providers.find(id))!);
    },

    /** The provider goes; identities made through it stay (they sign in again if it is added back). */
    async remove(actor: Actor | null, id: string): Promise<void> {
      requireAdmin(actor);
      const provider = await adminProvider(id);
      await repo.deleteProvider(id);
      providers.forget(id);
      await audited(actor, 'oidc_provider.delete', provider.rowId!);
    },
  };
}

export type OidcAdmin = ReturnType<typeof createOidcAdmin>;
