import { perDatabase, type Area, type Core } from '../area.ts';
import { communitiesRepositories } from '../communities/index.ts';
import { discussionsRepositories } from '../discussions/index.ts';
import { notificationMailRepositories } from '../notification-mail/index.ts';
import { wantsReactionNotifications } from '../notification-mail/preferences.ts';
import { usersRepositories } from '../users/index.ts';
import { createNotificationsRepository } from './repository.ts';
import { notificationsRoutes } from './routes.ts';
import { createNotificationsService } from './service.ts';
import { subscribeNotifications } from './subscribers.ts';

export const notificationsRepositories = perDatabase((database) => ({ notifications: createNotificationsRepository(database.db) }));

/** Notifications: written by subscribers to what happens elsewhere, read by their owner. */
export function notificationsArea(core: Core) {
  const { threads, posts } = discussionsRepositories(core.database);
  const service = createNotificationsService({
    notifications: notificationsRepositories(core.database).notifications,
    users: usersRepositories(core.database).users,
    communities: communitiesRepositories(core.database).communities,
    threads,
    posts,
    bus: core.bus,
    wantsReactions: (userId) => wantsReactionNotifications(notificationMailRepositories(core.database).notificationMail, userId),
  });
  subscribeNotifications(core.bus, service);
  const area: Area = { routes: async (app) => app.register(notificationsRoutes, { notifications: service }) };
  return { service, ...area };
}
