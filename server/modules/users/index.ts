import { perDatabase, type Area, type Core } from '../area.ts';
import { inboundMailRepositories } from '../inbound-mail/repository.ts';
import type { AuditTrail } from '../audit/index.ts';
import { filesDirOf } from '../knowledge/files.ts';
import { avatarRoutes } from './avatar-routes.ts';
import { createAvatarService } from './avatars.ts';
import { createUsersRepository } from './repository.ts';
import { usersRoutes } from './routes.ts';
import { createUsersService } from './service.ts';

export const usersRepositories = perDatabase((database) => ({ users: createUsersRepository(database.db) }));

/** People: profiles, avatars, the admins' people page and site roles. */
export function usersArea(core: Core, deps: { audit: AuditTrail }) {
  const { users } = usersRepositories(core.database);
  const { inbound } = inboundMailRepositories(core.database);
  const service = createUsersService({ users, bus: core.bus, audit: deps.audit, emailBouncing: inbound.isBouncing });
  const avatars = createAvatarService({ users, bus: core.bus, filesDir: filesDirOf(core.database) });
  const area: Area = {
    routes: async (app) => {
      await app.register(usersRoutes, { users: service });
      await app.register(avatarRoutes, { avatars });
    },
  };
  return { service, avatars, ...area };
}
