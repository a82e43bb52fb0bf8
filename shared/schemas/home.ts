import { Type, type Static } from 'typebox';
import { Page, PageQuery } from './common.ts';
import { ThreadSummary } from './discussions.ts';
import { KnowledgeSummary } from './knowledge.ts';
import { Workshop } from './workshops.ts';

/** The thread lists of the home, in the order its tabs and panels show them. */
export const HOME_THREAD_LISTS = ['latest', 'unread', 'new', 'top', 'questions', 'mine'] as const;
export type HomeThreadListName = (typeof HOME_THREAD_LISTS)[number];
export const HOME_LISTS = [...HOME_THREAD_LISTS, 'workshops', 'knowledge'] as const;
export type HomeListName = (typeof HOME_LISTS)[number];

/** How far back "Top" counts activity. */
export const TOP_PERIODS = ['day', 'week', 'month'] as const;
export type TopPeriod = (typeof TOP_PERIODS)[number];

/** A thread as the home lists it: a thread list's item, with the names of where it is. */
export const HomeThread = Type.Object({
  ...ThreadSummary.properties,
  community: Type.Object({ slug: Type.String(), name: Type.String() }),
  forum: Type.Object({ id: Type.Integer(), name: Type.String() }),
  /** Only in "top": the visible posts written in the period, and reactions to them. */
  activity: Type.Optional(Type.Object({ posts: Type.Integer(), reactions: Type.Integer() })),
});
export type HomeThread = Static<typeof HomeThread>;

/** A knowledge record as the knowledge lists show it (its `kind` included), and when it was added. */
export const HomeKnowledge = Type.Object({ ...KnowledgeSummary.properties, createdAt: Type.String() });
export type HomeKnowledge = Static<typeof HomeKnowledge>;

export const HomeThreadList = Page(HomeThread);
export type HomeThreadList = Static<typeof HomeThreadList>;
export const HomeWorkshopList = Page(Workshop);
export type HomeWorkshopList = Static<typeof HomeWorkshopList>;
export const HomeKnowledgeList = Page(HomeKnowledge);
export type HomeKnowledgeList = Static<typeof HomeKnowledgeList>;

/**
 * `GET /api/home`: the first page of every list. A visitor gets the public home from the same
 * route (`signedIn: false`): latest and top over public communities, public live and upcoming
 * workshops, the newest knowledge; their personal lists (unread, new, questions, mine) are empty.
 * For a member every thread list is across the communities they are an active member of
 * (questions: any community they may read), with `unread`/`isNew` on each item.
 */
export const Home = Type.Object({
  signedIn: Type.Boolean(),
  /** The period "top" was counted over. */
  period: Type.Enum(TOP_PERIODS),
  /** How many communities the member is an active member of (0 for a visitor): the empty states say what to do. */
  communities: Type.Integer(),
  /** Whether the member is a specialist (has a specialist record): "questions" is theirs only then. */
  specialist: Type.Boolean(),
  latest: HomeThreadList,
  unread: HomeThreadList,
  new: HomeThreadList,
  top: HomeThreadList,
  questions: HomeThreadList,
  workshops: HomeWorkshopList,
  knowledge: HomeKnowledgeList,
  mine: HomeThreadList,
});
export type Home = Static<typeof Home>;

export const HomeQuery = Type.Object(
  {
    period: Type.Optional(Type.Enum(TOP_PERIODS)),
    /** Items of each list in the whole home (default 10). */
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
  },
  { additionalProperties: false },
);
export type HomeQuery = Static<typeof HomeQuery>;

/** `GET /api/home/:list`: one list, a page at a time (`period` for "top"). */
export const HomeListQuery = Type.Object({ period: Type.Optional(Type.Enum(TOP_PERIODS)), ...PageQuery }, { additionalProperties: false });
export type HomeListQuery = Static<typeof HomeListQuery>;

export const HomeThreadListParams = Type.Object({ list: Type.Enum(HOME_THREAD_LISTS) }, { additionalProperties: false });


