import { Type, type Static } from 'typebox';

/** A person who represents an institution (a site role per institution). */
export const Representative = Type.Object({ id: Type.Integer(), username: Type.String(), displayName: Type.String() });
export type Representative = Static<typeof Representative>;

export const RepresentativeList = Type.Object({ items: Type.Array(Representative) });
export type RepresentativeList = Static<typeof RepresentativeList>;

export const RepresentativeParams = Type.Object(
  { id: Type.Integer({ minimum: 1 }), userId: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);

/** The institutions the signed-in person represents. */
export const RepresentingList = Type.Object({ institutionIds: Type.Array(Type.Integer()) });
export type RepresentingList = Static<typeof RepresentingList>;
