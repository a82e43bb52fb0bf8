import type { WorkshopRow } from '../../../db/schema/index.ts';
import type { Workshop } from '../../../shared/schemas/workshops.ts';
import { perDatabase, type Area, type Core } from '../area.ts';
import type { Actor } from '../auth/actor.ts';
import { discussionsRepositories } from '../discussions/index.ts';
import { knowledgeRepositories } from '../knowledge/index.ts';
import { workshopsRepositories } from '../workshops/index.ts';
import { createHomeRepository } from './repository.ts';
import { homeRoutes } from './routes.ts';
import { createHomeService } from './service.ts';

export const homeRepositories = perDatabase((database) => ({ home: createHomeRepository(database) }));

/** The member's home (and the visitor's public one): `GET /api/home` and its lists. */
export function homeArea(core: Core, deps: { presentWorkshops: (rows: WorkshopRow[], actor: Actor | null) => Promise<Workshop[]> }) {
  const service = createHomeService({
    repo: homeRepositories(core.database).home,
    reads: discussionsRepositories(core.database).reads,
    items: knowledgeRepositories(core.database).items,
    onKnowledgeChanged: (drop) => core.bus.subscribe('knowledge.updated', drop, { everywhere: true }),
    shared: core.shared,
    workshops: { findById: (id) => workshopsRepositories(core.database).workshops.findById(id), present: deps.presentWorkshops },
  });
  const area: Area = { routes: async (app) => app.register(homeRoutes, { home: service }) };
  return { service, ...area };
}
