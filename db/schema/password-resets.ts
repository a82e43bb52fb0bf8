import { index, integer, table, text, uniqueIndex } from './_dialect.ts';
import { createdAt, id, moment } from './_columns.ts';
import { users } from './users.ts';

/** Password-reset links: only the SHA-256 of the token is kept; single use, short-lived. */
export const passwordResetTokens = table(
  'password_reset_tokens',
  {
    id: id(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    expiresAt: moment('expires_at').notNull(),
    usedAt: moment('used_at'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('password_reset_tokens_hash_unique').on(t.tokenHash), index('password_reset_tokens_user_idx').on(t.userId)],
);

export type PasswordResetTokenRow = typeof passwordResetTokens.$inferSelect;
