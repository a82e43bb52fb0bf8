import { DEFAULT_LOCALE } from '../../../shared/i18n/index.ts';
import { perDatabase, type Area, type Core } from '../area.ts';
import type { authArea } from '../auth/index.ts';
import { RESET_REQUEST_PATH } from '../auth/verification.ts';
import { communitiesRepositories } from '../communities/index.ts';
import type { Outbox } from '../mail/outbox.ts';
import { moderationRepositories } from '../moderation/index.ts';
import { usersRepositories } from '../users/index.ts';
import type { UsersService } from '../users/service.ts';
import { secondFactorGuard } from './guard.ts';
import { registerCodeKinds } from './kinds.ts';
import { createSecondFactorsRepository } from './repository.ts';
import { secondFactorsRoutes } from './routes.ts';
import { createSecondFactorsService } from './service.ts';
import { createStaffPolicy } from './staff.ts';

export const secondFactorsRepositories = perDatabase((database) => ({ secondFactors: createSecondFactorsRepository(database.db) }));

const SECURITY_SETTINGS_PATH = '/settings#security';

/**
 * Second factors of this area's kinds: authenticator codes (TOTP) and recovery codes, registered
 * in the auth area's registry; the staff requirement and its guard on every write.
 */
export function secondFactorsArea(core: Core, deps: { auth: ReturnType<typeof authArea>; users: UsersService; outbox: Outbox }) {
  const repo = secondFactorsRepositories(core.database).secondFactors;
  const { users } = usersRepositories(core.database);
  const { moderation } = moderationRepositories(core.database);
  const { communities } = communitiesRepositories(core.database);
  registerCodeKinds(deps.auth.factors, repo);
  const staff = createStaffPolicy({
    siteSetting: moderation.siteSetting,
    setSiteSetting: moderation.setSiteSetting,
    moderatesAny: communities.moderatesAny,
    shared: core.shared,
  });
  const service = createSecondFactorsService({
    repo,
    factors: deps.auth.factors,
    stepUp: deps.auth.stepUp,
    auth: deps.auth.service,
    users,
    staff,
    bus: core.bus,
  });
  deps.users.addCurrentUserFacet(async (userId) => {
    const role = (await users.findById(userId))?.role ?? 'member';
    return { secondFactor: await service.summary(userId, role) };
  });

  core.bus.subscribe('second-factor.changed', async ({ userId, kind, enabled }) => {
    const user = await users.findById(userId);
    if (!user) return;
    await deps.outbox.enqueue({
      kind: 'second_factor_changed',
      to: user.email,
      userId,
      locale: user.locale ?? DEFAULT_LOCALE,
      params: {
        displayName: user.displayName,
        username: user.username,
        enabled,
        settingsUrl: deps.outbox.link(SECURITY_SETTINGS_PATH),
        resetUrl: deps.outbox.link(RESET_REQUEST_PATH),
      },
      eventKey: `second-factor:${userId}:${kind}:${enabled ? 'on' : 'off'}:${Date.now()}`,
    });
  });
  core.bus.subscribe('user.erased', ({ userId }) => service.erase(userId));

  const area: Area = {
    routes: async (app) => {
      await app.register(secondFactorsRoutes, { secondFactors: service, rateLimits: core.config.rateLimits });
    },
  };
  /** Registered at the root by the app, after authentication: the staff requirement on every write. */
  const guard = secondFactorGuard(service);
  return { service, guard, ...area };
}
