import { createHash, randomBytes } from 'node:crypto';
import * as client from 'openid-client';
import type { Locale } from '../../../shared/i18n/index.ts';
import type { OidcCallbackQuery } from '../../../shared/schemas/oidc.ts';
import { AppError } from '../../lib/errors.ts';
import type { PresenceProof, StepUp } from '../auth/step-up.ts';
import type { Actor } from '../auth/actor.ts';
import type { SecondStep, SignedIn } from '../auth/service.ts';
import type { SessionClient } from '../auth/session-store.ts';
import { cleanEmail, type IdentityClaims, type OidcAccounts } from './accounts.ts';
import type { OidcProvider, OidcProviders } from './providers.ts';
import type { OidcRepository } from './repository.ts';

/** A sign-in sent to a provider must come back within ten minutes. */
export const OIDC_LOGIN_TTL_MS = 10 * 60_000;
export const OIDC_SCOPE = 'openid email profile';

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** Only a path on this site, never another origin (`//evil`, `/\evil`, `https://…`). */
export function safeNext(next: string | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || /[\u0000-\u001f\\]/.test(next)) return '/';
  return next;
}

/** Where the provider sends the browser back: built from the public address, never from the Host header. */
export function callbackUrl(publicUrl: string, providerId: string): string {
  return `${publicUrl}/api/auth/oidc/${encodeURIComponent(providerId)}/callback`;
}

export type CallbackOutcome =
  | { kind: 'signedIn'; signedIn: SignedIn; next: string }
  | { kind: 'secondFactor'; step: SecondStep; next: string }
  | { kind: 'linked'; next: string }
  /** A new identity whose address an existing account holds: a link was mailed there. */
  | { kind: 'mailed'; next: string };

/** A refusal, and where to show it: the sign-in page, or settings when linking. */
export class OidcRefusal extends Error {
  constructor(
    readonly code: AppError['code'],
    readonly linking: boolean,
    readonly params: Record<string, string> = {},
  ) {
    super(code);
  }
}

/**
 * The authorization code flow with PKCE (S256), state and nonce. What the callback checks is
 * kept on the server (`oidc_logins`), named by a random value in the browser's cookie: only the
 * provider's `code` and `state` come back through the address.
 */
