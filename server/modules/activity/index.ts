import { invalidation } from '../../cluster/cache-coherence.ts';
import { perDatabase, type Area, type Core } from '../area.ts';
import { communitiesRepositories } from '../communities/index.ts';
import type { LinksService } from '../links/service.ts';
import { createRollupRepository } from './rollup-repository.ts';
import { activityRoutes } from './routes.ts';
import { createActivityService } from './service.ts';
import { UseCounter } from './use-counter.ts';
import { countUse } from './use-hook.ts';
import { createUseRepository } from './use-repository.ts';

export const activityRepositories = perDatabase((database) => ({
  rollup: createRollupRepository(database.db),
  use: createUseRepository(database.db),
}));

/**
 * The network's activity: rollups kept in step by domain events (rebuilt from the source tables
 * when the app starts, so data written without events — the demo seed, an import — counts too),
 * and the knowledge bases' use, counted in memory and written in batches.
 */
export function activityArea(core: Core, deps: { links: Pick<LinksService, 'describe' | 'mostCited'>; flushEveryMs?: number }) {
  const { rollup, use } = activityRepositories(core.database);
  const { bus } = core;
  bus.subscribe('post.created', ({ threadId, postId }) => rollup.touchPost(threadId, postId));
  bus.subscribe('post.updated', ({ threadId, postId }) => rollup.touchPost(threadId, postId));
  bus.subscribe('thread.created', ({ threadId }) => rollup.touchThread(threadId));
  bus.subscribe('thread.updated', ({ threadId }) => rollup.touchThread(threadId));
  bus.subscribe('answer.accepted', ({ threadId }) => rollup.touchThread(threadId));
  bus.subscribe('user.registered', ({ userId }) => rollup.touchUser(userId));
  // A changed country moves the registration (posts already written keep theirs until the next start).
  bus.subscribe('user.updated', ({ userId }) => rollup.touchUser(userId));
  bus.subscribe('community.membership.changed', ({ communityId }) => rollup.touchMemberships(communityId));

  // Stopped (and its last counts written) by the app's closing hook, before the database closes.
  const counter = new UseCounter(use);
  const service = createActivityService({ rollup, use, communities: communitiesRepositories(core.database).communities, links: deps.links, shared: core.shared });
  // Views written by any process change the answers every process keeps.
  counter.onFlush = invalidation<null>(core.shared, 'knowledge-use', () => service.changed()).bind(null, null);
  // Citations follow posts and threads; titles follow the records.
  for (const event of ['post.created', 'post.updated', 'thread.updated', 'knowledge.updated', 'community.updated'] as const) {
    bus.subscribe(event, () => service.changed(), { everywhere: true });
  }
  const area: Area = {
    routes: async (app) => {
      // Rebuilt before the app answers anything (the areas register before it is ready).
      await rollup.rebuild();
      app.addHook('onReady', async () => counter.start(deps.flushEveryMs, (error) => core.log.error({ err: error }, 'knowledge use flush failed')));
      await app.register(activityRoutes, { activity: service });
    },
  };
  /** Register before the other areas: it counts views of their answers. */
  const counting = countUse(counter);
  return { service, counter, rollup, counting, ...area };
}
