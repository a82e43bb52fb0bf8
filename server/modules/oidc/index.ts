import { perDatabase, type Area, type Core } from '../area.ts';
import type { Outbox } from '../mail/outbox.ts';
import type { AuthService } from '../auth/service.ts';
import type { StepUp } from '../auth/step-up.ts';
import type { WaysIn } from '../auth/ways-in.ts';
import type { EmailVerification } from '../auth/verification.ts';
import { usersRepositories } from '../users/index.ts';
import { defaultMailConfig } from '../../config.ts';
import { createOidcAccounts } from './accounts.ts';
import { createOidcAdmin } from './admin.ts';
import { createOidcIdentities } from './identities.ts';
import { createOidcLinkByMail } from './link-by-mail.ts';
import { createOidcProviders } from './providers.ts';
import { createOidcRepository } from './repository.ts';
import { oidcRoutes } from './routes.ts';
import { createOidcSignIn } from './sign-in.ts';

export const oidcRepositories = perDatabase((database) => ({ oidc: createOidcRepository(database.db) }));

/** Signing in with an institution's OpenID Provider: providers, linked identities, the flow itself. */
export function oidcArea(core: Core, deps: { auth: AuthService; stepUp: StepUp; waysIn: WaysIn; verification: EmailVerification; outbox: Outbox }) {
  const { oidc: repo } = oidcRepositories(core.database);
  const { users } = usersRepositories(core.database);
  const providers = createOidcProviders({ repo, env: core.config.oidc?.provider ?? null });
  const accounts = createOidcAccounts({ repo, users, bus: core.bus, onRegistered: deps.verification.registered });
  const linkByMail = createOidcLinkByMail({ repo, users, outbox: deps.outbox, accounts });
  const publicUrl = (core.config.mail ?? defaultMailConfig()).publicUrl;
  const signIn = createOidcSignIn({
    repo,
    providers,
    accounts,
    publicUrl,
    passFirstStep: deps.auth.passFirstStep,
    mailLink: linkByMail.mail,
    stepUp: deps.stepUp,
  });
  const identities = createOidcIdentities({ repo, providers, stepUp: deps.stepUp, waysIn: deps.waysIn });
  const admin = createOidcAdmin({ repo, providers, users, bus: core.bus, publicUrl });
  // A linked identity is a way in: removing the last one is refused.
  deps.waysIn.register('identities', repo.countIdentities);
  core.bus.subscribe('user.erased', async ({ userId }) => {
    await repo.transaction(async () => {
      await repo.deleteIdentitiesOf(userId);
      await repo.deleteLoginsOf(userId);
      await repo.deleteLinkTokensOf(userId);
    });
  });
  const area: Area = {
    routes: async (app) => {
      await app.register(oidcRoutes, { providers, signIn, linkByMail, identities, admin, auth: deps.auth, rateLimits: core.config.rateLimits });
    },
  };
  return { providers, signIn, identities, admin, repo, ...area };
}
