import { Type, type Static } from 'typebox';
import { Nullable, PageQuery } from './common.ts';
import { Forum, UserCard } from './communities.ts';

export const THREAD_KINDS = ['discussion', 'question'] as const;
export type ThreadKind = (typeof THREAD_KINDS)[number];
export const CONTENT_LOCALES = ['es', 'pt', 'en'] as const;
/** The small fixed set of reactions, in display order. */
export const REACTION_KINDS = ['like', 'thanks', 'insightful', 'agree'] as const;
export type ReactionKind = (typeof REACTION_KINDS)[number];
export const REACTION_EMOJI: Record<ReactionKind, string> = { like: '👍', thanks: '🙏', insightful: '💡', agree: '✅' };
export const WATCH_LEVELS = ['watching', 'muted', 'none'] as const;
export type WatchLevel = (typeof WATCH_LEVELS)[number];

export const TITLE_MIN = 5;
export const TITLE_MAX = 200;
export const BODY_MAX = 50_000;

export const AuthorRef = Type.Object({ id: Type.Integer(), username: Type.String(), displayName: Type.String() });

export const ThreadSummary = Type.Object({
  id: Type.Integer(),
  forumId: Type.Integer(),
  title: Type.String(),
  kind: Type.Enum(THREAD_KINDS),
  language: Nullable(Type.Enum(CONTENT_LOCALES)),
  authorId: Type.Integer(),
  author: AuthorRef,
  postCount: Type.Integer(),
  lastPostAt: Type.String(),
  createdAt: Type.String(),
  pinned: Type.Boolean(),
  locked: Type.Boolean(),
  hidden: Type.Boolean(),
  acceptedPostId: Nullable(Type.Integer()),
  /** For a signed-in reader: posts after their last read (0 when read through, never opened, or muted). */
  unread: Type.Optional(Type.Integer({ minimum: 0 })),
  /** For a signed-in reader: never opened, and started since they joined (never on a muted thread). */
  isNew: Type.Optional(Type.Boolean()),
});
export type ThreadSummary = Static<typeof ThreadSummary>;

export const ThreadList = Type.Object({
  items: Type.Array(ThreadSummary),
  nextCursor: Nullable(Type.String()),
});
export type ThreadList = Static<typeof ThreadList>;

export const ReactionCount = Type.Object({
  kind: Type.Enum(REACTION_KINDS),
  count: Type.Integer(),
  /** Whether the asking person is among them. */
  reacted: Type.Boolean(),
});
export type ReactionCount = Static<typeof ReactionCount>;

export const Post = Type.Object({
  id: Type.Integer(),
  threadId: Type.Integer(),
  /** Its number in the thread (1 = the opening post), in reading order; hidden and deleted posts keep theirs. */
  number: Type.Integer(),
  authorId: Type.Integer(),
  author: UserCard,
  /** Cooked, sanitized HTML; empty for a deleted post. */
  bodyHtml: Type.String(),
  createdAt: Type.String(),
  editedAt: Nullable(Type.String()),
  deleted: Type.Boolean(),
  hidden: Type.Boolean(),
  replyToPostId: Nullable(Type.Integer()),
  replyTo: Nullable(Type.Object({ id: Type.Integer(), author: AuthorRef })),
  reactions: Type.Array(ReactionCount),
  revisionCount: Type.Integer(),
  canEdit: Type.Boolean(),
  /** Only on the author's own hidden post, to its author: the moderator's reason (null when none was given). */
  hiddenReason: Type.Optional(Nullable(Type.String())),
});
export type Post = Static<typeof Post>;

export const ThreadPermissions = Type.Object({
  canReply: Type.Boolean(),
  /** Why the reply box is closed, when it is. */
  replyBlockedReason: Nullable(Type.Enum(['locked', 'not_member', 'anonymous', 'banned', 'pending', 'silenced', 'suspended'] as const)),
  canModerate: Type.Boolean(),
  canAccept: Type.Boolean(),
  /** Reacting needs membership but stays open on a locked thread. */
  canReact: Type.Boolean(),
});
export type ThreadPermissions = Static<typeof ThreadPermissions>;

export const Thread = Type.Object({
  ...ThreadSummary.properties,
  firstPostId: Nullable(Type.Integer()),
  watching: Type.Enum(WATCH_LEVELS),
});
export type Thread = Static<typeof Thread>;

/** A typed link to the knowledge bases, found in the thread's posts. */
export const ThreadLink = Type.Object({
  type: Type.String(),
  id: Type.Integer(),
  /** Current title: cards show this, so a renamed item shows its new name. */
  title: Type.String(),
  url: Type.String(),
  countryCode: Nullable(Type.String()),
  institution: Nullable(Type.String()),
});

