import { perDatabase, type Area, type Core } from '../area.ts';
import { knowledgeRepositories } from '../knowledge/index.ts';
import { createNetworkRepository } from './repository.ts';
import { networkRoutes } from './routes.ts';
import { createNetworkService, type MapLink } from './service.ts';

export const networkRepositories = perDatabase((database) => ({ network: createNetworkRepository(database.db) }));

/** What changes the map's activity: posts, their visibility, their communities', their authors' countries. */
const ACTIVITY_EVENTS = ['post.created', 'post.updated', 'thread.created', 'thread.updated', 'community.updated', 'user.updated', 'audit.action'] as const;

/**
 * The network by country and on a map: `GET /api/countries/:code`, `GET /api/network/map`, and
 * the figures the countries list shows. Agreements and the map's links come from their own
 * areas through the providers (none when absent).
 */
export function networkArea(
  core: Core,
  deps: {
    agreementsPerCountry?: () => Map<string, number> | Promise<Map<string, number>>;
    mapLinks?: () => MapLink[] | Promise<MapLink[]>;
  } = {},
) {
  const service = createNetworkService({
    repo: networkRepositories(core.database).network,
    geo: knowledgeRepositories(core.database).geo,
    agreementsPerCountry: deps.agreementsPerCountry,
    mapLinks: deps.mapLinks,
    onActivityChanged: (drop) => {
      for (const event of ACTIVITY_EVENTS) core.bus.subscribe(event, drop, { everywhere: true });
    },
    shared: core.shared,
  });
  const area: Area = { routes: async (app) => app.register(networkRoutes, { network: service }) };
  return { service, ...area };
}
