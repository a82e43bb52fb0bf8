import { Type, type Static } from 'typebox';
import { Nullable, PageQuery } from './common.ts';
import { AuthorRef } from './discussions.ts';

export const NOTIFICATION_KINDS = [
  'mention',
  'reply',
  'watched_reply',
  'answer_accepted',
  'membership_approved',
  'membership_declined',
  'question_for_you',
  'report_upheld',
  'report_dismissed',
  'warning',
  'bookmark_reminder',
  'post_hidden',
  'post_held',
  'post_rejected',
  'thread_moved',
  'thread_merged',
  'thread_split',
  'reaction',
  'cooperation_match',
  'cooperation_response',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const Notification = Type.Object({
  id: Type.Integer(),
  kind: Type.Enum(NOTIFICATION_KINDS),
  read: Type.Boolean(),
  createdAt: Type.String(),
  /** Who acted, with their picture (`avatar` as on `UserCard`). */
  actor: Nullable(Type.Object({ ...AuthorRef.properties, avatar: Type.Optional(Nullable(Type.String())) })),
  thread: Nullable(Type.Object({ id: Type.Integer(), title: Type.String() })),
  postId: Nullable(Type.Integer()),
  community: Nullable(Type.Object({ slug: Type.String(), name: Type.String() })),
  /** Where the notification leads, as a page path. */
  url: Type.String(),
  /** The moderator's reason (moderation kinds; only ever in the author's own notifications). */
  reason: Type.Optional(Nullable(Type.String())),
  /** How many more people besides the actor (coalesced kinds: "Ana and 2 others reacted"). */
  others: Type.Optional(Type.Integer()),
});
export type Notification = Static<typeof Notification>;

export const NotificationsQuery = Type.Object(
  { unread: Type.Optional(Type.Boolean()), ...PageQuery },
  { additionalProperties: false },
);
export type NotificationsQuery = Static<typeof NotificationsQuery>;

export const NotificationList = Type.Object({
  items: Type.Array(Notification),
  nextCursor: Nullable(Type.String()),
  unread: Type.Integer(),
});
export type NotificationList = Static<typeof NotificationList>;

export const UnreadCount = Type.Object({ unread: Type.Integer() });
export type UnreadCount = Static<typeof UnreadCount>;
