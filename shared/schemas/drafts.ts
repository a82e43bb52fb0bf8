import { Type, type Static } from 'typebox';
import { Nullable, Page, PageQuery } from './common.ts';
import { BODY_MAX, TITLE_MAX } from './discussions.ts';

/** `thread:<forumId>` (a new thread), `reply:<threadId>`, `edit:<postId>`. */
export const DRAFT_KEY_PATTERN = '^(thread|reply|edit):[1-9][0-9]{0,15}$';

export const DraftParams = Type.Object({ key: Type.String({ maxLength: 40, pattern: DRAFT_KEY_PATTERN }) }, { additionalProperties: false });
export type DraftParams = Static<typeof DraftParams>;

/** Bounded like the post it becomes: the title and body of a thread, no longer. */
export const DraftSave = Type.Object(
  {
    title: Type.Optional(Nullable(Type.String({ maxLength: TITLE_MAX }))),
    body: Type.String({ maxLength: BODY_MAX }),
  },
  { additionalProperties: false },
);
export type DraftSave = Static<typeof DraftSave>;

export const Draft = Type.Object({
  key: Type.String(),
  title: Nullable(Type.String()),
  body: Type.String(),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type Draft = Static<typeof Draft>;

/** A draft in the member's list: with what it belongs to (a forum or a thread) and where to finish it. */
export const DraftListItem = Type.Object({
  key: Type.String(),
  kind: Type.Union([Type.Literal('thread'), Type.Literal('reply'), Type.Literal('edit')]),
  title: Nullable(Type.String()),
  excerpt: Type.String(),
  updatedAt: Type.String({ format: 'date-time' }),
  place: Type.Object({ title: Type.String(), communityName: Type.String(), link: Type.String() }),
});
export type DraftListItem = Static<typeof DraftListItem>;

export const DraftList = Page(DraftListItem);
export type DraftList = Static<typeof DraftList>;

export const DraftListQuery = Type.Object(PageQuery, { additionalProperties: false });
export type DraftListQuery = Static<typeof DraftListQuery>;
