import type { OpenedDb } from '../../../db/client.ts';
import type { EventBus } from '../../lib/event-bus.ts';
import { KnowledgeMetaIndex } from './knowledge-meta.ts';
import { createSearchRepository } from './repository.ts';
import { createSearchService } from './service.ts';

export { searchRoutes } from './routes.ts';

/** The search area wired over one database. */
export function createSearch(database: OpenedDb, bus: EventBus) {
  const knowledgeMeta = new KnowledgeMetaIndex(database.sqlite);
  bus.subscribe('knowledge.updated', () => knowledgeMeta.invalidate());
  return createSearchService({ search: createSearchRepository(database.sqlite), knowledgeMeta });
}
