import type { Db } from '../../../db/client.ts';
import { createSearchRepository } from './repository.ts';
import { createSearchService } from './service.ts';

export { searchRoutes } from './routes.ts';

/** The search area wired over one database. */
export function createSearch(db: Db) {
  return createSearchService({ search: createSearchRepository(db) });
}
