import type { OpenedDb } from '../../../db/client.ts';
import type { EventBus } from '../../lib/event-bus.ts';
import type { Area, Core } from '../area.ts';
import { KnowledgeMetaIndex } from './knowledge-meta.ts';
import { createResultFactsRepository } from './facts-repository.ts';
import { createSearchRepository } from './repository.ts';
import { createSearchService } from './service.ts';
import { discussionReads } from '../discussions/index.ts';

import { searchRoutes } from './routes.ts';

export { searchRoutes };

/** The search area wired over one database. */
export function createSearch(database: OpenedDb, bus: EventBus) {
  const knowledgeMeta = new KnowledgeMetaIndex(database.db);
  // Any process's edit (on SQLite the index's stamp also sees another connection's commit).
  bus.subscribe('knowledge.updated', () => knowledgeMeta.invalidate(), { everywhere: true });
  return createSearchService({
    search: createSearchRepository(database.db),
    knowledgeMeta,
    facts: createResultFactsRepository(database.db),
    readState: discussionReads(database).threadState,
  });
}

/** The search area as the app registers it, with its per-client limit. */
export function searchArea(core: Core): Area {
  const search = createSearch(core.database, core.bus);
  return { routes: async (app) => app.register(searchRoutes, { search, limit: core.config.rateLimits.search }) };
}
