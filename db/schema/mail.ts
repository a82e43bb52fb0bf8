import { index, integer, table, text, uniqueIndex } from './_dialect.ts';
import { createdAt, id, moment, updatedAt } from './_columns.ts';
import { users } from './users.ts';

export const MAIL_STATUSES = ['pending', 'sent', 'failed', 'kept'] as const;

/** A file sent with a message (a workshop's `.ics`): its bytes in base64, size-limited at enqueue. */
export interface MailAttachment {
  filename: string;
  contentType: string;
  contentBase64: string;
}
export type MailStatus = (typeof MAIL_STATUSES)[number];

/**
 * The durable outbox: a message is written here in the same transaction as what caused it (or
 * by a subscriber, once per event key), then a sender delivers it. The message is rendered
 * once, at enqueue, so a retry sends exactly the same bytes under the same Message-ID.
 */
export const mailOutbox = table(
  'mail_outbox',
  {
    id: id(),
    recipient: text('recipient').notNull(),
    userId: integer('user_id').references(() => users.id, { onDelete: 'set null' }),
    /** The template that built it (`password_reset`, …). */
    kind: text('kind').notNull(),
    /** Account mail (password reset, verification): no unsubscribe headers, never capped. */
    transactional: integer('transactional', { mode: 'boolean' }).notNull(),
    locale: text('locale').notNull(),
    subject: text('subject').notNull(),
    html: text('html').notNull(),
    text: text('text').notNull(),
    /** Message-ID and every other header, decided at enqueue. */
    headers: text('headers', { mode: 'json' }).$type<Record<string, string>>().notNull(),
    /** Files sent with the message, or null (most messages). */
    attachments: text('attachments', { mode: 'json' }).$type<MailAttachment[]>(),
    /** What caused it (`password-reset:12`): a second enqueue for the same event is a no-op. */
    eventKey: text('event_key').notNull(),
    /** The envelope sender's key (`bounce+<key>@…`): a bounce names the message it is about. */
    bounceKey: text('bounce_key'),
    status: text('status', { enum: MAIL_STATUSES }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    /** Due time while pending; a sender that claims the row pushes it ahead by its lease. */
    nextAttemptAt: moment('next_attempt_at').notNull(),
    lastError: text('last_error'),
    sentAt: moment('sent_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('mail_outbox_event_unique').on(t.eventKey),
    uniqueIndex('mail_outbox_bounce_key_unique').on(t.bounceKey),
    index('mail_outbox_due_idx').on(t.status, t.nextAttemptAt),
    index('mail_outbox_status_idx').on(t.status, t.id),
  ],
);

export type MailOutboxRow = typeof mailOutbox.$inferSelect;
export type NewMailOutboxRow = typeof mailOutbox.$inferInsert;