export function createOidcSignIn(deps: {
  repo: OidcRepository;
  providers: OidcProviders;
  accounts: OidcAccounts;
  publicUrl: string;
  passFirstStep: (userId: number, client?: SessionClient) => Promise<SignedIn | SecondStep>;
  /** Mails the single-use link to an account holding a new identity's address. */
  mailLink: (userId: number, provider: OidcProvider, claims: IdentityClaims) => Promise<void>;
  /** "Confirm it is you" before a new way in is linked. */
  stepUp: Pick<StepUp, 'confirm'>;
  now?: () => Date;
}) {
  const { repo, providers, accounts } = deps;
  const now = deps.now ?? (() => new Date());

  async function begin(providerId: string, next: string, linkUserId: number | null) {
    const provider = await providers.enabled(providerId);
    const config = await providers.configuration(provider);
    const codeVerifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const secret = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now().getTime() + OIDC_LOGIN_TTL_MS);
    await repo.deleteExpiredLogins(now());
    await repo.insertLogin({ idHash: sha256(secret), providerId: provider.id, state, codeVerifier, nonce, nextPath: next, linkUserId, expiresAt });
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: callbackUrl(deps.publicUrl, provider.id),
      scope: OIDC_SCOPE,
      response_type: 'code',
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url: url.href, secret, expiresAt };
  }

  function claimsOf(idToken: client.IDToken | undefined): IdentityClaims {
    if (!idToken?.sub) throw new AppError('OIDC_SIGN_IN_FAILED');
    const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : null);
    return {
      subject: idToken.sub,
      email: cleanEmail(idToken.email),
      // Some providers send the flag as a string.
      emailVerified: (idToken.email_verified === true || idToken.email_verified === 'true') && cleanEmail(idToken.email) !== null,
      name: text(idToken.name),
      preferredUsername: text(idToken.preferred_username),
    };
  }

  return {
    /** "Sign in with …": the provider's address to send the browser to, and the cookie's secret. */
    start: (providerId: string, next: string | undefined) => begin(providerId, safeNext(next), null),

    /** "Link …" from settings: the same, for the signed-in account, once it confirmed it is the member (a new way in). */
    async startLink(actor: Actor | null, sessionId: string | null, providerId: string, proof: PresenceProof) {
      if (!actor) throw new AppError('UNAUTHENTICATED');
      if (!sessionId) throw new AppError('SESSION_REQUIRED');
      await deps.stepUp.confirm(actor, sessionId, proof);
      return begin(providerId, '/settings', actor.id);
    },

    /**
     * The provider's answer. Every failure is an `OidcRefusal` (a page can show it): a missing
     * or wrong state, a used or expired code, an ID token with the wrong nonce.
     */
    async callback(providerId: string, secret: string | undefined, query: OidcCallbackQuery, actor: Actor | null, client_: SessionClient, locale: Locale): Promise<CallbackOutcome> {
      const login = secret ? await repo.takeLogin(sha256(secret)) : undefined;
      const linking = login?.linkUserId != null;
      const refuse = (code: AppError['code'], params?: Record<string, string>): never => {
        throw new OidcRefusal(code, linking, params);
      };
      if (!login || login.providerId !== providerId || login.expiresAt.getTime() <= now().getTime()) return refuse('OIDC_STATE_INVALID');
      if (!query.state || query.state !== login.state) return refuse('OIDC_STATE_INVALID');
      if (query.error) return refuse(query.error === 'access_denied' ? 'OIDC_CANCELLED' : 'OIDC_SIGN_IN_FAILED');
      let provider: OidcProvider;
      try {
        provider = await providers.enabled(providerId);
      } catch {
        return refuse('OIDC_PROVIDER_NOT_FOUND');
      }
      const config = await providers.configuration(provider).catch(() => refuse('OIDC_PROVIDER_UNAVAILABLE', { name: provider.name }));
      // Only what the client library checks goes back in: the code, the state and the issuer.
      const current = new URL(callbackUrl(deps.publicUrl, provider.id));
      for (const name of ['code', 'state', 'iss'] as const) if (query[name] !== undefined) current.searchParams.set(name, query[name]!);
      let claims: IdentityClaims;
      try {
        const tokens = await client.authorizationCodeGrant(config, current, {
          pkceCodeVerifier: login.codeVerifier,
          expectedState: login.state,
          expectedNonce: login.nonce,
          idTokenExpected: true,
        });
        const idToken = tokens.claims();
        claims = claimsOf(idToken);
        // Providers that keep the email and profile claims out of the ID token give them at userinfo.
        if (!claims.email && config.serverMetadata().userinfo_endpoint) {
          const info = await client.fetchUserInfo(config, tokens.access_token, claims.subject);
          const fromToken = idToken?.email !== undefined;
          claims = claimsOf({
            ...idToken!,
            email: fromToken ? idToken!.email : info.email,
            email_verified: fromToken ? idToken!.email_verified : info.email_verified,
            name: idToken?.name ?? info.name,
            preferred_username: idToken?.preferred_username ?? info.preferred_username,
          });
        }
      } catch (error) {
        // A refused code is the person's problem; anything else may be stale metadata or keys.
        if (!(error instanceof client.ResponseBodyError)) providers.forget(provider.id);
        return refuse('OIDC_SIGN_IN_FAILED', { name: provider.name });
      }
      try {
        accounts.checkDomain(provider, claims);
        if (linking) {
          if (actor?.id !== login.linkUserId) return refuse('OIDC_STATE_INVALID');
          if (await accounts.link(login.linkUserId!, provider.id, claims)) await accounts.linked(login.linkUserId!, provider.id, claims);
          return { kind: 'linked', next: login.nextPath };
        }
        let userId = await accounts.known(provider, claims);
        if (userId === undefined) {
          const holder = await accounts.holderOf(claims);
          if (holder) {
            await deps.mailLink(holder.id, provider, claims);
            return { kind: 'mailed', next: login.nextPath };
          }
          userId = await accounts.create(provider, claims, locale);
        }
        const outcome = await deps.passFirstStep(userId, client_);
        return 'secondFactor' in outcome ? { kind: 'secondFactor', step: outcome, next: login.nextPath } : { kind: 'signedIn', signedIn: outcome, next: login.nextPath };
      } catch (error) {
        if (error instanceof AppError) return refuse(error.code, Object.fromEntries(Object.entries(error.options?.params ?? {}).map(([k, v]) => [k, String(v)])));
        throw error;
      }
    },
  };
}

export type OidcSignIn = ReturnType<typeof createOidcSignIn>;
