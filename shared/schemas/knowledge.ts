import { Type, type Static, type TSchema } from 'typebox';
import { AffiliationBadge } from './affiliation.ts';
import { Nullable, PageQuery } from './common.ts';

export const KNOWLEDGE_KINDS = ['resources', 'experiences', 'profiles', 'specialists', 'institutions'] as const;
export type KnowledgeKind = (typeof KNOWLEDGE_KINDS)[number];
/** The singular used in typed links: `[[resource:12]]`. */
export const LINK_TYPE_OF: Record<KnowledgeKind, string> = {
  resources: 'resource',
  experiences: 'experience',
  profiles: 'profile',
  specialists: 'specialist',
  institutions: 'institution',
};

export const VOCAB_SCHEMES = [
  'sector',
  'occupation',
  'level',
  'theme',
  'expertise',
  'resource_type',
  'audience',
  'modality',
  'licence',
  'availability',
] as const;
export type VocabScheme = (typeof VOCAB_SCHEMES)[number];

export const VocabTerm = Type.Object({
  scheme: Type.String(),
  code: Type.String(),
  labels: Type.Object({ es: Type.String(), pt: Type.String(), en: Type.String() }),
  parentCode: Nullable(Type.String()),
});
export type VocabTerm = Static<typeof VocabTerm>;
export const VocabularyResponse = Type.Object({ items: Type.Array(VocabTerm), nextCursor: Type.Null() });
export type VocabularyResponse = Static<typeof VocabularyResponse>;

/** Query of every knowledge list; each kind uses the filters that apply to it. */
export const KnowledgeQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200 })),
    country: Type.Optional(Type.String({ maxLength: 10 })),
    sector: Type.Optional(Type.String({ maxLength: 20 })),
    language: Type.Optional(Type.String({ maxLength: 10 })),
    /** Resource type, institution kind (constituent/associated). */
    kind: Type.Optional(Type.String({ maxLength: 40 })),
    /** Experience theme, specialist expertise, resource topic. */
    theme: Type.Optional(Type.String({ maxLength: 40 })),
    institution: Type.Optional(Type.Integer({ minimum: 1 })),
    year: Type.Optional(Type.Integer({ minimum: 1900, maximum: 2100 })),
    level: Type.Optional(Type.String({ maxLength: 10 })),
    sort: Type.Optional(Type.Enum(['relevance', 'recent', 'title', 'year'] as const)),
    /** Specialists only: those whose linked account's affiliation with the record's institution is verified (issue 19). */
    verified: Type.Optional(Type.Boolean()),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type KnowledgeQuery = Static<typeof KnowledgeQuery>;

export const FacetValue = Type.Object({ value: Type.String(), count: Type.Integer() });
export const Facets = Type.Record(Type.String(), Type.Array(FacetValue));
export type Facets = Static<typeof Facets>;

const Ref = Type.Object({ id: Type.Integer(), acronym: Type.String(), name: Type.String() });

/** What every kind's list item shares, so one card component shows any of them. */
export const KnowledgeSummary = Type.Object({
  id: Type.Integer(),
  kind: Type.Enum(KNOWLEDGE_KINDS),
  title: Type.String(),
  subtitle: Type.String(),
  countryCode: Nullable(Type.String()),
  institution: Nullable(Ref),
  languages: Type.Array(Type.String()),
  year: Nullable(Type.Integer()),
  tags: Type.Array(Type.Object({ scheme: Type.String(), code: Type.String() })),
  url: Type.String(),
  /** Specialists: the linked account's affiliation with this institution is verified (issue 19). */
  verified: Type.Optional(Type.Boolean()),
});
export type KnowledgeSummary = Static<typeof KnowledgeSummary>;

export const KnowledgeList = Type.Object({
  items: Type.Array(KnowledgeSummary),
  nextCursor: Nullable(Type.String()),
  total: Type.Integer(),
  facets: Facets,
});
export type KnowledgeList = Static<typeof KnowledgeList>;

export const Backlink = Type.Object({
  threadId: Type.Integer(),
  postId: Type.Integer(),
  title: Type.String(),
  createdAt: Type.String(),
  community: Type.Object({ slug: Type.String(), name: Type.String() }),
});
export type Backlink = Static<typeof Backlink>;

