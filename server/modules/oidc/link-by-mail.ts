import { randomBytes } from 'node:crypto';
import { DEFAULT_LOCALE } from '../../../shared/i18n/index.ts';
import { AppError } from '../../lib/errors.ts';
import type { Outbox } from '../mail/outbox.ts';
import type { UsersRepository } from '../users/repository.ts';
import type { IdentityClaims, OidcAccounts } from './accounts.ts';
import type { OidcProvider } from './providers.ts';
import type { OidcRepository } from './repository.ts';
import { sha256 } from './sign-in.ts';

/** The mailed link works once, for a day. */
export const OIDC_LINK_TTL_MS = 24 * 3_600_000;
export const OIDC_LINK_PAGE_PATH = '/login/link';

/**
 * A new identity whose address an existing account holds is never linked silently: that
 * account proves itself by following a link mailed to its address.
 */
export function createOidcLinkByMail(deps: {
  repo: OidcRepository;
  users: UsersRepository;
  outbox: Outbox;
  accounts: OidcAccounts;
  now?: () => Date;
}) {
  const { repo, users, outbox } = deps;
  const now = deps.now ?? (() => new Date());

  return {
    async mail(userId: number, provider: OidcProvider, claims: IdentityClaims): Promise<void> {
      const user = await users.findById(userId);
      if (!user) return;
      const token = randomBytes(32).toString('base64url');
      await repo.transaction(async () => {
        await repo.deleteExpiredLinkTokens(now());
        const id = await repo.insertLinkToken({
          tokenHash: sha256(token),
          userId,
          providerId: provider.id,
          subject: claims.subject,
          email: claims.email,
          emailVerified: claims.emailVerified,
          expiresAt: new Date(now().getTime() + OIDC_LINK_TTL_MS),
        });
        await outbox.enqueue({
          kind: 'oidc_link',
          to: user.email,
          userId,
          locale: user.locale ?? DEFAULT_LOCALE,
          params: { displayName: user.displayName, username: user.username, providerName: provider.name, linkUrl: outbox.link(OIDC_LINK_PAGE_PATH, { token }) },
          eventKey: `oidc-link:${id}`,
        });
      });
    },

    /** Follows the mailed link: the identity is linked; returns the account to sign in. */
    async redeem(token: string): Promise<number> {
      const found = await repo.findLinkToken(sha256(token));
      const at = now();
      if (!found || found.usedAt || found.expiresAt.getTime() <= at.getTime()) throw new AppError('OIDC_LINK_INVALID');
      const fresh = await repo.transaction(async () => {
        if (!(await repo.consumeLinkToken(found.id, at))) throw new AppError('OIDC_LINK_INVALID');
        return await deps.accounts.link(found.userId, found.providerId, found);
      });
      if (fresh) await deps.accounts.linked(found.userId, found.providerId, found);
      return found.userId;
    },
  };
}

export type OidcLinkByMail = ReturnType<typeof createOidcLinkByMail>;
