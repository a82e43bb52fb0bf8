import { index, integer, primaryKey, table, text, uniqueIndex } from './_dialect.ts';
import { createdAt, moment } from './_columns.ts';
import { communities } from './communities.ts';
import { posts } from './discussions.ts';
import { users } from './users.ts';

/**
 * Mailing-list mode: a member who gets every new post of a community by mail. The token is
 * the subscription's own unsubscribe key (a List-Unsubscribe URL works without signing in).
 */
export const mailingListSubscriptions = table(
  'mailing_list_subscriptions',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    communityId: integer('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    token: text('token').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.communityId] }),
    index('mailing_list_subscriptions_community_idx').on(t.communityId),
    uniqueIndex('mailing_list_subscriptions_token_unique').on(t.token),
  ],
);

/**
 * New posts waiting to be mailed: a post is mailed a little after it was written (a post hidden
 * or deleted meanwhile is not), and a restart finds what is still to be sent here.
 */
export const mailingListQueue = table(
  'mailing_list_queue',
  {
    postId: integer('post_id')
      .primaryKey()
      .references(() => posts.id, { onDelete: 'cascade' }),
    dueAt: moment('due_at').notNull(),
  },
  (t) => [index('mailing_list_queue_due_idx').on(t.dueAt)],
);

export type MailingListSubscriptionRow = typeof mailingListSubscriptions.$inferSelect;