export const Resource = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  summary: Type.String(),
  type: Type.String(),
  languages: Type.Array(Type.String()),
  countryCode: Nullable(Type.String()),
  institution: Nullable(Ref),
  authors: Type.Array(Type.String()),
  year: Nullable(Type.Integer()),
  sector: Nullable(Type.String()),
  topics: Type.Array(Type.String()),
  audiences: Type.Array(Type.String()),
  modality: Nullable(Type.String()),
  format: Nullable(Type.String()),
  licence: Nullable(Type.String()),
  url: Nullable(Type.String()),
  file: Nullable(Type.Object({ url: Type.String(), name: Type.String(), size: Type.Integer(), mime: Type.String() })),
  updatedAt: Type.String(),
});
export type Resource = Static<typeof Resource>;

export const Experience = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  summary: Type.String(),
  theme: Type.String(),
  institution: Nullable(Ref),
  countryCode: Nullable(Type.String()),
  startYear: Nullable(Type.Integer()),
  endYear: Nullable(Type.Integer()),
  partners: Type.Array(Type.String()),
  results: Type.String(),
  languages: Type.Array(Type.String()),
  sector: Nullable(Type.String()),
  resources: Type.Array(Type.Object({ id: Type.Integer(), title: Type.String() })),
  updatedAt: Type.String(),
});
export type Experience = Static<typeof Experience>;

export const Profile = Type.Object({
  id: Type.Integer(),
  nationalCode: Type.String(),
  title: Type.String(),
  sector: Nullable(Type.String()),
  subsector: Nullable(Type.String()),
  countryCode: Nullable(Type.String()),
  institution: Nullable(Ref),
  level: Nullable(Type.String()),
  iscoCode: Nullable(Type.String()),
  purpose: Type.String(),
  units: Type.Array(Type.Object({ code: Type.String(), title: Type.String(), criteria: Type.Array(Type.String()) })),
  curriculum: Type.Array(Type.Object({ title: Type.String(), hours: Type.Number() })),
  evaluation: Type.String(),
  validatedBy: Nullable(Type.String()),
  validatedYear: Nullable(Type.Integer()),
  language: Type.String(),
  updatedAt: Type.String(),
});
export type Profile = Static<typeof Profile>;

export const Specialist = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  institution: Nullable(Ref),
  countryCode: Nullable(Type.String()),
  expertise: Type.Array(Type.String()),
  languages: Type.Array(Type.String()),
  summary: Type.String(),
  /** Only the CV fields the reader may see. */
  cv: Type.Object({
    education: Type.Optional(Type.Array(Type.String())),
    experience: Type.Optional(Type.Array(Type.String())),
    publications: Type.Optional(Type.Array(Type.String())),
  }),
  availability: Type.Array(Type.String()),
  /** Who may see each CV field; given to editors only, for the edit form. */
  cvVisibility: Type.Optional(
    Type.Object({ education: Type.String(), experience: Type.String(), publications: Type.String() }),
  ),
  user: Nullable(
    Type.Object({
      id: Type.Integer(),
      username: Type.String(),
      displayName: Type.String(),
      /** The institution the account shows, and whether that affiliation is verified (issue 19): the badge the page trusts. */
      institution: Type.Optional(Nullable(Ref)),
      affiliation: Type.Optional(Nullable(AffiliationBadge)),
    }),
  ),
  answers: Type.Object({ total: Type.Integer(), accepted: Type.Integer() }),
  /** Questions they answered, newest first (only those the reader may see). */
  answered: Type.Array(Type.Object({ threadId: Type.Integer(), title: Type.String(), accepted: Type.Boolean() })),
  updatedAt: Type.String(),
});
export type Specialist = Static<typeof Specialist>;

export const InstitutionDetail = Type.Object({
  id: Type.Integer(),
  acronym: Type.String(),
  name: Type.String(),
  countryCode: Type.String(),
  kind: Type.Enum(['constituent', 'associated'] as const),
  type: Nullable(Type.String()),
  website: Nullable(Type.String()),
  city: Nullable(Type.String()),
  founded: Nullable(Type.Integer()),
  description: Type.String(),
  counts: Type.Object({
    resources: Type.Integer(),
    experiences: Type.Integer(),
    profiles: Type.Integer(),
    specialists: Type.Integer(),
    members: Type.Integer(),
  }),
});
export type InstitutionDetail = Static<typeof InstitutionDetail>;

