import { Type, type Static } from 'typebox';
import { Nullable } from './common.ts';
import { Country, CountryFigures, Institution } from './geo.ts';

export { CountryFigures };

export const CountryCodeParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 10 }) });
export type CountryCodeParams = Static<typeof CountryCodeParams>;

/** A public discussion started by a member of the country. */
export const CountryDiscussion = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  kind: Type.Union([Type.Literal('discussion'), Type.Literal('question')]),
  postCount: Type.Integer(),
  lastPostAt: Type.String({ format: 'date-time' }),
  solved: Type.Boolean(),
  author: Type.Object({ username: Type.String(), displayName: Type.String() }),
  community: Type.Object({ slug: Type.String(), name: Type.String() }),
});
export type CountryDiscussion = Static<typeof CountryDiscussion>;

/** A public upcoming workshop in one of the country's languages. */
export const CountryWorkshop = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  kind: Type.Union([Type.Literal('workshop'), Type.Literal('meeting'), Type.Literal('seminar')]),
  language: Type.String(),
  startsAt: Type.String({ format: 'date-time' }),
  endsAt: Type.String({ format: 'date-time' }),
  community: Type.Object({ slug: Type.String(), name: Type.String() }),
});
export type CountryWorkshop = Static<typeof CountryWorkshop>;

export const CountryDetail = Type.Object({
  country: Country,
  /** The languages the country works in (those the platform speaks): its workshops are in these. */
  languages: Type.Array(Type.String()),
  institutions: Type.Array(Institution),
  figures: CountryFigures,
  discussions: Type.Array(CountryDiscussion),
  workshops: Type.Array(CountryWorkshop),
});
export type CountryDetail = Static<typeof CountryDetail>;

export const MAP_LINK_KINDS = ['agreement', 'cooperation'] as const;
export type MapLinkKind = (typeof MAP_LINK_KINDS)[number];

/**
 * The network drawn on a map, projected on the server: SVG path data in a `width`×`height`
 * view box. Activity is the public posts of the country's members in the last `activityDays`.
 */
export const NetworkMap = Type.Object({
  width: Type.Integer(),
  height: Type.Integer(),
  activityDays: Type.Integer(),
  /** The land around the network's countries, drawn grey. */
  land: Type.String(),
  countries: Type.Array(
    Type.Object({
      code: Type.String(),
      names: Type.Object({ es: Type.String(), pt: Type.String(), en: Type.String() }),
      path: Type.String(),
      /** Where its label or marker goes (the centroid of its shape). */
      x: Type.Number(),
      y: Type.Number(),
      activity: Type.Integer(),
      fill: Type.String(),
      institutionCount: Type.Integer(),
    }),
  ),
  institutions: Type.Array(
    Type.Object({
      id: Type.Integer(),
      acronym: Type.String(),
      name: Type.String(),
      countryCode: Type.String(),
      x: Nullable(Type.Number()),
      y: Nullable(Type.Number()),
    }),
  ),
  links: Type.Array(Type.Object({ from: Type.Integer(), to: Type.Integer(), kind: Type.Enum(MAP_LINK_KINDS) })),
  /** The colour scale: the colour at each activity value (the legend). */
  legend: Type.Array(Type.Object({ value: Type.Integer(), fill: Type.String() })),
});
export type NetworkMap = Static<typeof NetworkMap>;
