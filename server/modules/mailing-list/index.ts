import { perDatabase, type Area, type Core } from '../area.ts';
import { createCommunityGate } from '../communities/access.ts';
import { communitiesRepositories } from '../communities/index.ts';
import { createThreadGate } from '../discussions/access.ts';
import { discussionsRepositories } from '../discussions/index.ts';
import type { Outbox } from '../mail/outbox.ts';
import { usersRepositories } from '../users/index.ts';
import { createMailingListMailer } from './mailer.ts';
import { createMailingListRepository } from './repository.ts';
import { mailingListRoutes } from './routes.ts';
import { createMailingListService } from './service.ts';

export const mailingListRepositories = perDatabase((database) => ({ mailingList: createMailingListRepository(database.db) }));

/**
 * Mailing-list mode: members who get every new post of a community by mail. New posts queue on
 * `post.created`; a timer (from the app's start to its close) mails those due.
 */
export function mailingListArea(core: Core, deps: { outbox: Outbox }) {
  const repo = mailingListRepositories(core.database).mailingList;
  const { communities } = communitiesRepositories(core.database);
  const { threads, posts } = discussionsRepositories(core.database);
  const gate = createCommunityGate(communities);
  const service = createMailingListService({ repo, gate });
  const mailer = createMailingListMailer({
    repo,
    threadGate: createThreadGate({ gate, threads, posts }),
    threads,
    posts,
    users: usersRepositories(core.database).users,
    outbox: deps.outbox,
    onError: (error) => core.log.error({ err: error }, 'mailing-list mail failed'),
  });
  core.bus.subscribe('post.created', ({ postId }) => mailer.onPostCreated(postId));
  core.scheduler.add('mailing-list', mailer.scheduler);
  const area: Area = {
    routes: async (app) => {
      await app.register(mailingListRoutes, { mailingList: service });
    },
  };
  return { service, mailer, ...area };
}
