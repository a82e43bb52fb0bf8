import { Type, type Static } from 'typebox';
import { Nullable, PageQuery } from './common.ts';

/** A topic of the FAQ: a term of the `theme` or `sector` vocabulary, with its labels. */
export const FaqTopic = Type.Object({
  scheme: Type.Union([Type.Literal('theme'), Type.Literal('sector')]),
  code: Type.String(),
  labels: Type.Object({ es: Type.String(), pt: Type.String(), en: Type.String() }),
});
export type FaqTopic = Static<typeof FaqTopic>;

export const FAQ_STATUSES = ['proposed', 'published', 'rejected', 'unpublished'] as const;
export type FaqStatus = (typeof FAQ_STATUSES)[number];
const FaqStatusSchema = Type.Union([Type.Literal('proposed'), Type.Literal('published'), Type.Literal('rejected'), Type.Literal('unpublished')]);

/** An FAQ entry; readers get the cooked HTML, editors also the Markdown source to edit. */
export const FaqEntry = Type.Object({
  id: Type.Integer(),
  threadId: Type.Integer(),
  /** `/t/<threadId>#post-<postId>`: the discussion and its accepted answer. */
  threadUrl: Type.String(),
  threadTitle: Type.String(),
  question: Type.String(),
  questionHtml: Type.String(),
  answerHtml: Type.String(),
  topic: Nullable(FaqTopic),
  language: Nullable(Type.String()),
  status: FaqStatusSchema,
  publishedAt: Nullable(Type.String()),
  updatedAt: Type.String(),
  /** Only for editors (the review queue): the Markdown sources. */
  questionBody: Type.Optional(Type.String()),
  answer: Type.Optional(Type.String()),
});
export type FaqEntry = Static<typeof FaqEntry>;

export const FaqItem = Type.Object({ item: FaqEntry });
export type FaqItem = Static<typeof FaqItem>;

export const FaqList = Type.Object({ items: Type.Array(FaqEntry), nextCursor: Nullable(Type.String()) });
export type FaqList = Static<typeof FaqList>;

/** `topic`: `theme:<code>`, `sector:<code>` or a bare code. */
export const FaqQuery = Type.Object(
  { ...PageQuery, q: Type.Optional(Type.String({ maxLength: 200 })), topic: Type.Optional(Type.String({ maxLength: 80 })) },
  { additionalProperties: false },
);
export type FaqQuery = Static<typeof FaqQuery>;

export const FaqProposalsQuery = Type.Object(
  { status: Type.Optional(FaqStatusSchema) },
  { additionalProperties: false },
);
export type FaqProposalsQuery = Static<typeof FaqProposalsQuery>;

export const ProposalInput = Type.Object({ threadId: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });
export type ProposalInput = Static<typeof ProposalInput>;

/** An editor's changes to an entry; `topic` as in the query (`theme:<code>`), null to clear it. */
export const FaqEdit = Type.Object(
  {
    question: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
    questionBody: Type.Optional(Type.String({ maxLength: 20_000 })),
    answer: Type.Optional(Type.String({ minLength: 1, maxLength: 50_000 })),
    topic: Type.Optional(Nullable(Type.String({ maxLength: 80 }))),
  },
  { additionalProperties: false },
);
export type FaqEdit = Static<typeof FaqEdit>;

export const EXPERIENCE_PROPOSAL_STATUSES = ['proposed', 'published', 'rejected'] as const;
const ProposalStatusSchema = Type.Union([Type.Literal('proposed'), Type.Literal('published'), Type.Literal('rejected')]);

/** A solved thread proposed as an experience record: the prefilled fields an editor reviews. */
export const ExperienceProposal = Type.Object({
  id: Type.Integer(),
  threadId: Type.Integer(),
  threadUrl: Type.String(),
  threadTitle: Type.String(),
  /** An experience's fields (as POST /api/experiences takes them). */
  draft: Type.Record(Type.String(), Type.Unknown()),
  status: ProposalStatusSchema,
  experienceId: Nullable(Type.Integer()),
  createdAt: Type.String(),
});
export type ExperienceProposal = Static<typeof ExperienceProposal>;

export const ExperienceProposalItem = Type.Object({ item: ExperienceProposal });
export type ExperienceProposalItem = Static<typeof ExperienceProposalItem>;

export const ExperienceProposalList = Type.Object({ items: Type.Array(ExperienceProposal) });
export type ExperienceProposalList = Static<typeof ExperienceProposalList>;

export const ExperienceProposalsQuery = Type.Object(
  { status: Type.Optional(ProposalStatusSchema) },
  { additionalProperties: false },
);
export type ExperienceProposalsQuery = Static<typeof ExperienceProposalsQuery>;

export const ExperienceDraftEdit = Type.Record(Type.String(), Type.Unknown(), { maxProperties: 30 });
export type ExperienceDraftEdit = Static<typeof ExperienceDraftEdit>;

/** Whether a thread is already proposed (the thread page's action shows what happened). */
export const ThreadProposals = Type.Object({
  faq: Nullable(Type.Object({ id: Type.Integer(), status: Type.String() })),
  experience: Nullable(Type.Object({ id: Type.Integer(), status: Type.String(), experienceId: Nullable(Type.Integer()) })),
});
export type ThreadProposals = Static<typeof ThreadProposals>;
