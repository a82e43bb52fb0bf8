import { perDatabase, type Area, type Core } from '../area.ts';
import type { AuditTrail } from '../audit/index.ts';
import { usersRepositories } from '../users/index.ts';
import { createCommunityGate } from './access.ts';
import { createAdmission } from './admission.ts';
import { createManagedCommunities } from './managed.ts';
import { createCommunitiesRepository } from './repository.ts';
import { communitiesRoutes } from './routes.ts';
import { createCommunitiesService, type ReadStatePort } from './service.ts';

export const communitiesRepositories = perDatabase((database) => ({ communities: createCommunitiesRepository(database.db) }));

/** Communities of practice: memberships, forums, and the gate every area reads them through. */
export function communitiesArea(core: Core, deps: { audit: AuditTrail; reads?: ReadStatePort }) {
  const { communities } = communitiesRepositories(core.database);
  const { users } = usersRepositories(core.database);
  const managed = createManagedCommunities(communities, core.bus);
  const service = createCommunitiesService({ communities, users, bus: core.bus, audit: deps.audit, reads: deps.reads, belonging: managed.belonging });
  const area: Area = { routes: async (app) => app.register(communitiesRoutes, { communities: service }) };
  return { service, gate: createCommunityGate(communities), managed, admission: createAdmission(communities, core.bus), ...area };
}