/** When, by whom and why a record was withdrawn: shown to editors only (to everyone else it is missing). */
export const Withdrawal = Type.Object({
  at: Type.String(),
  by: Nullable(Type.Object({ username: Type.String(), displayName: Type.String() })),
  reason: Type.String(),
});
export type Withdrawal = Static<typeof Withdrawal>;
export const WithdrawBody = Type.Object({ reason: Type.String({ maxLength: 1000 }) }, { additionalProperties: false });

export function ItemResponse<T extends TSchema>(item: T) {
  return Type.Object({ item, backlinks: Type.Array(Backlink), withdrawal: Type.Optional(Withdrawal) });
}

export const ItemParams = Type.Object({ id: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });

/** A record's fields as a form sends them; the kind's field list (shared/knowledge-fields.ts) says which. */
export const KnowledgeInput = Type.Record(Type.String(), Type.Unknown(), { maxProperties: 30 });
export type KnowledgeInput = Static<typeof KnowledgeInput>;

export const KnowledgeRevision = Type.Object({
  id: Type.Integer(),
  editor: Nullable(Type.Object({ id: Type.Integer(), username: Type.String(), displayName: Type.String() })),
  createdAt: Type.String(),
  changes: Type.Record(Type.String(), Type.Object({ before: Type.Unknown(), after: Type.Unknown() })),
});
export const KnowledgeRevisionList = Type.Object({ items: Type.Array(KnowledgeRevision), nextCursor: Type.Null() });

export const CorrectionCreate = Type.Object(
  { note: Type.String({ maxLength: 5000 }), field: Type.Optional(Type.Union([Type.String({ maxLength: 60 }), Type.Null()])) },
  { additionalProperties: false },
);
export const Correction = Type.Object({
  id: Type.Integer(),
  kind: Type.String(),
  itemId: Type.Integer(),
  /** The record's current title. */
  title: Type.String(),
  field: Nullable(Type.String()),
  note: Type.String(),
  status: Type.Enum(['open', 'accepted', 'declined'] as const),
  author: Nullable(Type.Object({ username: Type.String(), displayName: Type.String() })),
  createdAt: Type.String(),
  url: Type.String(),
});
export type Correction = Static<typeof Correction>;
export const CorrectionList = Type.Object({ items: Type.Array(Correction), nextCursor: Type.Null() });
export const CorrectionDecision = Type.Object({ status: Type.Enum(['accepted', 'declined'] as const) }, { additionalProperties: false });
export const CorrectionsQuery = Type.Object(
  { status: Type.Optional(Type.Enum(['open', 'accepted', 'declined'] as const)) },
  { additionalProperties: false },
);

export const KnowledgePickQuery = Type.Object(
  {
    q: Type.String({ minLength: 1, maxLength: 200 }),
    kind: Type.Optional(Type.Enum(['resource', 'experience', 'profile', 'specialist', 'institution'] as const)),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 30 })),
  },
  { additionalProperties: false },
);
/** One suggestion of the link picker, with the Markdown to insert. */
export const KnowledgePick = Type.Object({
  type: Type.String(),
  id: Type.Integer(),
  title: Type.String(),
  url: Type.String(),
  link: Type.String(),
  countryCode: Nullable(Type.String()),
  institution: Nullable(Type.String()),
});
export type KnowledgePick = Static<typeof KnowledgePick>;
export const KnowledgePickList = Type.Object({ items: Type.Array(KnowledgePick), nextCursor: Type.Null() });

export const AskSpecialist = Type.Object(
  {
    forumId: Type.Integer({ minimum: 1 }),
    title: Type.String({ maxLength: 1000 }),
    body: Type.String({ maxLength: 200_000 }),
    language: Type.Optional(Type.Union([Type.Enum(['es', 'pt', 'en'] as const), Type.Null()])),
  },
  { additionalProperties: false },
);
export type AskSpecialist = Static<typeof AskSpecialist>;
