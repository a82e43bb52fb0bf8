import { index, integer, table, text, uniqueIndex } from './_dialect.ts';
import { posts } from './discussions.ts';
import { createdAt, id, moment } from './_columns.ts';
import { users } from './users.ts';

/** A member's bookmark on a post, with an optional reminder (cleared once it has fired). */
export const bookmarks = table(
  'bookmarks',
  {
    id: id(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    postId: integer('post_id')
      .notNull()
      .references(() => posts.id, { onDelete: 'cascade' }),
    remindAt: moment('remind_at'),
    note: text('note'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('bookmarks_user_post_unique').on(t.userId, t.postId),
    index('bookmarks_user_idx').on(t.userId, t.id),
    index('bookmarks_remind_idx').on(t.remindAt),
  ],
);

export type BookmarkRow = typeof bookmarks.$inferSelect;
