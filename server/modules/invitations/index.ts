import { perDatabase, type Area, type Core } from '../area.ts';
import type { AuditTrail } from '../audit/index.ts';
import type { communitiesArea } from '../communities/index.ts';
import { communitiesRepositories } from '../communities/index.ts';
import type { Outbox } from '../mail/outbox.ts';
import { usersRepositories } from '../users/index.ts';
import { createInvitationsRepository } from './repository.ts';
import { invitationsRoutes } from './routes.ts';
import { createInvitationsService } from './service.ts';

export const invitationsRepositories = perDatabase((database) => ({ invitations: createInvitationsRepository(database.db) }));

/** Invitations into communities (private ones included): links made by moderators, accepted by the people they reach. */
export function invitationsArea(core: Core, deps: { audit: AuditTrail; outbox: Outbox; communities: ReturnType<typeof communitiesArea> }) {
  const { invitations: repo } = invitationsRepositories(core.database);
  const { users } = usersRepositories(core.database);
  const service = createInvitationsService({
    repo,
    gate: deps.communities.gate,
    communities: communitiesRepositories(core.database).communities,
    users,
    admission: deps.communities.admission,
    belonging: deps.communities.managed.belonging,
    audit: deps.audit,
    outbox: deps.outbox,
    bus: core.bus,
  });
  // The address as the account row still has it when the event arrives (null: only the maker is forgotten).
  core.bus.subscribe('user.erased', ({ userId, email }) => service.erased(userId, email || null));
  const area: Area = { routes: async (app) => app.register(invitationsRoutes, { invitations: service }) };
  return { service, ...area };
}
