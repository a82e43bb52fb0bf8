import { index, integer, table, text } from './_dialect.ts';
import { createdAt, moment } from './_columns.ts';
import { institutions } from './geo.ts';
import { users } from './users.ts';

/** The email domains an institution's staff have addresses at (subdomains match too). A domain belongs to one institution. */
export const institutionDomains = table(
  'institution_domains',
  {
    institutionId: integer('institution_id')
      .notNull()
      .references(() => institutions.id, { onDelete: 'cascade' }),
    domain: text('domain').notNull().unique(),
    createdAt: createdAt(),
  },
  (t) => [index('institution_domains_institution_idx').on(t.institutionId)],
);

/** 'revoked': a representative removed it; kept so that the address alone does not bring it back (a vouch does). */
export const AFFILIATION_METHODS = ['email', 'oidc', 'vouched', 'revoked'] as const;

/**
 * A member's verified affiliation with an institution (at most one: the institution they chose).
 * `domain`: the institution's domain their address (or identity) is at; `vouchedBy`: the
 * representative who vouched (null once that account is erased: the vouch stays).
 */
export const userAffiliations = table(
  'user_affiliations',
  {
    userId: integer('user_id')
      .notNull()
      .unique()
      .references(() => users.id, { onDelete: 'cascade' }),
    institutionId: integer('institution_id')
      .notNull()
      .references(() => institutions.id, { onDelete: 'cascade' }),
    method: text('method', { enum: AFFILIATION_METHODS }).notNull(),
    domain: text('domain'),
    vouchedBy: integer('vouched_by').references(() => users.id, { onDelete: 'set null' }),
    verifiedAt: moment('verified_at').notNull(),
  },
  (t) => [index('user_affiliations_institution_idx').on(t.institutionId), index('user_affiliations_vouched_by_idx').on(t.vouchedBy)],
);

export type InstitutionDomainRow = typeof institutionDomains.$inferSelect;
export type UserAffiliationRow = typeof userAffiliations.$inferSelect;
