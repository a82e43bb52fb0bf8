import { Type, type Static } from 'typebox';
import { Nullable } from './common.ts';

/** A UTC day, `YYYY-MM-DD` (a full ISO moment is taken as its day). */
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}(T[0-9:.]+(Z|[+-]\\d{2}:?\\d{2})?)?$', maxLength: 40, description: 'A UTC day, YYYY-MM-DD' });

export const ActivityQuery = Type.Object(
  {
    /** First day (default: a year before `to`). */
    from: Type.Optional(Day),
    /** Last day, included (default: today). */
    to: Type.Optional(Day),
    /** A community's slug. */
    community: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
    /** A country's ISO code. */
    country: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2}$' })),
    interval: Type.Optional(Type.Union([Type.Literal('day'), Type.Literal('week'), Type.Literal('month')])),
  },
  { additionalProperties: false },
);
export type ActivityQuery = Static<typeof ActivityQuery>;

export const ACTIVITY_SERIES = ['posts', 'members', 'answered', 'medianHoursToAnswer'] as const;
export type ActivitySeriesName = (typeof ACTIVITY_SERIES)[number];

/** One value per bucket (the bucket's first day); `null` where a median has nothing to take. */
export const ActivityPoint = Type.Object({ date: Type.String(), value: Nullable(Type.Number()) });
export type ActivityPoint = Static<typeof ActivityPoint>;

export const Activity = Type.Object({
  from: Type.String(),
  to: Type.String(),
  interval: Type.Union([Type.Literal('day'), Type.Literal('week'), Type.Literal('month')]),
  /** Whether private communities are counted (admins and editors) or only public ones. */
  scope: Type.Union([Type.Literal('all'), Type.Literal('public')]),
  series: Type.Array(
    Type.Object({
      name: Type.Union([Type.Literal('posts'), Type.Literal('members'), Type.Literal('answered'), Type.Literal('medianHoursToAnswer')]),
      points: Type.Array(ActivityPoint),
    }),
  ),
});
export type Activity = Static<typeof Activity>;

export const KnowledgeUseQuery = Type.Object(
  { from: Type.Optional(Day), to: Type.Optional(Day), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })) },
  { additionalProperties: false },
);
export type KnowledgeUseQuery = Static<typeof KnowledgeUseQuery>;

const UsedRecord = Type.Object({
  type: Type.Union([Type.Literal('resource'), Type.Literal('experience'), Type.Literal('profile'), Type.Literal('specialist')]),
  id: Type.Integer(),
  title: Type.String(),
  url: Type.String(),
  views: Type.Integer(),
  downloads: Type.Integer(),
  citations: Type.Integer(),
});
export type UsedRecord = Static<typeof UsedRecord>;

export const KnowledgeUse = Type.Object({
  from: Type.String(),
  to: Type.String(),
  mostViewed: Type.Array(UsedRecord),
  mostDownloaded: Type.Array(UsedRecord),
  mostCited: Type.Array(UsedRecord),
});
export type KnowledgeUse = Static<typeof KnowledgeUse>;
