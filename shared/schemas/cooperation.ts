import { Type, type Static } from 'typebox';
import { Nullable, PageQuery } from './common.ts';

export const COOPERATION_KINDS = ['request', 'offer'] as const;
export type CooperationKind = (typeof COOPERATION_KINDS)[number];
export const COOPERATION_STATUSES = ['open', 'in_progress', 'done'] as const;
export type CooperationStatus = (typeof COOPERATION_STATUSES)[number];

const Code = Type.String({ minLength: 1, maxLength: 40 });

/** A request or an offer, as an institution's representative (or an editor) posts it. Codes from the vocabularies. */
export const CooperationInput = Type.Object(
  {
    kind: Type.Enum(COOPERATION_KINDS),
    title: Type.String({ minLength: 1, maxLength: 200 }),
    /** Markdown. */
    body: Type.String({ minLength: 1, maxLength: 20_000 }),
    institutionId: Type.Integer({ minimum: 1 }),
    /** `sector` vocabulary (ISIC sections). */
    sectors: Type.Array(Code, { maxItems: 10 }),
    /** `theme` vocabulary. */
    themes: Type.Array(Code, { maxItems: 10 }),
    /** `expertise` vocabulary: what help is needed or offered. */
    expertise: Type.Optional(Type.Array(Code, { maxItems: 10 })),
    /** `YYYY-MM-DD`. */
    deadline: Type.Optional(Nullable(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }))),
  },
  { additionalProperties: false },
);
export type CooperationInput = Static<typeof CooperationInput>;

/** Changes by the poster's side (its representatives, editors, admins). */
export const CooperationUpdate = Type.Object(
  {
    status: Type.Optional(Type.Enum(COOPERATION_STATUSES)),
    title: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    body: Type.Optional(Type.String({ minLength: 1, maxLength: 20_000 })),
    deadline: Type.Optional(Nullable(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }))),
  },
  { additionalProperties: false },
);
export type CooperationUpdate = Static<typeof CooperationUpdate>;

export const CooperationQuery = Type.Object(
  {
    kind: Type.Optional(Type.Enum(COOPERATION_KINDS)),
    status: Type.Optional(Type.Enum(COOPERATION_STATUSES)),
    sector: Type.Optional(Code),
    theme: Type.Optional(Code),
    /** ISO 3166-1 alpha-2 of the posting institution. */
    country: Type.Optional(Type.String({ minLength: 2, maxLength: 2 })),
    institution: Type.Optional(Type.Integer({ minimum: 1 })),
    q: Type.Optional(Type.String({ maxLength: 200 })),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type CooperationQuery = Static<typeof CooperationQuery>;

export const CooperationInstitution = Type.Object({ id: Type.Integer(), acronym: Type.String(), name: Type.String(), countryCode: Type.String() });
export type CooperationInstitution = Static<typeof CooperationInstitution>;

const Person = Type.Object({ id: Type.Integer(), username: Type.String(), displayName: Type.String() });

export const CooperationItem = Type.Object({
  id: Type.Integer(),
  kind: Type.Enum(COOPERATION_KINDS),
  title: Type.String(),
  /** Cooked once when written, sanitized. */
  bodyHtml: Type.String(),
  /** Plain text of the body (an excerpt in lists). */
  excerpt: Type.String(),
  status: Type.Enum(COOPERATION_STATUSES),
  institution: CooperationInstitution,
  sectors: Type.Array(Type.String()),
  themes: Type.Array(Type.String()),
  expertise: Type.Array(Type.String()),
  deadline: Nullable(Type.String()),
  /** The agreement it became, if any (`/agreements/<id>`). */
  agreementId: Nullable(Type.Integer()),
  author: Nullable(Person),
  responseCount: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  /** `/cooperation/<id>` */
  url: Type.String(),
});
export type CooperationItem = Static<typeof CooperationItem>;

export const CooperationList = Type.Object({ items: Type.Array(CooperationItem), nextCursor: Nullable(Type.String()) });
export type CooperationList = Static<typeof CooperationList>;

/** An institution's answer: its message, who wrote it; no contact details. */
export const CooperationResponse = Type.Object({
  id: Type.Integer(),
  bodyHtml: Type.String(),
  institution: CooperationInstitution,
  author: Nullable(Person),
  createdAt: Type.String(),
});
export type CooperationResponse = Static<typeof CooperationResponse>;

export const CooperationResponseInput = Type.Object(
  { body: Type.String({ minLength: 1, maxLength: 10_000 }), institutionId: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);
export type CooperationResponseInput = Static<typeof CooperationResponseInput>;

export const CooperationMatches = Type.Object({
  specialists: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), username: Nullable(Type.String()), score: Type.Integer() })),
  institutions: Type.Array(Type.Object({ ...CooperationInstitution.properties, score: Type.Integer() })),
});
export type CooperationMatches = Static<typeof CooperationMatches>;

/**
 * One request or offer. `item.responses`: the institutions' answers, to signed-in readers
 * (visitors get none, and the count). `matches`: only for those who may act for the poster's
 * institution (else null). `may`: what the reader may do here.
 */
export const CooperationDetail = Type.Object({
  item: Type.Object({ ...CooperationItem.properties, responses: Type.Array(CooperationResponse) }),
  matches: Nullable(CooperationMatches),
  may: Type.Object({
    /** Change its status, turn it into an agreement. */
    manage: Type.Boolean(),
    /** The institutions the reader may respond for (not the poster's own). */
    respondFor: Type.Array(CooperationInstitution),
  }),
});
export type CooperationDetail = Static<typeof CooperationDetail>;

export const CooperationCreated = Type.Object({ item: CooperationItem });
export const CooperationResponseCreated = Type.Object({ response: CooperationResponse });

/** What the "new" form offers: the institutions the person may post for. */
export const CooperationPostingFor = Type.Object({ institutions: Type.Array(CooperationInstitution) });
export type CooperationPostingFor = Static<typeof CooperationPostingFor>;
