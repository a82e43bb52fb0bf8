import { Type, type Static } from 'typebox';

export const ERASED_POSTS = ['keep', 'remove'] as const;

/**
 * `DELETE /api/me`: the member erases their account, confirming it is them (their password, or a
 * code or passkey of a second factor) and choosing what becomes of their posts.
 */
export const DeleteAccountBody = Type.Object(
  {
    password: Type.Optional(Type.String({ maxLength: 200 })),
    code: Type.Optional(Type.String({ maxLength: 40 })),
    passkey: Type.Optional(Type.Unknown()),
    posts: Type.Union(ERASED_POSTS.map((p) => Type.Literal(p))),
  },
  { additionalProperties: false },
);
export type DeleteAccountBody = Static<typeof DeleteAccountBody>;

/** What the member is told before confirming: a legal hold keeps their posts whatever they choose. */
export const ErasureTerms = Type.Object({ legalHold: Type.Boolean() });
export type ErasureTerms = Static<typeof ErasureTerms>;

/** An admin sets or lifts a member's legal hold. */
export const LegalHoldBody = Type.Object({ legalHold: Type.Boolean() }, { additionalProperties: false });
export type LegalHoldBody = Static<typeof LegalHoldBody>;
