import { Type, type Static } from 'typebox';
import { Nullable, Timestamp } from './common.ts';

/** A provider's id in addresses (/api/auth/oidc/<id>/start): lower-case letters, digits and dashes. */
export const OIDC_PROVIDER_ID_PATTERN = '^[a-z0-9][a-z0-9-]{0,39}$';

export const OidcProviderParams = Type.Object({ id: Type.String({ pattern: OIDC_PROVIDER_ID_PATTERN }) }, { additionalProperties: false });
export type OidcProviderParams = Static<typeof OidcProviderParams>;

/** What the sign-in page shows: one button per enabled provider. */
export const OidcProviderButton = Type.Object({ id: Type.String(), name: Type.String() });
export const OidcProviderButtons = Type.Object({ items: Type.Array(OidcProviderButton) });
export type OidcProviderButtons = Static<typeof OidcProviderButtons>;

export const OidcStartQuery = Type.Object({ next: Type.Optional(Type.String({ maxLength: 2000 })) });
export type OidcStartQuery = Static<typeof OidcStartQuery>;

/** The provider's answer: only `code` and `state` are used (plus what the client library checks, such as `iss`). */
export const OidcCallbackQuery = Type.Object({
  code: Type.Optional(Type.String({ maxLength: 4000 })),
  state: Type.Optional(Type.String({ maxLength: 1000 })),
  iss: Type.Optional(Type.String({ maxLength: 2000 })),
  error: Type.Optional(Type.String({ maxLength: 200 })),
  error_description: Type.Optional(Type.String({ maxLength: 2000 })),
  session_state: Type.Optional(Type.String({ maxLength: 2000 })),
});
export type OidcCallbackQuery = Static<typeof OidcCallbackQuery>;

/** An admin's view of a provider: the client secret never leaves, only whether there is one. */
export const AdminOidcProvider = Type.Object({
  id: Type.String(),
  name: Type.String(),
  issuer: Type.String(),
  clientId: Type.String(),
  hasSecret: Type.Boolean(),
  allowedDomains: Type.Array(Type.String()),
  institutionId: Nullable(Type.Integer()),
  enabled: Type.Boolean(),
  /** `environment`: configured by MINGA_OIDC_* (read-only here). */
  source: Type.Union([Type.Literal('admin'), Type.Literal('environment')]),
  createdAt: Nullable(Timestamp),
  /** The redirect URI to register at the provider: <MINGA_PUBLIC_URL>/api/auth/oidc/<id>/callback. */
  callbackUrl: Type.String(),
});
export type AdminOidcProvider = Static<typeof AdminOidcProvider>;
export const AdminOidcProviderList = Type.Object({ items: Type.Array(AdminOidcProvider) });
export type AdminOidcProviderList = Static<typeof AdminOidcProviderList>;

const fields = {
  name: Type.String({ minLength: 1, maxLength: 80 }),
  issuer: Type.String({ minLength: 1, maxLength: 500 }),
  clientId: Type.String({ minLength: 1, maxLength: 500 }),
  clientSecret: Type.String({ minLength: 1, maxLength: 2000 }),
  allowedDomains: Type.Array(Type.String({ maxLength: 253 }), { maxItems: 50 }),
  institutionId: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
  enabled: Type.Boolean(),
};

export const AdminOidcProviderCreate = Type.Object(
  {
    id: Type.String({ pattern: OIDC_PROVIDER_ID_PATTERN }),
    name: fields.name,
    issuer: fields.issuer,
    clientId: fields.clientId,
    clientSecret: fields.clientSecret,
    allowedDomains: Type.Optional(fields.allowedDomains),
    institutionId: Type.Optional(fields.institutionId),
    enabled: Type.Optional(fields.enabled),
  },
  { additionalProperties: false },
);
export type AdminOidcProviderCreate = Static<typeof AdminOidcProviderCreate>;

/** Every field optional; a missing secret keeps the stored one. */
export const AdminOidcProviderUpdate = Type.Object(
  {
    name: Type.Optional(fields.name),
    issuer: Type.Optional(fields.issuer),
    clientId: Type.Optional(fields.clientId),
    clientSecret: Type.Optional(fields.clientSecret),
    allowedDomains: Type.Optional(fields.allowedDomains),
    institutionId: Type.Optional(fields.institutionId),
    enabled: Type.Optional(fields.enabled),
  },
  { additionalProperties: false },
);
export type AdminOidcProviderUpdate = Static<typeof AdminOidcProviderUpdate>;

/** A provider linked to the member's account, as settings list it. */
export const LinkedIdentity = Type.Object({
  id: Type.Integer(),
  providerId: Type.String(),
  providerName: Type.String(),
  email: Nullable(Type.String()),
  createdAt: Timestamp,
  lastUsedAt: Nullable(Timestamp),
});
export type LinkedIdentity = Static<typeof LinkedIdentity>;
export const LinkedIdentityList = Type.Object({ items: Type.Array(LinkedIdentity) });
export type LinkedIdentityList = Static<typeof LinkedIdentityList>;

/** Removing a linked provider is confirmed like every sensitive change (password, code or passkey). */
export const IdentityRemoveBody = Type.Object(
  {
    password: Type.Optional(Type.String({ maxLength: 1000 })),
    code: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    passkey: Type.Optional(Type.Unknown()),
  },
  { additionalProperties: false },
);
export type IdentityRemoveBody = Static<typeof IdentityRemoveBody>;

/** Where to send the browser to link a provider from settings. */
export const OidcLinkStarted = Type.Object({ url: Type.String() });
export type OidcLinkStarted = Static<typeof OidcLinkStarted>;

/** The single-use link mailed to an existing account's address. */
export const OidcLinkTokenBody = Type.Object({ token: Type.String({ minLength: 10, maxLength: 200 }) }, { additionalProperties: false });
export type OidcLinkTokenBody = Static<typeof OidcLinkTokenBody>;