export const ThreadPage = Type.Object({
  thread: Thread,
  posts: Type.Array(Post),
  nextCursor: Nullable(Type.String()),
  acceptedPost: Nullable(Post),
  forum: Type.Object({ id: Type.Integer(), name: Type.String() }),
  community: Type.Object({ slug: Type.String(), name: Type.String(), visibility: Type.String() }),
  permissions: ThreadPermissions,
  links: Type.Array(ThreadLink),
  /** Set when the asked thread was merged into this one: the client shows this thread's address. */
  movedFrom: Type.Optional(Type.Integer()),
  /** For a signed-in reader: the highest post number they have read (0 = never opened); absent for visitors. */
  lastRead: Type.Optional(Type.Integer({ minimum: 0 })),
  /** The thread's highest post number (its posts are numbered 1…highest). */
  highestNumber: Type.Integer(),
  /** The posts before this page (`?before=`), null at the start of the thread. */
  prevCursor: Type.Optional(Nullable(Type.String())),
});
export type ThreadPage = Static<typeof ThreadPage>;

export const ForumPage = Type.Object({
  forum: Forum,
  community: Type.Object({ slug: Type.String(), name: Type.String(), visibility: Type.String() }),
  permissions: Type.Object({ canPost: Type.Boolean(), canModerate: Type.Boolean() }),
});
export type ForumPage = Static<typeof ForumPage>;

export const PageParams = Type.Object(PageQuery, { additionalProperties: false });

/** `POST /api/threads/:id/read`: the reader has seen the thread up to this post number. */
export const ReadBody = Type.Object({ postNumber: Type.Integer({ minimum: 1, maximum: 10_000_000 }) }, { additionalProperties: false });
export const ReadResponse = Type.Object({ lastRead: Type.Integer(), unread: Type.Integer() });
export type ReadResponse = Static<typeof ReadResponse>;

/** A thread's page: by cursor (more as the reader scrolls), or by number (`?page=2`, for links that work without scripts). */
export const ThreadPageParams = Type.Object(
  {
    ...PageQuery,
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
    /** The page around a post number, or around the reader's first unread post (`unread`; the start when none). */
    near: Type.Optional(Type.String({ pattern: '^(unread|[1-9][0-9]{0,7})$', maxLength: 8 })),
    /** A page's `prevCursor`: the posts before it. */
    before: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type ThreadPageParams = Static<typeof ThreadPageParams>;

export const ThreadCreate = Type.Object(
  {
    title: Type.String({ maxLength: 1000 }),
    body: Type.String({ maxLength: 200_000 }),
    kind: Type.Enum(THREAD_KINDS),
    language: Type.Optional(Type.Union([Type.Enum(CONTENT_LOCALES), Type.Null()])),
    /** For a question: the areas of expertise it asks for; matching specialists are notified. */
    expertise: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 5 })),
  },
  { additionalProperties: false },
);
export type ThreadCreate = Static<typeof ThreadCreate>;

export const ThreadCreated = Type.Object({ thread: Thread, post: Post });

export const PostCreate = Type.Object(
  { body: Type.String({ maxLength: 200_000 }), replyToPostId: Type.Optional(Type.Union([Type.Integer(), Type.Null()])) },
  { additionalProperties: false },
);
export type PostCreate = Static<typeof PostCreate>;

export const PostEdit = Type.Object({ body: Type.String({ maxLength: 200_000 }) }, { additionalProperties: false });
export const PostResponse = Type.Object({ post: Post });
export type PostResponse = Static<typeof PostResponse>;

export const PostSource = Type.Object({ body: Type.String() });

export const Revision = Type.Object({
  id: Type.Integer(),
  bodyHtml: Type.String(),
  editor: Nullable(AuthorRef),
  createdAt: Type.String(),
});
export const RevisionList = Type.Object({ items: Type.Array(Revision), nextCursor: Type.Null() });

export const ReactionToggle = Type.Object({ kind: Type.Enum(REACTION_KINDS) }, { additionalProperties: false });
export const ReactionsResponse = Type.Object({ reactions: Type.Array(ReactionCount) });
export const ReactorList = Type.Object({
  items: Type.Array(Type.Object({ kind: Type.Enum(REACTION_KINDS), users: Type.Array(AuthorRef) })),
});
export type ReactorList = Static<typeof ReactorList>;

export const AcceptBody = Type.Object(
  { postId: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]) },
  { additionalProperties: false },
);

export const ThreadModeration = Type.Object(
  {
    pinned: Type.Optional(Type.Boolean()),
    locked: Type.Optional(Type.Boolean()),
    hidden: Type.Optional(Type.Boolean()),
    /** Why, for the moderation log. */
    reason: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
export type ThreadModeration = Static<typeof ThreadModeration>;
export const PostModeration = Type.Object(
  { hidden: Type.Boolean(), reason: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
);

export const ThreadResponse = Type.Object({ thread: Thread });
export type ThreadResponse = Static<typeof ThreadResponse>;

export const WatchBody = Type.Object({ level: Type.Enum(WATCH_LEVELS) }, { additionalProperties: false });
export const WatchResponse = Type.Object({ watching: Type.Enum(WATCH_LEVELS) });

export const PreviewBody = Type.Object({ body: Type.String({ maxLength: 200_000 }) }, { additionalProperties: false });
export const PreviewResponse = Type.Object({ html: Type.String() });

/** `POST /api/forums/:id/read`, `POST /api/communities/:slug/read`: how many threads were marked read. */
export const MarkAllReadResponse = Type.Object({ marked: Type.Integer({ minimum: 0 }) });
export type MarkAllReadResponse = Static<typeof MarkAllReadResponse>;
