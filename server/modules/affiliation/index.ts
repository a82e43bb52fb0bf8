import { perDatabase, type Core } from '../area.ts';
import type { RepresentativesService } from '../representatives/service.ts';
import { usersRepositories } from '../users/index.ts';
import { createAffiliationRepository } from './repository.ts';
import { affiliationRoutes } from './routes.ts';
import { createAffiliationService } from './service.ts';

export const affiliationRepositories = perDatabase((database) => ({ affiliation: createAffiliationRepository(database.db) }));

/** Verified affiliations (issue 19, part 4): institutions' email domains, the badge, vouching. */
export function affiliationArea(core: Core, deps: { representatives: RepresentativesService }) {
  const service = createAffiliationService({
    repo: affiliationRepositories(core.database).affiliation,
    users: usersRepositories(core.database).users,
    representatives: deps.representatives,
    bus: core.bus,
  });
  const { bus } = core;
  bus.subscribe('user.email.verified', ({ userId }) => service.evaluate(userId));
  bus.subscribe('identity.linked', ({ userId, email, emailVerified }) => service.evaluate(userId, emailVerified && email ? email : undefined));
  // A change of institution ends the affiliation with the one before (and may verify the new one).
  bus.subscribe('user.updated', ({ userId }) => service.evaluate(userId));
  bus.subscribe('user.erased', ({ userId }) => service.erase(userId));
  return {
    service,
    routes: async (app: import('fastify').FastifyInstance) => {
      await app.register(affiliationRoutes, { affiliation: service });
    },
  };
}
