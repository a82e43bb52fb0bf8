import { index, integer, table, text, uniqueIndex } from './_dialect.ts';
import { createdAt, id, moment } from './_columns.ts';
import { threads } from './discussions.ts';
import { users } from './users.ts';

/**
 * Reply-by-email addresses (`reply+<key>@…`): each names one recipient and one thread. The key
 * is 128 random bits shown only in the mail; only its SHA-256 is kept, so a copy of the
 * database lets nobody post as a member by mail. A new key per message.
 */
export const mailReplyKeys = table(
  'mail_reply_keys',
  {
    id: id(),
    keyHash: text('key_hash').notNull(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    threadId: integer('thread_id')
      .notNull()
      .references(() => threads.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('mail_reply_keys_hash_unique').on(t.keyHash), index('mail_reply_keys_user_idx').on(t.userId)],
);

/**
 * Hard bounces (a DSN with a 5.x.x status) per member and address: from three on, that address
 * gets no more mail and its owner is asked to fix it. A new address starts afresh.
 */
export const mailBounces = table(
  'mail_bounces',
  {
    id: id(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    address: text('address').notNull(),
    hardBounces: integer('hard_bounces').notNull().default(0),
    lastStatus: text('last_status'),
    lastBounceAt: moment('last_bounce_at'),
  },
  (t) => [uniqueIndex('mail_bounces_user_address_unique').on(t.userId, t.address)],
);

/** Mail the inbound listener has handled, by Message-ID: the same mail delivered twice acts once. */
export const mailInboundMessages = table(
  'mail_inbound_messages',
  {
    id: id(),
    messageId: text('message_id').notNull(),
    kind: text('kind', { enum: ['reply', 'bounce'] }).notNull(),
    /** `posted`, `refused:<code>`, `counted`, `ignored`. */
    outcome: text('outcome').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('mail_inbound_messages_id_unique').on(t.messageId)],
);

export type MailReplyKeyRow = typeof mailReplyKeys.$inferSelect;
export type MailBounceRow = typeof mailBounces.$inferSelect;
