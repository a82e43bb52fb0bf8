import { Type, type Static } from 'typebox';
import { Nullable, PageQuery } from './common.ts';

/** Create or update a bookmark: a reminder time (ISO 8601) or null to drop it; a short private note. */
export const BookmarkInput = Type.Object(
  {
    remindAt: Type.Optional(Nullable(Type.String({ format: 'date-time', maxLength: 40 }))),
    note: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  },
  { additionalProperties: false },
);
export type BookmarkInput = Static<typeof BookmarkInput>;

export const Bookmark = Type.Object({
  id: Type.Integer(),
  postId: Type.Integer(),
  thread: Type.Object({ id: Type.Integer(), title: Type.String() }),
  /** The post's opening words, plain text. */
  excerpt: Type.String(),
  /** `/t/<threadId>#post-<postId>` */
  url: Type.String(),
  remindAt: Nullable(Type.String()),
  note: Nullable(Type.String()),
  createdAt: Type.String(),
});
export type Bookmark = Static<typeof Bookmark>;

export const BookmarksQuery = Type.Object({ ...PageQuery }, { additionalProperties: false });
export type BookmarksQuery = Static<typeof BookmarksQuery>;

export const BookmarkList = Type.Object({ items: Type.Array(Bookmark), nextCursor: Nullable(Type.String()) });
export type BookmarkList = Static<typeof BookmarkList>;

/** A member's bookmarks in one thread (the marks on its posts). */
export const ThreadBookmarks = Type.Object({ items: Type.Array(Type.Object({ postId: Type.Integer(), remindAt: Nullable(Type.String()) })) });
export type ThreadBookmarks = Static<typeof ThreadBookmarks>;
