import { Type, type Static } from 'typebox';

/** How often a member gets the digest of their communities (weekly unless they chose). */
export const DigestFrequency = Type.Union([Type.Literal('daily'), Type.Literal('weekly'), Type.Literal('never')]);

export const DigestPreference = Type.Object({ frequency: DigestFrequency }, { additionalProperties: false });
export type DigestPreference = Static<typeof DigestPreference>;
