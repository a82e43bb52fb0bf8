import { Type, type Static } from 'typebox';

/** A pending authenticator secret: scan the QR code (or type the secret), then confirm a code. */
export const TotpSetup = Type.Object({
  /** Base32, for typing into an app by hand. */
  secret: Type.String(),
  otpauthUrl: Type.String(),
  /** The otpauth URL as an SVG QR code. */
  qrSvg: Type.String(),
});
export type TotpSetup = Static<typeof TotpSetup>;

export const TotpConfirmBody = Type.Object({ code: Type.String({ minLength: 1, maxLength: 20 }) }, { additionalProperties: false });
export type TotpConfirmBody = Static<typeof TotpConfirmBody>;

/** Shown once: ten single-use codes, `xxxx-xxxx`. */
export const RecoveryCodes = Type.Object({ recoveryCodes: Type.Array(Type.String()) });
export type RecoveryCodes = Static<typeof RecoveryCodes>;

/** "Confirm it is you" for turning a factor off: a current code or a passkey (a password alone is refused). */
export const FactorProofBody = Type.Object(
  {
    code: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    passkey: Type.Optional(Type.Unknown()),
    /** Accepted only to answer clearly that it is not enough. */
    password: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { additionalProperties: false },
);
export type FactorProofBody = Static<typeof FactorProofBody>;

export const SecondFactorStatus = Type.Object({
  totp: Type.Boolean(),
  recoveryCodesLeft: Type.Integer(),
  /** The member's role requires a second factor (staff, when admins ask for it). */
  required: Type.Boolean(),
  /** The kinds on, fallbacks last (`totp`, `passkey`, `recovery`). */
  kinds: Type.Array(Type.String()),
});
export type SecondFactorStatus = Static<typeof SecondFactorStatus>;

/** The open half-done sign-in's kinds of factor (the second step's page asks after a redirect). */
export const SecondStepMethods = Type.Object({ methods: Type.Array(Type.String()) });
export type SecondStepMethods = Static<typeof SecondStepMethods>;

/** Site policy (admins): staff (admins, editors, community moderators) must have a second factor. */
export const SecondFactorPolicy = Type.Object({ requiredForStaff: Type.Boolean() }, { additionalProperties: false });
export type SecondFactorPolicy = Static<typeof SecondFactorPolicy>;
