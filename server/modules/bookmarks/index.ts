import { perDatabase, type Area, type Core } from '../area.ts';
import { createCommunityGate } from '../communities/access.ts';
import { communitiesRepositories } from '../communities/index.ts';
import { createThreadGate } from '../discussions/access.ts';
import { discussionsRepositories } from '../discussions/index.ts';
import type { NotificationsService } from '../notifications/service.ts';
import { createBookmarkReminders } from './reminders.ts';
import { createBookmarksRepository } from './repository.ts';
import { bookmarksRoutes } from './routes.ts';
import { createBookmarksService } from './service.ts';

export const bookmarksRepositories = perDatabase((database) => ({ bookmarks: createBookmarksRepository(database.db) }));

/** Bookmarks: a member's marks on posts, read through the thread's gate, and their reminders' scheduler. */
export function bookmarksArea(core: Core, deps: { notifications: NotificationsService }) {
  const repo = bookmarksRepositories(core.database).bookmarks;
  const { threads, posts } = discussionsRepositories(core.database);
  const threadGate = createThreadGate({ gate: createCommunityGate(communitiesRepositories(core.database).communities), threads, posts });
  const service = createBookmarksService({ repo, threadGate });
  const reminders = createBookmarkReminders({ repo, notifications: deps.notifications, onError: (error) => core.log.error({ err: error }, 'bookmark reminders failed') });
  core.scheduler.add('bookmark-reminders', reminders.scheduler);
  const area: Area = {
    routes: async (app) => {
      await app.register(bookmarksRoutes, { bookmarks: service });
    },
  };
  return { service, reminders, ...area };
}
