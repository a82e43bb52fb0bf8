import { perDatabase, type Area, type Core } from '../area.ts';
import type { authArea } from '../auth/index.ts';
import type { Outbox } from '../mail/outbox.ts';
import { usersRepositories } from '../users/index.ts';
import { createPasskeysRepository } from './repository.ts';
import { passkeysRoutes } from './routes.ts';
import { createPasskeysService } from './service.ts';
import { relyingParty } from './webauthn.ts';

export const passkeysRepositories = perDatabase((database) => ({ passkeys: createPasskeysRepository(database.db) }));

/** Passkeys (WebAuthn): a second factor, and a whole sign-in by itself. */
export function passkeysArea(core: Core, deps: { auth: ReturnType<typeof authArea>; outbox: Outbox }) {
  const repo = passkeysRepositories(core.database).passkeys;
  const { users } = usersRepositories(core.database);
  const service = createPasskeysService({
    repo,
    users,
    stepUp: deps.auth.stepUp,
    hasFactor: (userId) => deps.auth.factors.has(userId),
    auth: deps.auth.service,
    loginChallenges: deps.auth.challenges,
    outbox: deps.outbox,
    // Read when used: the public address is the site's (tests learn their port after building the app).
    rp: () => relyingParty(core.config.mail?.publicUrl ?? 'http://localhost:3000'),
    waysIn: deps.auth.waysIn,
  });
  deps.auth.factors.register(service.factor);
  deps.auth.waysIn.register('passkeys', (userId) => repo.countFor(userId));
  core.bus.subscribe('user.erased', ({ userId }) => service.erase(userId));
  const area: Area = {
    routes: async (app) => {
      await app.register(passkeysRoutes, { passkeys: service, rateLimits: core.config.rateLimits });
    },
  };
  return { service, ...area };
}
