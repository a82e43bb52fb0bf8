import { Type, type Static } from 'typebox';
import { Nullable } from './common.ts';

/** At most this many email domains per institution. */
export const DOMAINS_MAX = 20;

/**
 * How a member's affiliation with their chosen institution was verified: their confirmed
 * address (`email`) or their institution's sign-in (`oidc`) is at one of its domains
 * (`domain`), or one of its representatives vouched for them (`vouchedBy`; null once that
 * account is erased).
 */
export const AffiliationBadge = Type.Object({
  institutionId: Type.Integer(),
  method: Type.Enum(['email', 'oidc', 'vouched'] as const),
  domain: Nullable(Type.String()),
  vouchedBy: Nullable(Type.Object({ username: Type.String(), displayName: Type.String() })),
  verifiedAt: Type.String(),
});
export type AffiliationBadge = Static<typeof AffiliationBadge>;

export const InstitutionDomains = Type.Object({
  domains: Type.Array(Type.String()),
  /** The reader may change them (a representative of the institution, or site staff). */
  mayEdit: Type.Boolean(),
});
export type InstitutionDomains = Static<typeof InstitutionDomains>;

export const DomainsInput = Type.Object(
  { domains: Type.Array(Type.String({ maxLength: 253 }), { maxItems: 100 }) },
  { additionalProperties: false },
);
export type DomainsInput = Static<typeof DomainsInput>;

export const AffiliationParams = Type.Object(
  { id: Type.Integer({ minimum: 1 }), userId: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);

/** A person of an institution, as its page lists them. */
export const AffiliatedPerson = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  avatar: Type.Optional(Nullable(Type.String())),
  specialist: Type.Boolean(),
  /** Null: they chose the institution in their profile, nobody verified it ("says they work here"). */
  affiliation: Nullable(AffiliationBadge),
});
export type AffiliatedPerson = Static<typeof AffiliatedPerson>;

/**
 * An institution's people: `verified` for everyone; `claimed` (members who chose it,
 * unverified) only for those who may act for it, so they can vouch.
 */
export const InstitutionPeople = Type.Object({
  verified: Type.Array(AffiliatedPerson),
  verifiedTotal: Type.Integer(),
  claimed: Type.Optional(Type.Array(AffiliatedPerson)),
  claimedTotal: Type.Optional(Type.Integer()),
  mayVouch: Type.Boolean(),
});
export type InstitutionPeople = Static<typeof InstitutionPeople>;

/** The signed-in member's own affiliation, for the settings page. */
export const MyAffiliation = Type.Object({
  institution: Nullable(Type.Object({ id: Type.Integer(), acronym: Type.String(), name: Type.String() })),
  affiliation: Nullable(AffiliationBadge),
  /** A representative removed it: only a vouch brings it back. */
  revoked: Type.Boolean(),
  /** The chosen institution's domains. */
  domains: Type.Array(Type.String()),
  emailVerified: Type.Boolean(),
});
export type MyAffiliation = Static<typeof MyAffiliation>;
