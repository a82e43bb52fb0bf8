import { index, integer, table, text, uniqueIndex } from './_dialect.ts';
import { createdAt, id, moment } from './_columns.ts';
import { users } from './users.ts';

/**
 * Links that prove an account holds an address: `verify` confirms the account's own address,
 * `change` moves the account to a new one. Only the SHA-256 of the token is kept; single use.
 */
export const emailTokens = table(
  'email_tokens',
  {
    id: id(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    purpose: text('purpose', { enum: ['verify', 'change'] }).notNull(),
    /** The address the link was mailed to (lower-cased). */
    email: text('email').notNull(),
    tokenHash: text('token_hash').notNull(),
    expiresAt: moment('expires_at').notNull(),
    usedAt: moment('used_at'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('email_tokens_hash_unique').on(t.tokenHash), index('email_tokens_user_idx').on(t.userId, t.purpose)],
);

export type EmailTokenRow = typeof emailTokens.$inferSelect;
