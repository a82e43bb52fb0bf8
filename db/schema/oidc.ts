import { index, integer, table, text, uniqueIndex } from './_dialect.ts';
import { sql } from 'drizzle-orm';
import { createdAt, id, moment, updatedAt } from './_columns.ts';
import { institutions } from './geo.ts';
import { users } from './users.ts';

/**
 * An institution's OpenID Provider added by an admin (the one configured by environment is not
 * stored). The client secret is kept to talk to the provider and never leaves through the API.
 */
export const oidcProviders = table(
  'oidc_providers',
  {
    id: id(),
    /** In the sign-in's addresses: /api/auth/oidc/<slug>/start. */
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    issuer: text('issuer').notNull(),
    clientId: text('client_id').notNull(),
    clientSecret: text('client_secret').notNull(),
    /** Lower-cased domains an identity's address must be at; empty: any. */
    allowedDomains: text('allowed_domains', { mode: 'json' })
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'`),
    /** New accounts made through this provider belong to this institution. */
    institutionId: integer('institution_id').references(() => institutions.id, { onDelete: 'set null' }),
    enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('oidc_providers_slug_unique').on(t.slug)],
);

/** A provider's account (its `sub`) linked to a Minga account: one Minga account per identity. */
export const userIdentities = table(
  'user_identities',
  {
    id: id(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** The provider's slug (the environment's provider has no row). */
    providerId: text('provider_id').notNull(),
    subject: text('subject').notNull(),
    email: text('email'),
    emailVerified: integer('email_verified', { mode: 'boolean' }).notNull().default(false),
    createdAt: createdAt(),
    lastUsedAt: moment('last_used_at'),
  },
  (t) => [uniqueIndex('user_identities_provider_subject_unique').on(t.providerId, t.subject), index('user_identities_user_idx').on(t.userId)],
);

/**
 * A sign-in sent to a provider and not back yet: what the callback must check (state, nonce, the
 * PKCE verifier) and where to go after. The browser holds a random value in a cookie; only its
 * hash names the row. Gone once the callback used it, or after ten minutes.
 */
export const oidcLogins = table(
  'oidc_logins',
  {
    idHash: text('id_hash').primaryKey(),
    providerId: text('provider_id').notNull(),
    state: text('state').notNull(),
    codeVerifier: text('code_verifier').notNull(),
    nonce: text('nonce').notNull(),
    nextPath: text('next_path').notNull(),
    /** Linking from settings: the signed-in account the identity is for. */
    linkUserId: integer('link_user_id').references(() => users.id, { onDelete: 'cascade' }),
    expiresAt: moment('expires_at').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('oidc_logins_expires_idx').on(t.expiresAt), index('oidc_logins_user_idx').on(t.linkUserId)],
);

/**
 * A new identity whose address an existing account holds: mailed to that account as a
 * single-use link (24 h); following it links the identity and signs in.
 */
export const oidcLinkTokens = table(
  'oidc_link_tokens',
  {
    id: id(),
    tokenHash: text('token_hash').notNull(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    providerId: text('provider_id').notNull(),
    subject: text('subject').notNull(),
    email: text('email'),
    emailVerified: integer('email_verified', { mode: 'boolean' }).notNull().default(false),
    expiresAt: moment('expires_at').notNull(),
    usedAt: moment('used_at'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('oidc_link_tokens_hash_unique').on(t.tokenHash), index('oidc_link_tokens_user_idx').on(t.userId)],
);

export type OidcProviderRow = typeof oidcProviders.$inferSelect;
export type UserIdentityRow = typeof userIdentities.$inferSelect;
export type OidcLoginRow = typeof oidcLogins.$inferSelect;
export type OidcLinkTokenRow = typeof oidcLinkTokens.$inferSelect;
