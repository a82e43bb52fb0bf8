import { perDatabase, type Area, type Core } from '../area.ts';
import { discussionsRepositories } from '../discussions/index.ts';
import { createDraftsRepository } from './repository.ts';
import { draftsRoutes } from './routes.ts';
import { createDraftsService, type Places } from './service.ts';
import { subscribeDrafts } from './subscribers.ts';

export const draftsRepositories = perDatabase((database) => ({ drafts: createDraftsRepository(database.db) }));

/** Drafts: a member's unsent text per place, checked against discussions' posting rules, cleared on posting. */
export function draftsArea(core: Core, deps: { places: Places }) {
  const service = createDraftsService({ drafts: draftsRepositories(core.database).drafts, places: deps.places });
  const { threads, posts } = discussionsRepositories(core.database);
  subscribeDrafts(core.bus, { drafts: service, threads, posts });
  const area: Area = { routes: async (app) => app.register(draftsRoutes, { drafts: service }) };
  return { service, ...area };
}
