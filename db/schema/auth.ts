import { index, integer, table, text } from './_dialect.ts';
import { createdAt, moment } from './_columns.ts';
import { users } from './users.ts';

/**
 * A sign-in half done: the password (or another first step) was right and the account has a
 * second factor to show. The browser holds the secret in a short-lived cookie; only its hash
 * is kept. Gone once used, after five wrong answers, or when it expires (five minutes).
 */
export const loginChallenges = table(
  'login_challenges',
  {
    idHash: text('id_hash').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expiresAt: moment('expires_at').notNull(),
    /** Wrong second factors given so far. */
    attempts: integer('attempts').notNull().default(0),
    /** The WebAuthn challenge issued for this sign-in, when the member chose a passkey. */
    webauthnChallenge: text('webauthn_challenge'),
    createdAt: createdAt(),
  },
  (t) => [index('login_challenges_user_idx').on(t.userId)],
);

export type LoginChallengeRow = typeof loginChallenges.$inferSelect;
