import { Type, type Static } from 'typebox';
import { Nullable } from './common.ts';

export const PASSKEY_NAME_MAX = 60;

/** A member's passkey as their settings list it (never the key itself). */
export const Passkey = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  /** `multiDevice`: synced by the platform (a phone's or a password manager's); `singleDevice`: one security key. */
  deviceType: Type.String(),
  backedUp: Type.Boolean(),
  createdAt: Type.String(),
  lastUsedAt: Nullable(Type.String()),
});
export type Passkey = Static<typeof Passkey>;

export const PasskeyList = Type.Object({ items: Type.Array(Passkey), nextCursor: Nullable(Type.String()) });
export type PasskeyList = Static<typeof PasskeyList>;

export const PasskeyResponse = Type.Object({ passkey: Passkey });
export type PasskeyResponse = Static<typeof PasskeyResponse>;

/** "Confirm it is you" before adding a way in: the password, a code, or another passkey's answer. */
export const PasskeyOptionsBody = Type.Object(
  {
    password: Type.Optional(Type.String({ maxLength: 1024 })),
    code: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    passkey: Type.Optional(Type.Unknown()),
  },
  { additionalProperties: false },
);
export type PasskeyOptionsBody = Static<typeof PasskeyOptionsBody>;

/** WebAuthn options for the browser (`optionsJSON` of @simplewebauthn/browser), as the server made them. */
export const WebauthnOptions = Type.Object({ options: Type.Unknown() });
export type WebauthnOptions = Static<typeof WebauthnOptions>;

/** The browser's answer to `navigator.credentials.create` / `.get`, as JSON. */
const WebauthnAnswer = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 1024 }),
    rawId: Type.String({ maxLength: 1024 }),
    type: Type.String({ maxLength: 32 }),
    response: Type.Record(Type.String(), Type.Unknown()),
  },
  { additionalProperties: true },
);

export const PasskeyCreateBody = Type.Object(
  { response: WebauthnAnswer, name: Type.Optional(Type.String({ maxLength: 200 })) },
  { additionalProperties: false },
);
export type PasskeyCreateBody = Static<typeof PasskeyCreateBody>;

export const PasskeyRenameBody = Type.Object({ name: Type.String({ maxLength: 200 }) }, { additionalProperties: false });
export type PasskeyRenameBody = Static<typeof PasskeyRenameBody>;

/** Removing a factor needs a fresh factor: a code or a passkey's answer (the password alone is not enough). */
export const PasskeyRemoveBody = Type.Object(
  {
    code: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    passkey: Type.Optional(Type.Unknown()),
    password: Type.Optional(Type.String({ maxLength: 1024 })),
  },
  { additionalProperties: false },
);
export type PasskeyRemoveBody = Static<typeof PasskeyRemoveBody>;

/** A passwordless sign-in: the passkey's answer to the challenge this browser was given. */
export const PasskeySignInBody = Type.Object({ response: WebauthnAnswer }, { additionalProperties: false });
export type PasskeySignInBody = Static<typeof PasskeySignInBody>;
