import type { EventBus } from '../../lib/event-bus.ts';
import { createCommunityGate } from '../communities/access.ts';
import type { CommunitiesRepository } from '../communities/repository.ts';
import type { LinksRepository } from '../links/repository.ts';
import type { UsersRepository } from '../users/repository.ts';
import type { AuditTrail } from '../audit/index.ts';
import type { PostRules } from '../moderation/post-rules.ts';
import { createThreadGate } from './access.ts';
import { createLiveDiscussions } from './live.ts';
import type { PostsRepository } from './posts-repository.ts';
import { createPostPresenter } from './presenter.ts';
import { createDiscussionsService } from './service.ts';
import type { ThreadPageCache } from './thread-page-cache.ts';
import type { ThreadsRepository } from './threads-repository.ts';

/** The discussions area: its service for the REST routes and its live side for the sockets. */
export function createDiscussions(deps: {
  communities: CommunitiesRepository;
  threads: ThreadsRepository;
  posts: PostsRepository;
  users: UsersRepository;
  links: LinksRepository;
  bus: EventBus;
  pageCache: ThreadPageCache;
  expertiseExists: (code: string) => boolean;
  audit?: AuditTrail;
  postRules?: PostRules;
  movedTo?: (threadId: number) => number | null;
}) {
  const gate = createCommunityGate(deps.communities);
  const threadGate = createThreadGate({ gate, threads: deps.threads, posts: deps.posts });
  const present = createPostPresenter({ users: deps.users, posts: deps.posts });
  return {
    service: createDiscussionsService({ ...deps, gate, threadGate, present }),
    live: createLiveDiscussions({ gate, threadGate, threads: deps.threads, posts: deps.posts, present, neverShown: deps.postRules?.neverShown }),
  };
}
