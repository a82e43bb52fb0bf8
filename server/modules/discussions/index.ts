import { perDatabase, type Area, type Core } from '../area.ts';
import { communitiesRepositories } from '../communities/index.ts';
import { knowledgeRepositories } from '../knowledge/index.ts';
import { linksRepositories } from '../links/index.ts';
import { usersRepositories } from '../users/index.ts';
import { createCommunityGate } from '../communities/access.ts';
import type { AuditTrail } from '../audit/index.ts';
import type { PostRules } from '../moderation/post-rules.ts';
import { createThreadGate } from './access.ts';
import { subscribeCitationRecooking } from './citations.ts';
import type { DiscussionsDeps } from './context.ts';
import { createLiveDiscussions } from './live.ts';
import { createPostsRepository } from './posts-repository.ts';
import { createPostPresenter } from './presenter.ts';
import { createReadsRepository } from './reads-repository.ts';
import { createReadCountsRepository } from './read-counts-repository.ts';
import { createDiscussionsService } from './service.ts';
import { discussionsRoutes } from './routes.ts';
import { subscribeThreadPageCache } from './subscribers.ts';
import { ThreadPageCache } from './thread-page-cache.ts';
import { createThreadsRepository } from './threads-repository.ts';

/** The discussions area: its service for the REST routes and its live side for the sockets. */
export function createDiscussions(deps: Omit<DiscussionsDeps, 'gate' | 'threadGate' | 'present'>) {
  const gate = createCommunityGate(deps.communities);
  const threadGate = createThreadGate({ gate, threads: deps.threads, posts: deps.posts });
  const present = createPostPresenter({ users: deps.users, posts: deps.posts });
  return {
    service: createDiscussionsService({ ...deps, gate, threadGate, present }),
    live: createLiveDiscussions({
      gate,
      threadGate,
      threads: deps.threads,
      posts: deps.posts,
      present,
      neverShown: deps.postRules?.neverShown,
      reads: deps.reads,
      readCounts: deps.readCounts,
      communities: deps.communities,
    }),
  };
}

export const discussionsRepositories = perDatabase((database) => ({
  threads: createThreadsRepository(database.db),
  posts: createPostsRepository(database.db),
  reads: createReadsRepository(database.db),
  readCounts: createReadCountsRepository(database.db),
}));

/**
 * What other areas' lists ask of read state (the communities' forum counts, search hits): the
 * same rules as the forum's thread list, read through the repositories that own them.
 */
export const discussionReads = perDatabase((database) => {
  const { reads, readCounts } = discussionsRepositories(database);
  return { threadState: reads.stateOf, forumCounts: readCounts.byForum };
});
export type DiscussionReads = ReturnType<typeof discussionReads>;

/**
 * The discussions area as the app registers it: built from the shared deps, with the post
 * rules of moderation's trust settings (every post passes them) and its redirects of merged threads.
 */
export function discussionsArea(core: Core, deps: { audit: AuditTrail; postRules: PostRules; movedTo: (threadId: number) => number | null | Promise<number | null> }) {
  const { threads, posts, reads, readCounts } = discussionsRepositories(core.database);
  const pageCache = new ThreadPageCache(undefined, core.shared);
  subscribeThreadPageCache(core.bus, pageCache);
  const { vocabulary } = knowledgeRepositories(core.database);
  const discussions = createDiscussions({
    communities: communitiesRepositories(core.database).communities,
    threads,
    posts,
    reads,
    readCounts,
    users: usersRepositories(core.database).users,
    links: linksRepositories(core.database).links,
    bus: core.bus,
    pageCache,
    expertiseExists: (code) => vocabulary.has('expertise', code),
    audit: deps.audit,
    postRules: deps.postRules,
    movedTo: deps.movedTo,
  });
  subscribeCitationRecooking(core.bus, { links: linksRepositories(core.database).links, posts, users: usersRepositories(core.database).users });
  const area: Area = { routes: async (app) => app.register(discussionsRoutes, { discussions: discussions.service }) };
  return { ...discussions, ...area };
}
