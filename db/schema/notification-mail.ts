import { index, integer, primaryKey, table, text } from './_dialect.ts';
import { moment, updatedAt } from './_columns.ts';
import { notifications } from './notifications.ts';
import { users } from './users.ts';

import type { NotifyMailKind, NotifyMailMode } from '../../shared/schemas/notification-mail.ts';

/** A member's choices per kind; kinds not named keep their default. */
export const mailPreferences = table('mail_preferences', {
  userId: integer('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  modes: text('modes', { mode: 'json' }).$type<Partial<Record<NotifyMailKind | 'workshop_reminder' | 'reaction', NotifyMailMode>>>().notNull(),
  updatedAt: updatedAt(),
});

export const NOTIFY_MAIL_OUTCOMES = ['mailed', 'held', 'seen', 'withheld', 'off'] as const;
export type NotifyMailOutcome = (typeof NOTIFY_MAIL_OUTCOMES)[number];

/**
 * What became of each notification on the mail channel, decided once: mailed (in batch
 * `batchKey`), held for the digest (by preference or by the hourly cap), seen in time,
 * withheld (no longer readable), or off (the member chose never). A notification without a
 * row is still waiting for its delay.
 */
export const notificationMailState = table(
  'notification_mail_state',
  {
    notificationId: integer('notification_id')
      .primaryKey()
      .references(() => notifications.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    outcome: text('outcome', { enum: NOTIFY_MAIL_OUTCOMES }).notNull(),
    batchKey: text('batch_key'),
    decidedAt: moment('decided_at').notNull(),
  },
  (t) => [index('notification_mail_state_user_idx').on(t.userId, t.outcome, t.decidedAt)],
);

/** The install's own values for notification mail: the unsubscribe secret, the start moment. */
export const notificationMailSettings = table(
  'notification_mail_settings',
  {
    name: text('name').notNull(),
    value: text('value').notNull(),
  },
  (t) => [primaryKey({ columns: [t.name] })],
);

export type NotificationMailStateRow = typeof notificationMailState.$inferSelect;
