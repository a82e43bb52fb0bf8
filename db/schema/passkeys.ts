import { blob, index, integer, table, text, uniqueIndex } from './_dialect.ts';
import { createdAt, id, moment } from './_columns.ts';
import { users } from './users.ts';

/**
 * A member's passkeys (WebAuthn credentials): a second factor, and a whole sign-in by itself
 * when the authenticator verifies the person. The public key is kept as the COSE bytes the
 * authenticator gave; the counter refuses a cloned authenticator replaying an old answer.
 */
export const passkeys = table(
  'passkeys',
  {
    id: id(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** The credential's id, base64url, as the browser names it. */
    credentialId: text('credential_id').notNull(),
    publicKey: blob('public_key', { mode: 'buffer' }).notNull(),
    counter: integer('counter').notNull().default(0),
    /** How the browser may reach the authenticator (`internal`, `usb`, `hybrid`, …). */
    transports: text('transports', { mode: 'json' }).$type<string[]>().notNull().default([]),
    /** `singleDevice` or `multiDevice` (synced by the platform). */
    deviceType: text('device_type').notNull(),
    backedUp: integer('backed_up', { mode: 'boolean' }).notNull().default(false),
    name: text('name').notNull(),
    createdAt: createdAt(),
    lastUsedAt: moment('last_used_at'),
  },
  (t) => [uniqueIndex('passkeys_credential_idx').on(t.credentialId), index('passkeys_user_idx').on(t.userId)],
);

/**
 * WebAuthn challenges not part of a half-done sign-in (those live in `login_challenges`):
 * adding a passkey and confirming a change (keyed by the session), and a passwordless sign-in
 * (keyed by a cookie of that browser). Only hashes of the keys are kept; each is used once and
 * lasts five minutes.
 */
export const passkeyChallenges = table(
  'passkey_challenges',
  {
    keyHash: text('key_hash').primaryKey(),
    purpose: text('purpose', { enum: ['register', 'confirm', 'sign_in'] }).notNull(),
    /** The member it was issued to; none for a passwordless sign-in (the passkey names them). */
    userId: integer('user_id').references(() => users.id, { onDelete: 'cascade' }),
    challenge: text('challenge').notNull(),
    expiresAt: moment('expires_at').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('passkey_challenges_user_idx').on(t.userId), index('passkey_challenges_expires_idx').on(t.expiresAt)],
);

export type PasskeyRow = typeof passkeys.$inferSelect;
export type PasskeyChallengeRow = typeof passkeyChallenges.$inferSelect;
