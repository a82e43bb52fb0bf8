import { sql } from 'drizzle-orm';
import { index, integer, table, text, uniqueIndex } from './_dialect.ts';
import { createdAt, id, moment, updatedAt } from './_columns.ts';
import { countries, institutions } from './geo.ts';

export const users = table(
  'users',
  {
    id: id(),
    /** Stored lower-cased: usernames are unique regardless of case. */
    username: text('username').notNull(),
    /** Stored lower-cased. */
    email: text('email').notNull(),
    passwordHash: text('password_hash').notNull(),
    displayName: text('display_name').notNull(),
    role: text('role', { enum: ['member', 'editor', 'admin'] })
      .notNull()
      .default('member'),
    institutionId: integer('institution_id').references(() => institutions.id, { onDelete: 'set null' }),
    countryCode: text('country_code').references(() => countries.code, { onDelete: 'set null' }),
    languages: text('languages', { mode: 'json' })
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'`),
    bio: text('bio').notNull().default(''),
    /** Listed in the specialists directory: their posts carry a "specialist" badge. */
    specialist: integer('specialist', { mode: 'boolean' }).notNull().default(false),
    /** Interface language chosen by the user; null follows the browser. */
    locale: text('locale', { enum: ['es', 'pt', 'en'] }),
    /** Suspended site-wide by an admin until then: can log in and read, cannot write. */
    suspendedUntil: moment('suspended_until'),
    /** When the owner followed a link mailed to `email`; null while unverified. */
    emailVerifiedAt: moment('email_verified_at'),
    /** SHA-256 of the member's avatar (a square WebP re-encoded by us, in `files/avatars/`); null: initials. */
    avatarSha256: text('avatar_sha256'),
    /** IANA time zone every date is shown in (settings); null until the browser first tells it. */
    timeZone: text('time_zone'),
    /** When the owner erased the account (issue 19): the row stays, anonymised, for what points at it. */
    deletedAt: moment('deleted_at'),
    /** Set by an admin: a deletion keeps the member's posts whatever they choose (a legal hold). */
    legalHold: integer('legal_hold', { mode: 'boolean' }).notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('users_username_unique').on(t.username),
    // Only a verified address is unique: registering with a taken address must not be told
    // apart from a new one, so unverified accounts may share it until one of them confirms.
    uniqueIndex('users_verified_email_unique').on(t.email).where(sql`email_verified_at IS NOT NULL`),
    index('users_email_idx').on(t.email),
    index('users_institution_idx').on(t.institutionId),
  ],
);

/** Lucia's session table: the id is the secret the cookie carries; expires_at is in seconds. */
export const sessions = table(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expiresAt: integer('expires_at').notNull(),
    /** What the owner sees in their list of sessions: the browser that signed in, from where, when. */
    userAgent: text('user_agent').notNull().default(''),
    address: text('address').notNull().default(''),
    createdAt: moment('created_at'),
    /** Updated at most every few minutes, not on every request. */
    lastSeenAt: moment('last_seen_at'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/** Personal API tokens: only the SHA-256 of the secret is kept; the secret is shown once. */
export const apiTokens = table(
  'api_tokens',
  {
    id: id(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull(),
    /** The first characters of the secret, so the owner can tell tokens apart. */
    prefix: text('prefix').notNull(),
    /** `read` tokens may only read; tokens made before scopes existed keep writing. */
    scope: text('scope', { enum: ['read', 'read+write'] })
      .notNull()
      .default('read+write'),
    createdAt: createdAt(),
    lastUsedAt: moment('last_used_at'),
  },
  (t) => [uniqueIndex('api_tokens_hash_unique').on(t.tokenHash), index('api_tokens_user_idx').on(t.userId)],
);

export type UserRow = typeof users.$inferSelect;
export type NewUserRow = typeof users.$inferInsert;
export type ApiTokenRow = typeof apiTokens.$inferSelect;
