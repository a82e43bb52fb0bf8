import { Type, type Static } from 'typebox';
import { Nullable, PageQuery } from './common.ts';

/** News are written in one of the network's three languages. */
export const NEWS_LANGUAGES = ['es', 'pt', 'en'] as const;
export type NewsLanguage = (typeof NEWS_LANGUAGES)[number];

export const NEWS_TITLE_MAX = 200;
export const NEWS_SUMMARY_MAX = 600;
export const NEWS_BODY_MAX = 50_000;
export const NEWS_TOPICS_MAX = 8;

const NewsAuthor = Type.Object({ id: Type.Integer(), username: Type.String(), displayName: Type.String() });
const NewsInstitution = Type.Object({ id: Type.Integer(), acronym: Type.String(), name: Type.String() });
const NewsCountry = Type.Object({ code: Type.String(), names: Type.Object({ es: Type.String(), pt: Type.String(), en: Type.String() }) });
const NewsTopic = Type.Object({ code: Type.String(), scheme: Type.String(), labels: Type.Object({ es: Type.String(), pt: Type.String(), en: Type.String() }) });

/** A news item as every reader sees it; `body` (the Markdown source) is there for those who may edit. */
export const NewsItem = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  summary: Type.String(),
  bodyHtml: Type.String(),
  body: Nullable(Type.String()),
  language: Type.Enum(NEWS_LANGUAGES),
  country: Nullable(NewsCountry),
  institution: Nullable(NewsInstitution),
  topics: Type.Array(NewsTopic),
  author: Nullable(NewsAuthor),
  /** The thread that carries the item's comments. */
  threadId: Nullable(Type.Integer()),
  commentCount: Type.Integer(),
  /** The picture's address, null without one. */
  image: Nullable(Type.String()),
  publishedAt: Type.String(),
  updatedAt: Type.String(),
  canEdit: Type.Boolean(),
});
export type NewsItem = Static<typeof NewsItem>;

export const NewsItemResponse = Type.Object({ item: NewsItem });
export type NewsItemResponse = Static<typeof NewsItemResponse>;

export const NewsList = Type.Object({ items: Type.Array(NewsItem), nextCursor: Nullable(Type.String()) });
export type NewsList = Static<typeof NewsList>;

export const NewsQuery = Type.Object(
  {
    country: Type.Optional(Type.String({ maxLength: 10 })),
    institution: Type.Optional(Type.Integer({ minimum: 1 })),
    topic: Type.Optional(Type.String({ maxLength: 100 })),
    language: Type.Optional(Type.Enum(NEWS_LANGUAGES)),
    q: Type.Optional(Type.String({ maxLength: 200 })),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type NewsQuery = Static<typeof NewsQuery>;

export const NewsCreate = Type.Object(
  {
    title: Type.String({ minLength: 5, maxLength: NEWS_TITLE_MAX }),
    summary: Type.String({ minLength: 1, maxLength: NEWS_SUMMARY_MAX }),
    body: Type.String({ minLength: 1, maxLength: NEWS_BODY_MAX }),
    language: Type.Enum(NEWS_LANGUAGES),
    countryCode: Type.Optional(Nullable(Type.String({ maxLength: 10 }))),
    institutionId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
    topics: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: NEWS_TOPICS_MAX })),
  },
  { additionalProperties: false },
);
export type NewsCreate = Static<typeof NewsCreate>;

export const NewsPatch = Type.Partial(NewsCreate, { additionalProperties: false });
export type NewsPatch = Static<typeof NewsPatch>;

/** What the signed-in person may publish: for every institution (staff) or for these. */
export const NewsPublishing = Type.Object({ anyInstitution: Type.Boolean(), institutionIds: Type.Array(Type.Integer()) });
export type NewsPublishing = Static<typeof NewsPublishing>;

/** The site community whose forum carries the news items' comments. */
export const NEWS_COMMUNITY_SLUG = 'news';
