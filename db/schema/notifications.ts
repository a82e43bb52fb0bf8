import { index, integer, table, text, uniqueIndex } from './_dialect.ts';
import { communities } from './communities.ts';
import { posts, threads } from './discussions.ts';
import { createdAt, id, moment } from './_columns.ts';
import { users } from './users.ts';

export const notifications = table(
  'notifications',
  {
    id: id(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind', {
      enum: ['mention', 'reply', 'watched_reply', 'answer_accepted', 'membership_approved', 'membership_declined', 'question_for_you', 'report_upheld', 'report_dismissed', 'warning', 'post_hidden', 'post_held', 'post_rejected', 'thread_moved', 'thread_merged', 'thread_split', 'reaction', 'bookmark_reminder', 'cooperation_match', 'cooperation_response'],
    }).notNull(),
    actorId: integer('actor_id').references(() => users.id, { onDelete: 'set null' }),
    threadId: integer('thread_id').references(() => threads.id, { onDelete: 'cascade' }),
    postId: integer('post_id').references(() => posts.id, { onDelete: 'cascade' }),
    communityId: integer('community_id').references(() => communities.id, { onDelete: 'cascade' }),
    /** What produced it (`post:123`, `accept:45:67`, `membership:8:approved:…`): one notification per user and event. */
    eventKey: text('event_key').notNull(),
    /** The moderator's reason, for the author only (what happened to their post and why). */
    reason: text('reason'),
    /** Coalesced notifications (reactions): how many people besides the actor. */
    others: integer('others').notNull().default(0),
    createdAt: createdAt(),
    readAt: moment('read_at'),
  },
  (t) => [
    uniqueIndex('notifications_user_event_unique').on(t.userId, t.eventKey),
    index('notifications_user_idx').on(t.userId, t.id),
    index('notifications_unread_idx').on(t.userId, t.readAt),
  ],
);

export type NotificationRow = typeof notifications.$inferSelect;
