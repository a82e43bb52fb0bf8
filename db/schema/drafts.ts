import { index, integer, table, text, uniqueIndex } from './_dialect.ts';
import { id, updatedAt } from './_columns.ts';
import { users } from './users.ts';

/**
 * A member's unsent text, one per place they write in: `thread:<forumId>` (a new thread),
 * `reply:<threadId>`, `edit:<postId>`. Saved as they type, from any device; posting deletes it.
 */
export const drafts = table(
  'drafts',
  {
    id: id(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    title: text('title'),
    body: text('body').notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('drafts_user_key_unique').on(t.userId, t.key), index('drafts_user_updated_idx').on(t.userId, t.updatedAt, t.id)],
);

export type DraftRow = typeof drafts.$inferSelect;
