import type { MailConfig } from '../../config.ts';
import { defaultNotifyMailConfig } from '../../config.ts';
import { perDatabase, type Area, type Core } from '../area.ts';
import { digestsRepositories } from '../digests/index.ts';
import { mailDomain, type Outbox } from '../mail/outbox.ts';
import type { NotificationsService } from '../notifications/service.ts';
import { createMailPreferences } from './preferences.ts';
import { createNotificationMailRepository } from './repository.ts';
import { notificationMailRoutes } from './routes.ts';
import { createNotificationMailer, type NotificationMailer } from './scheduler.ts';

export const notificationMailRepositories = perDatabase((database) => ({ notificationMail: createNotificationMailRepository(database.db) }));

const mailers = new WeakMap<Core['database'], NotificationMailer>();

/** The notification mailer of an app's database (tests call its `runDue(now)` directly). */
export function notificationMailerOf(database: Core['database']): NotificationMailer {
  const mailer = mailers.get(database);
  if (!mailer) throw new Error('no notification mail area on this database');
  return mailer;
}

/**
 * Notification mail: unseen notifications mailed after a delay, per the member's preferences
 * and hourly cap; the preferences API and the one-click unsubscribe. Its scheduler runs while
 * the app does.
 */
export function notificationMailArea(core: Core, deps: { outbox: Outbox; notifications: NotificationsService; mail: MailConfig }) {
  const repo = notificationMailRepositories(core.database).notificationMail;
  // One signed link serves every mail that is not transactional: notification kinds, the digest
  // (its frequency is the digests' own), workshop reminders.
  const preferences = createMailPreferences(repo, digestsRepositories(core.database).digests);
  const mailer = createNotificationMailer({
    repo,
    preferences,
    notifications: deps.notifications,
    outbox: deps.outbox,
    config: core.config.notifyMail ?? defaultNotifyMailConfig(),
    domain: mailDomain(deps.mail.from),
    log: core.log,
    shared: core.shared,
    db: core.database.db,
  });
  mailers.set(core.database, mailer);
  core.bus.subscribe('notification.created', ({ userId }) => mailer.notificationCreated(userId));
  // Every process forgets what it knew had nothing waiting for the member (issue 20).
  core.bus.subscribe('notification.created', ({ userId }) => mailer.somethingWaiting(userId), { everywhere: true });
  core.bus.subscribe('thread.viewed', ({ userId, threadId }) => mailer.threadSeen(userId, threadId));

  core.scheduler.add('notification-mail', mailer);
  const area: Area = {
    routes: async (app) => {
      await app.register(notificationMailRoutes, { preferences });
    },
  };
  return { preferences, mailer, heldForDigest: mailer.heldForDigest, heldNotifications: mailer.heldNotifications, ...area };
}
