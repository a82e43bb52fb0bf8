import { Type, type Static } from 'typebox';

/** The account's address: verification links, "send it again", changing it. */
export const EmailTokenBody = Type.Object({ token: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false });
export type EmailTokenBody = Static<typeof EmailTokenBody>;

export const EmailAccepted = Type.Object({ status: Type.Literal('accepted') });
export type EmailAccepted = Static<typeof EmailAccepted>;

export const EmailVerified = Type.Object({ emailVerified: Type.Literal(true) });
export type EmailVerified = Static<typeof EmailVerified>;

export const EmailChangeBody = Type.Object(
  { email: Type.String({ maxLength: 400 }), currentPassword: Type.String({ maxLength: 1000 }) },
  { additionalProperties: false },
);
export type EmailChangeBody = Static<typeof EmailChangeBody>;

export const EmailChanged = Type.Object({ email: Type.String() });
export type EmailChanged = Static<typeof EmailChanged>;
