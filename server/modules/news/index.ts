import { perDatabase, type Area, type Core } from '../area.ts';
import { communitiesRepositories } from '../communities/index.ts';
import type { CommunitiesService } from '../communities/service.ts';
import type { DiscussionsService } from '../discussions/service.ts';
import type { RepresentativesService } from '../representatives/service.ts';
import { filesDirOf } from '../knowledge/files.ts';
import { createNewsImages } from './images.ts';
import { createNewsRepository } from './repository.ts';
import { newsImageRoutes } from './image-routes.ts';
import { newsRoutes } from './routes.ts';
import { createNewsService } from './service.ts';

export const newsRepositories = perDatabase((database) => ({ news: createNewsRepository(database.db) }));

/** News (issue 18, part 1): items by editors, admins and representatives, each with a comments thread in the News forum. */
export function newsArea(core: Core, deps: { representatives: RepresentativesService; communities: CommunitiesService; discussions: DiscussionsService }) {
  const service = createNewsService({
    repo: newsRepositories(core.database).news,
    representatives: deps.representatives,
    communities: deps.communities,
    communitiesRepo: communitiesRepositories(core.database).communities,
    discussions: deps.discussions,
    bus: core.bus,
    images: createNewsImages(filesDirOf(core.database)),
  });
  const area: Area = {
    routes: async (app) => {
      await app.register(newsRoutes, { news: service });
      await app.register(newsImageRoutes, { news: service });
    },
  };
  return { service, ...area };
}
