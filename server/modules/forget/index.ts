import { perDatabase, type Area, type Core } from '../area.ts';
import type { AuditTrail } from '../audit/index.ts';
import { authRepositories } from '../auth/index.ts';
import type { SessionCookie } from '../auth/session-store.ts';
import type { StepUp } from '../auth/step-up.ts';
import { createAuthorErasure } from '../discussions/erasure.ts';
import { createDiscussionErasure } from '../discussions/erasure-repository.ts';
import { discussionsRepositories } from '../discussions/index.ts';
import { linksRepositories } from '../links/index.ts';
import type { AvatarService } from '../users/avatars.ts';
import { usersRepositories } from '../users/index.ts';
import { createErasure, existingAreaErasers } from './erasure.ts';
import { createForgetRepository } from './repository.ts';
import { forgetRoutes } from './routes.ts';
import { createForgetService } from './service.ts';

export const forgetRepositories = perDatabase((database) => ({ names: createForgetRepository(database.db) }));

/**
 * Deleting one's account: the erasure itself, across every area that existed when it was built
 * (each area's rows through its own `erasure-repository.ts`); areas added later subscribe to `user.erased`.
 */
export function forgetArea(core: Core, deps: { stepUp: StepUp; audit: AuditTrail; avatars: AvatarService; blankCookie: () => SessionCookie }) {
  const { users } = usersRepositories(core.database);
  const { threads } = discussionsRepositories(core.database);
  const erasure = createErasure({
    users,
    names: forgetRepositories(core.database).names,
    discussions: createAuthorErasure({ erasure: createDiscussionErasure(core.database.db), threads, users, links: linksRepositories(core.database).links }),
    threadLanguage: async (threadId) => (await threads.findById(threadId))?.language ?? null,
    erasers: existingAreaErasers(core.database.db),
  });
  const service = createForgetService({
    users,
    erasure,
    sessions: authRepositories(core.database).sessions,
    stepUp: deps.stepUp,
    audit: deps.audit,
    bus: core.bus,
    discardAvatar: deps.avatars.discard,
  });
  const area: Area = { routes: async (app) => app.register(forgetRoutes, { forget: service, blankCookie: deps.blankCookie }) };
  return { service, ...area };
}
