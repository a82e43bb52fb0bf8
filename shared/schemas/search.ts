import { Type, type Static } from 'typebox';
import { Nullable, PageQuery } from './common.ts';

/** What a search result can be: discussions (threads, or single posts on request) and the knowledge kinds. */
export const SEARCH_TYPES = ['thread', 'post', 'resource', 'experience', 'profile', 'specialist', 'institution'] as const;
export type SearchType = (typeof SEARCH_TYPES)[number];
export const SEARCH_LANGUAGES = ['es', 'pt', 'en'] as const;
export type SearchLanguage = (typeof SEARCH_LANGUAGES)[number];

/** `q` may also carry the filters (type:, country:, language:, community:, author:, solved:yes). */
export const SearchQuery = Type.Object(
  {
    q: Type.Optional(Type.String()),
    type: Type.Optional(Type.Enum(SEARCH_TYPES)),
    country: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2}$' })),
    language: Type.Optional(Type.Enum(SEARCH_LANGUAGES)),
    /** A community's slug: only its threads and posts ("search this community"). */
    community: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9-]{0,99}$' })),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type SearchQuery = Static<typeof SearchQuery>;

/**
 * What a result shows beside its title. Threads and posts: their community, author, date
 * (written), replies and solved state; knowledge: the institution, country and date (last
 * change). A fact a result does not have is null.
 */
export const ResultFacts = {
  community: Nullable(Type.Object({ slug: Type.String(), name: Type.String() })),
  author: Nullable(Type.Object({ username: Type.String(), displayName: Type.String() })),
  institution: Nullable(Type.Object({ id: Type.Integer(), acronym: Type.String(), name: Type.String() })),
  country: Nullable(Type.String()),
  date: Nullable(Type.String()),
  replies: Nullable(Type.Integer()),
  solved: Nullable(Type.Boolean()),
};

export const SearchResult = Type.Object({
  type: Type.Enum(SEARCH_TYPES),
  id: Type.Integer(),
  title: Type.String(),
  /** HTML-escaped text; the only markup is `<mark>` around the matched words. */
  snippet: Nullable(Type.String()),
  /** The page to open, e.g. `/t/12#post-34` or `/knowledge/resources/5`. */
  url: Type.String(),
  ...ResultFacts,
  /** Thread results, for a signed-in reader: as on the forum's list (posts after their last read; never opened). */
  unread: Type.Optional(Type.Integer({ minimum: 0 })),
  isNew: Type.Optional(Type.Boolean()),
});
export type SearchResult = Static<typeof SearchResult>;

const FacetCounts = Type.Array(Type.Object({ value: Type.String(), count: Type.Integer() }));

export const SearchResponse = Type.Object({
  items: Type.Array(SearchResult),
  nextCursor: Nullable(Type.String()),
  /** Every match, although pages stop after the first 200. */
  total: Type.Integer(),
  facets: Type.Object({ type: FacetCounts, country: FacetCounts, language: FacetCounts }),
});
export type SearchResponse = Static<typeof SearchResponse>;

/** Type-ahead for the header box: titles matching what has been typed so far. */
export const SuggestQuery = Type.Object(
  {
    q: Type.String({ maxLength: 200 }),
    /** Only this type's group (the "search this kind" boxes). */
    type: Type.Optional(Type.Enum(SEARCH_TYPES)),
  },
  { additionalProperties: false },
);
export type SuggestQuery = Static<typeof SuggestQuery>;

export const Suggestion = Type.Object({
  type: Type.Enum(SEARCH_TYPES),
  id: Type.Integer(),
  title: Type.String(),
  /** The title, HTML-escaped, with `<mark>` around what was typed. */
  highlight: Type.String(),
  url: Type.String(),
  ...ResultFacts,
});
export type Suggestion = Static<typeof Suggestion>;

export const SuggestGroup = Type.Object({ type: Type.Enum(SEARCH_TYPES), items: Type.Array(Suggestion) });
export type SuggestGroup = Static<typeof SuggestGroup>;

export const SuggestResponse = Type.Object({ groups: Type.Array(SuggestGroup) });
export type SuggestResponse = Static<typeof SuggestResponse>;
