import * as client from 'openid-client';
import { isLoopbackHost, type OidcEnvProvider } from '../../config.ts';
import { AppError } from '../../lib/errors.ts';
import type { OidcRepository } from './repository.ts';

/** A provider as the sign-in uses it, whether configured by environment or by an admin. */
export interface OidcProvider {
  id: string;
  name: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
  allowedDomains: string[];
  institutionId: number | null;
  enabled: boolean;
  source: 'environment' | 'admin';
  rowId: number | null;
  createdAt: Date | null;
}

/**
 * The client secret goes in the token request's body when the provider lists that method, else
 * in the Authorization header (client_secret_basic, the default when a provider lists none).
 */
function withClientAuth(found: client.Configuration, provider: OidcProvider): client.Configuration {
  const methods = found.serverMetadata().token_endpoint_auth_methods_supported;
  if (!methods || methods.includes('client_secret_post') || !methods.includes('client_secret_basic')) return found;
  const basic = new client.Configuration(found.serverMetadata(), provider.clientId, provider.clientSecret, client.ClientSecretBasic(provider.clientSecret));
  if (isInsecureLoopback(provider.issuer)) client.allowInsecureRequests(basic);
  basic.timeout = PROVIDER_TIMEOUT_S;
  return basic;
}

function isInsecureLoopback(issuer: string): boolean {
  const url = new URL(issuer);
  return url.protocol === 'http:' && isLoopbackHost(url.hostname);
}

/** Discovered providers kept at most; the least recently used goes first. */
const DISCOVERY_CACHE_MAX = 32;
const PROVIDER_TIMEOUT_S = 10;

/**
 * The providers (the environment's first, then the admins') and their discovered metadata,
 * cached per provider and thrown away on any failure so the next sign-in discovers afresh.
 */
export function createOidcProviders(deps: { repo: OidcRepository; env: OidcEnvProvider | null }) {
  const { repo, env } = deps;
  const cache = new Map<string, { key: string; config: Promise<client.Configuration> }>();

  const fromEnv = (p: OidcEnvProvider): OidcProvider => ({ ...p, allowedDomains: [], institutionId: null, enabled: true, source: 'environment', rowId: null, createdAt: null });

  const fromRow = (row: Awaited<ReturnType<OidcRepository['findProvider']>>): OidcProvider | undefined =>
    row && {
      id: row.slug,
      name: row.name,
      issuer: row.issuer,
      clientId: row.clientId,
      clientSecret: row.clientSecret,
      allowedDomains: row.allowedDomains,
      institutionId: row.institutionId,
      enabled: row.enabled,
      source: 'admin',
      rowId: row.id,
      createdAt: row.createdAt,
    };

  async function find(id: string): Promise<OidcProvider | undefined> {
    if (env && env.id === id) return fromEnv(env);
    return fromRow(await repo.findProvider(id));
  }

  async function all(): Promise<OidcProvider[]> {
    // An admin's provider named like the environment's is hidden by it, as `find` does.
    const admins = (await repo.listProviders()).filter((row) => !(env && env.id === row.slug)).map((row) => fromRow(row)!);
    return env ? [fromEnv(env), ...admins] : admins;
  }

  /** Plain http only to a provider on this machine (tests, development); every other issuer is https. */
  const options = (issuer: string): client.DiscoveryRequestOptions => ({
    timeout: PROVIDER_TIMEOUT_S,
    ...(isInsecureLoopback(issuer) ? { execute: [client.allowInsecureRequests] } : {}),
  });

  return {
    find,
    all,

    /** An enabled provider, else 404 (a disabled one looks like a missing one). */
    async enabled(id: string): Promise<OidcProvider> {
      const provider = await find(id);
      if (!provider || !provider.enabled) throw new AppError('OIDC_PROVIDER_NOT_FOUND');
      return provider;
    },

    /** The provider's discovered configuration, from the cache when its settings are unchanged. */
    async configuration(provider: OidcProvider): Promise<client.Configuration> {
      const key = `${provider.issuer}\n${provider.clientId}\n${provider.clientSecret}`;
      let entry = cache.get(provider.id);
      if (!entry || entry.key !== key) {
        const config = client
          .discovery(new URL(provider.issuer), provider.clientId, provider.clientSecret, undefined, options(provider.issuer))
          .then((found) => withClientAuth(found, provider));
        entry = { key, config };
        void config.catch(() => {
          if (cache.get(provider.id) === entry) cache.delete(provider.id);
        });
      }
      cache.delete(provider.id);
      cache.set(provider.id, entry);
      while (cache.size > DISCOVERY_CACHE_MAX) cache.delete(cache.keys().next().value!);
      try {
        return await entry.config;
      } catch {
        throw new AppError('OIDC_PROVIDER_UNAVAILABLE', { params: { name: provider.name } });
      }
    },

    /** After a failure talking to the provider (keys rotated, endpoints moved): discover again next time. */
    forget(id: string): void {
      cache.delete(id);
    },
  };
}

export type OidcProviders = ReturnType<typeof createOidcProviders>;
