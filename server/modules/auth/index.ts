import { perDatabase, type Area, type Core } from '../area.ts';
import { sharedWindows } from '../../cluster/shared-windows.ts';
import type { Outbox } from '../mail/outbox.ts';
import { inboundMailRepositories } from '../inbound-mail/repository.ts';
import { usersRepositories } from '../users/index.ts';
import type { UsersService } from '../users/service.ts';
import { createEmailChange } from './email-change.ts';
import { emailRoutes } from './email-routes.ts';
import { createEmailTokensRepository } from './email-tokens-repository.ts';
import { createEmailVerification } from './verification.ts';
import { createPasswordReset } from './password-reset.ts';
import { createPasswordResetRepository } from './password-reset-repository.ts';
import { passwordResetRoutes, type PasswordResetLimits } from './password-reset-routes.ts';
import { createTokensRepository } from './repository.ts';
import { authRoutes } from './routes.ts';
import { createAuthService } from './service.ts';
import { createSessionStore } from './session-store.ts';
import { createLoginChallengesRepository } from './login-challenges-repository.ts';
import { createSecondFactors } from './second-factors.ts';
import { createStepUp } from './step-up.ts';
import { createWaysIn } from './ways-in.ts';

export const authRepositories = perDatabase((database) => ({
  tokens: createTokensRepository(database.db),
  sessions: createSessionStore(database.db),
  resetTokens: createPasswordResetRepository(database.db),
  emailTokens: createEmailTokensRepository(database.db),
  challenges: createLoginChallengesRepository(database.db),
}));

/** Accounts: sign-in, sessions, API tokens, password changes and resets, the account's address. */
export function authArea(core: Core, deps: { users: UsersService; outbox: Outbox; resetLimits?: PasswordResetLimits }) {
  const { users } = usersRepositories(core.database);
  const { tokens, sessions, resetTokens, emailTokens, challenges } = authRepositories(core.database);
  // A session ended or an account changed through any process is looked up afresh in every one.
  sessions.share(core.shared);
  // Every kind of second factor registers here (issue 19: authenticator codes, recovery codes, passkeys).
  const factors = createSecondFactors();
  const verification = createEmailVerification({ users, tokens: emailTokens, outbox: deps.outbox, bus: core.bus });
  const service = createAuthService({
    users,
    tokens,
    sessions,
    bus: core.bus,
    factors,
    challenges,
    loginFailures: core.config.rateLimits.loginFailures,
    windows: sharedWindows(core.shared),
    emailBouncing: inboundMailRepositories(core.database).inbound.isBouncing,
    onRegistered: verification.registered,
    currentUser: (userId) => deps.users.currentOf(userId),
  });
  const emailChange = createEmailChange({
    users,
    tokens: emailTokens,
    outbox: deps.outbox,
    bus: core.bus,
    verification,
    checkCurrentPassword: service.checkCurrentPassword,
  });
  // The ways in (password here; identities and passkeys register theirs): the last one cannot be removed.
  const waysIn = createWaysIn();
  waysIn.register('password', async (userId) => ((await users.findById(userId))?.passwordHash ? 1 : 0));
  const stepUp = createStepUp({ users, sessions, factors, checkCurrentPassword: service.checkCurrentPassword, attempts: service.attempts });
  // A changed account (name, role, language) is looked up afresh by its sessions.
  core.bus.subscribe('user.updated', ({ userId }) => {
    sessions.forgetUser(userId);
  });
  const reset = createPasswordReset({ users, tokens: resetTokens, sessions, outbox: deps.outbox, bus: core.bus });
  const area: Area = {
    routes: async (app) => {
      await app.register(authRoutes, { auth: service, users: deps.users, rateLimits: core.config.rateLimits });
      await app.register(passwordResetRoutes, { reset, limits: deps.resetLimits });
      await app.register(emailRoutes, { verification, change: emailChange });
    },
  };
  return { service, reset, verification, emailChange, factors, stepUp, challenges, waysIn, ...area };
}
