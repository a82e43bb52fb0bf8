import { Type, type Static } from 'typebox';
import { Nullable } from './common.ts';
import { CurrentUser } from './users.ts';

/** The account rules, shared so the forms can hint at them before the server checks them. */
export const USERNAME_PATTERN = /^[a-z0-9_-]{3,30}$/;
export const USERNAME_MIN = 3;
export const USERNAME_MAX = 30;
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 256;
export const DISPLAY_NAME_MAX = 80;
export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const EMAIL_MAX = 254;
export const TOKEN_NAME_MAX = 60;

export const RegisterBody = Type.Object(
  {
    username: Type.String({ maxLength: 200 }),
    email: Type.String({ maxLength: 400 }),
    password: Type.String({ maxLength: 1000 }),
    displayName: Type.Optional(Type.String({ maxLength: 400 })),
  },
  { additionalProperties: false },
);
export type RegisterBody = Static<typeof RegisterBody>;

export const LoginBody = Type.Object(
  {
    /** A username or an email address. */
    username: Type.String({ maxLength: 400 }),
    password: Type.String({ maxLength: 1000 }),
  },
  { additionalProperties: false },
);
export type LoginBody = Static<typeof LoginBody>;

/** The sign-in's second step, and the proof of a factor wherever one is asked: a code, or a passkey's answer. */
export const SecondFactorBody = Type.Object(
  {
    /** An authenticator's 6 digits or a recovery code. */
    code: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    /** A WebAuthn authentication response as JSON (navigator.credentials.get). */
    passkey: Type.Optional(Type.Unknown()),
  },
  { additionalProperties: false },
);
export type SecondFactorBody = Static<typeof SecondFactorBody>;

export const UserResponse = Type.Object({ user: CurrentUser });
export type UserResponse = Static<typeof UserResponse>;

/** What a personal API token may do: `read` only reads; `read+write` also writes. */
export const TOKEN_SCOPES = ['read', 'read+write'] as const;
export const TokenScope = Type.Union([Type.Literal('read'), Type.Literal('read+write')]);
export type TokenScope = Static<typeof TokenScope>;

export const ApiToken = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  prefix: Type.String(),
  scope: TokenScope,
  createdAt: Type.String(),
  lastUsedAt: Nullable(Type.String()),
});
export type ApiToken = Static<typeof ApiToken>;

export const TokenCreateBody = Type.Object(
  { name: Type.String({ maxLength: 400 }), scope: Type.Optional(TokenScope) },
  { additionalProperties: false },
);
export type TokenCreateBody = Static<typeof TokenCreateBody>;

/** The secret appears here once, at creation; it is never stored in clear. */
export const TokenCreated = Type.Object({ token: Type.String(), item: ApiToken });
export type TokenCreated = Static<typeof TokenCreated>;

export const TokenList = Type.Object({ items: Type.Array(ApiToken), nextCursor: Type.Null() });
export type TokenList = Static<typeof TokenList>;

export const PasswordChangeBody = Type.Object(
  {
    currentPassword: Type.String({ maxLength: 1000 }),
    newPassword: Type.String({ maxLength: 1000 }),
  },
  { additionalProperties: false },
);
export type PasswordChangeBody = Static<typeof PasswordChangeBody>;

/** One signed-in browser of the account. `id` is an opaque handle, never the session's secret. */
export const ActiveSession = Type.Object({
  id: Type.String(),
  /** A short description of the browser and system, from its user agent ("Firefox on Linux"). */
  device: Type.String(),
  userAgent: Type.String(),
  address: Type.String(),
  createdAt: Nullable(Type.String()),
  lastSeenAt: Nullable(Type.String()),
  /** The session this request was made with. */
  current: Type.Boolean(),
});
export type ActiveSession = Static<typeof ActiveSession>;

export const SessionList = Type.Object({ items: Type.Array(ActiveSession), nextCursor: Type.Null() });
export type SessionList = Static<typeof SessionList>;

export const SessionParams = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }) },
  { additionalProperties: false },
);

export const SessionsRevoked = Type.Object({ revoked: Type.Integer() });
export type SessionsRevoked = Static<typeof SessionsRevoked>;
