import { perDatabase, type Core } from '../area.ts';
import { createCommunityGate } from '../communities/access.ts';
import { communitiesRepositories } from '../communities/index.ts';
import { createLinksRepository } from './repository.ts';
import { createLinksService } from './service.ts';

export const linksRepositories = perDatabase((database) => ({ links: createLinksRepository(database.db) }));

/** Typed links and backlinks: who cites what, as each reader may see it. */
export function linksArea(core: Core) {
  const { links } = linksRepositories(core.database);
  const { communities } = communitiesRepositories(core.database);
  return { service: createLinksService({ links, gate: createCommunityGate(communities) }) };
}
