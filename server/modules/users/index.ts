import { perDatabase, type Area, type Core } from '../area.ts';
import { inboundMailRepositories } from '../inbound-mail/repository.ts';
import type { AuditTrail } from '../audit/index.ts';
import { createUsersRepository } from './repository.ts';
import { usersRoutes } from './routes.ts';
import { createUsersService } from './service.ts';

export const usersRepositories = perDatabase((database) => ({ users: createUsersRepository(database.db) }));

/** People: profiles, the admins' people page and site roles. */
export function usersArea(core: Core, deps: { audit: AuditTrail }) {
  const { users } = usersRepositories(core.database);
  const { inbound } = inboundMailRepositories(core.database);
  const service = createUsersService({ users, bus: core.bus, audit: deps.audit, emailBouncing: inbound.isBouncing });
  const area: Area = { routes: async (app) => app.register(usersRoutes, { users: service }) };
  return { service, ...area };
}
