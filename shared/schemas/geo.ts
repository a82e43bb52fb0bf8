import { Type, type Static } from 'typebox';
import { Nullable, PageQuery } from './common.ts';

export const INSTITUTION_KINDS = ['constituent', 'associated'] as const;
export type InstitutionKind = (typeof INSTITUTION_KINDS)[number];

/** What a country brings to the network, counted over its rows (members: accounts from that country). */
export const CountryFigures = Type.Object({
  members: Type.Integer(),
  specialists: Type.Integer(),
  resources: Type.Integer(),
  profiles: Type.Integer(),
  experiences: Type.Integer(),
  agreements: Type.Integer(),
});
export type CountryFigures = Static<typeof CountryFigures>;

export const Country = Type.Object({
  code: Type.String(),
  names: Type.Object({ es: Type.String(), pt: Type.String(), en: Type.String() }),
  region: Type.String(),
  institutionCount: Type.Integer(),
  /** In the list (`GET /api/countries`): the country's figures, as on its page. */
  figures: Type.Optional(CountryFigures),
});
export type Country = Static<typeof Country>;

export const CountryList = Type.Object({ items: Type.Array(Country), nextCursor: Type.Null() });
export type CountryList = Static<typeof CountryList>;

export const Institution = Type.Object({
  id: Type.Integer(),
  acronym: Type.String(),
  name: Type.String(),
  countryCode: Type.String(),
  kind: Type.Enum(INSTITUTION_KINDS),
  website: Nullable(Type.String()),
  city: Nullable(Type.String()),
  founded: Nullable(Type.Integer()),
});
export type Institution = Static<typeof Institution>;

export const InstitutionsQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200 })),
    country: Type.Optional(Type.String({ maxLength: 10 })),
    kind: Type.Optional(Type.Enum(INSTITUTION_KINDS)),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type InstitutionsQuery = Static<typeof InstitutionsQuery>;

const Facet = Type.Array(Type.Object({ value: Type.String(), count: Type.Integer() }));

export const InstitutionList = Type.Object({
  items: Type.Array(Institution),
  nextCursor: Nullable(Type.String()),
  total: Type.Integer(),
  facets: Type.Object({ country: Facet, kind: Facet }),
});
export type InstitutionList = Static<typeof InstitutionList>;

export const NetworkStats = Type.Object({
  countries: Type.Integer(),
  institutions: Type.Integer(),
  members: Type.Integer(),
});
export type NetworkStats = Static<typeof NetworkStats>;
