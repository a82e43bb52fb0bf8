import { index, integer, table, text } from './_dialect.ts';
import { createdAt, id, moment } from './_columns.ts';
import { users } from './users.ts';

/**
 * A member's authenticator (TOTP) secret. Made pending by "set up" and on once a code from it is
 * confirmed (`confirmedAt`); never shown again after that. `lastTimeStep`: the 30-second step of
 * the last code accepted, so no code is accepted twice (replay).
 */
export const totpSecrets = table('totp_secrets', {
  userId: integer('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  /** Base32, as authenticator apps take it. */
  secret: text('secret').notNull(),
  confirmedAt: moment('confirmed_at'),
  lastTimeStep: integer('last_time_step'),
  createdAt: createdAt(),
});

export type TotpSecretRow = typeof totpSecrets.$inferSelect;

/** Ten single-use codes for when the authenticator is lost; only their hashes are kept. */
export const recoveryCodes = table(
  'recovery_codes',
  {
    id: id(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    codeHash: text('code_hash').notNull(),
    usedAt: moment('used_at'),
    createdAt: createdAt(),
  },
  (t) => [index('recovery_codes_user_idx').on(t.userId, t.codeHash)],
);
