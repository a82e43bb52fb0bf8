import { Type, type Static } from 'typebox';
import { Nullable, PageQuery } from './common.ts';

/**
 * Cooperation agreements (issue 18, part 3). Status: `draft` (being negotiated), `in_force`
 * (signed and running), `ended` (over or terminated: its space is archived read-only).
 */
export const AGREEMENT_STATUSES = ['draft', 'in_force', 'ended'] as const;
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number];
export const AGREEMENT_TITLE_MAX = 200;
export const OBJECTIVES_MAX = 20_000;
export const MAX_PARTIES = 12;

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', maxLength: 10 });

export const AgreementParty = Type.Object({
  institution: Type.Object({ id: Type.Integer(), acronym: Type.String(), name: Type.String(), countryCode: Type.String() }),
  signedOn: Nullable(Type.String()),
});
export type AgreementParty = Static<typeof AgreementParty>;

export const AgreementArea = Type.Object({
  scheme: Type.Enum(['sector', 'theme'] as const),
  code: Type.String(),
  labels: Type.Object({ es: Type.String(), pt: Type.String(), en: Type.String() }),
});
export type AgreementArea = Static<typeof AgreementArea>;

export const AgreementSummary = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  status: Type.Enum(AGREEMENT_STATUSES),
  startDate: Type.String(),
  endDate: Nullable(Type.String()),
  parties: Type.Array(AgreementParty),
  areas: Type.Array(AgreementArea),
  hasSpace: Type.Boolean(),
  updatedAt: Type.String(),
});
export type AgreementSummary = Static<typeof AgreementSummary>;

export const AgreementDocument = Type.Object({ id: Type.Integer(), url: Type.String(), name: Type.String(), size: Type.Integer(), mime: Type.String() });
export type AgreementDocument = Static<typeof AgreementDocument>;

export const NominatedPerson = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  institutionId: Type.Integer(),
});
export type NominatedPerson = Static<typeof NominatedPerson>;

export const Agreement = Type.Object({
  ...AgreementSummary.properties,
  objectives: Type.String(),
  objectivesHtml: Type.String(),
  fromCooperationId: Nullable(Type.Integer()),
  documents: Type.Array(AgreementDocument),
  /** The space, for those who may enter it (its members and admins); null for everyone else. */
  space: Nullable(Type.Object({ slug: Type.String(), name: Type.String(), archived: Type.Boolean() })),
  /** The nominated people, for those who may see the space or nominate for a party; else empty. */
  people: Type.Array(NominatedPerson),
  permissions: Type.Object({
    canEdit: Type.Boolean(),
    canOpenSpace: Type.Boolean(),
    /** The parties (institution ids) this person may nominate people for. */
    canNominateFor: Type.Array(Type.Integer()),
  }),
  createdAt: Type.String(),
});
export type Agreement = Static<typeof Agreement>;

export const AgreementResponse = Type.Object({ item: Agreement });
export type AgreementResponse = Static<typeof AgreementResponse>;

export const AgreementList = Type.Object({ items: Type.Array(AgreementSummary), nextCursor: Nullable(Type.String()) });
export type AgreementList = Static<typeof AgreementList>;

export const AgreementsQuery = Type.Object(
  {
    institution: Type.Optional(Type.Integer({ minimum: 1 })),
    country: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2}$' })),
    status: Type.Optional(Type.Enum(AGREEMENT_STATUSES)),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type AgreementsQuery = Static<typeof AgreementsQuery>;

const PartySigning = Type.Object({ institutionId: Type.Integer({ minimum: 1 }), signedOn: Nullable(Day) }, { additionalProperties: false });

const editable = {
  title: Type.String({ maxLength: 1000 }),
  institutionIds: Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 50 }),
  startDate: Day,
  endDate: Type.Optional(Nullable(Day)),
  objectives: Type.String({ maxLength: OBJECTIVES_MAX }),
  status: Type.Enum(AGREEMENT_STATUSES),
  /** Signatory dates per party (parties not named here stay unsigned). */
  signatures: Type.Optional(Type.Array(PartySigning, { maxItems: 50 })),
  sectors: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 30 })),
  themes: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 30 })),
};

export const AgreementCreate = Type.Object(
  { ...editable, fromCooperationId: Type.Optional(Type.Integer({ minimum: 1 })) },
  { additionalProperties: false },
);
export type AgreementCreate = Static<typeof AgreementCreate>;

export const AgreementPatch = Type.Partial(Type.Object(editable, { additionalProperties: false }));
export type AgreementPatch = Static<typeof AgreementPatch>;

export const SpaceResponse = Type.Object({
  community: Type.Object({ id: Type.Integer(), slug: Type.String(), name: Type.String(), visibility: Type.Enum(['public', 'private'] as const) }),
});
export type SpaceResponse = Static<typeof SpaceResponse>;

export const Nomination = Type.Object({ userId: Type.Integer({ minimum: 1 }), institutionId: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });
export type Nomination = Static<typeof Nomination>;

export const PersonParams = Type.Object({ id: Type.Integer({ minimum: 1 }), userId: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });
export const DocumentParams = Type.Object({ id: Type.Integer({ minimum: 1 }), fileId: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });
