import { Type, type Static } from 'typebox';
import { Nullable, PageQuery } from './common.ts';
import { AuthorRef } from './discussions.ts';

export const REPORT_REASONS = ['spam', 'off_topic', 'abusive', 'needs_specialist', 'other'] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];
export const QUEUE_KINDS = ['report', 'held_post', 'join_request'] as const;
export const RESOLVE_ACTIONS = ['dismiss', 'hide', 'warn', 'silence', 'ban'] as const;
export type ResolveAction = (typeof RESOLVE_ACTIONS)[number];

const Reason = Type.Optional(Type.String({ maxLength: 2000 }));
const CommunityRef = Type.Object({ id: Type.Integer(), slug: Type.String(), name: Type.String() });

export const ReportCreate = Type.Object(
  { reason: Type.Enum(REPORT_REASONS), note: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
);
export type ReportCreate = Static<typeof ReportCreate>;
export const ReportCreated = Type.Object({
  report: Type.Object({ id: Type.Integer(), reason: Type.Enum(REPORT_REASONS), status: Type.String(), createdAt: Type.String() }),
  /** True when this report tipped the post over the community's threshold: it is hidden pending review. */
  autoHidden: Type.Boolean(),
});

export const QueueReport = Type.Object({
  id: Type.Integer(),
  reason: Type.Enum(REPORT_REASONS),
  note: Nullable(Type.String()),
  reporter: AuthorRef,
  createdAt: Type.String(),
});

export const QueueItem = Type.Object({
  kind: Type.Enum(QUEUE_KINDS),
  /** Report: the first open report's id (resolving it resolves all on the item); held post: the post id; join request: the user id. */
  id: Type.Integer(),
  /** Unique across the queue (the same person may ask to join two communities): what a list keys its items by. */
  key: Type.String(),
  createdAt: Type.String(),
  community: CommunityRef,
  targetType: Nullable(Type.Enum(['post', 'thread'] as const)),
  thread: Nullable(Type.Object({ id: Type.Integer(), title: Type.String(), hidden: Type.Boolean() })),
  post: Nullable(
    Type.Object({ id: Type.Integer(), bodyHtml: Type.String(), author: AuthorRef, createdAt: Type.String(), hidden: Type.Boolean(), opensThread: Type.Boolean() }),
  ),
  user: Nullable(AuthorRef),
  reports: Type.Array(QueueReport),
});
export type QueueItem = Static<typeof QueueItem>;
export const QueueList = Type.Object({ items: Type.Array(QueueItem), nextCursor: Nullable(Type.String()) });
export type QueueList = Static<typeof QueueList>;
export const QueueQuery = Type.Object({ kind: Type.Optional(Type.Enum(QUEUE_KINDS)), ...PageQuery }, { additionalProperties: false });

export const ResolveBody = Type.Object(
  {
    action: Type.Enum(RESOLVE_ACTIONS),
    reason: Reason,
    /** For silence: how many days (default 7). */
    days: Type.Optional(Type.Integer({ minimum: 1, maximum: 365 })),
  },
  { additionalProperties: false },
);
export type ResolveBody = Static<typeof ResolveBody>;
export const ReasonBody = Type.Object({ reason: Reason }, { additionalProperties: false });

export const LogEntry = Type.Object({
  id: Type.Integer(),
  action: Type.String(),
  actorId: Nullable(Type.Integer()),
  actor: Nullable(AuthorRef),
  communityId: Nullable(Type.Integer()),
  community: Nullable(Type.Object({ slug: Type.String(), name: Type.String() })),
  targetType: Type.String(),
  targetId: Type.Integer(),
  reason: Nullable(Type.String()),
  createdAt: Type.String(),
  undoable: Type.Boolean(),
  undoneAt: Nullable(Type.String()),
});
export type LogEntry = Static<typeof LogEntry>;
export const LogList = Type.Object({ items: Type.Array(LogEntry), nextCursor: Nullable(Type.String()) });
export type LogList = Static<typeof LogList>;
export const LogQuery = Type.Object(
  {
    community: Type.Optional(Type.String({ maxLength: 100 })),
    action: Type.Optional(Type.String({ maxLength: 60 })),
    actorId: Type.Optional(Type.Integer({ minimum: 1 })),
    targetType: Type.Optional(Type.String({ maxLength: 30 })),
    targetId: Type.Optional(Type.Integer({ minimum: 1 })),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type LogQuery = Static<typeof LogQuery>;

export const SuspensionBody = Type.Object(
  { until: Type.String({ maxLength: 40 }), reason: Type.String({ maxLength: 2000 }) },
  { additionalProperties: false },
);
export const SilenceBody = Type.Object(
  { until: Type.Union([Type.String({ maxLength: 40 }), Type.Null()]), reason: Reason },
  { additionalProperties: false },
);
export const Standing = Type.Object({ userId: Type.Integer(), suspendedUntil: Nullable(Type.String()), silencedUntil: Nullable(Type.String()) });

export const WarningCreate = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 2000 }), community: Type.Optional(Type.String({ maxLength: 100 })) },
  { additionalProperties: false },
);
export const Warning = Type.Object({
  id: Type.Integer(),
  reason: Type.String(),
  community: Nullable(Type.Object({ slug: Type.String(), name: Type.String() })),
  issuedBy: Nullable(AuthorRef),
  createdAt: Type.String(),
  acknowledgedAt: Nullable(Type.String()),
});
export type Warning = Static<typeof Warning>;
export const WarningList = Type.Object({ items: Type.Array(Warning), nextCursor: Nullable(Type.String()) });

export const TrustSettings = Type.Object(
  {
    /** An account is new during its first hours, or until it has this many visible posts. */
    newAccountHours: Type.Integer({ minimum: 0, maximum: 24 * 365 }),
    newAccountMinPosts: Type.Integer({ minimum: 0, maximum: 1000 }),
    newUser: Type.Object(
      {
        postsPerHour: Type.Integer({ minimum: 1, maximum: 100_000 }),
        linksPerPost: Type.Integer({ minimum: 0, maximum: 1000 }),
        mentionsPerPost: Type.Integer({ minimum: 0, maximum: 1000 }),
        imagesAllowed: Type.Boolean(),
      },
      { additionalProperties: false },
    ),
    /** Every account (moderators excepted). */
    postsPerMinute: Type.Integer({ minimum: 1, maximum: 100_000 }),
    postsPerMinutePerAddress: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
    /** The same text may be posted this many times within the window; one more is refused. */
    duplicateLimit: Type.Integer({ minimum: 1, maximum: 1000 }),
    duplicateWindowMinutes: Type.Integer({ minimum: 1, maximum: 60 * 24 * 30 }),
    /** Accounts whose address is not verified may post (default no: they read and join). Left out of a PUT, it keeps its value. */
    unverifiedMayPost: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type TrustSettings = Static<typeof TrustSettings>;

export const CommunityModerationSettings = Type.Object(
  { reportThreshold: Type.Integer({ minimum: 1, maximum: 100 }), holdNewUserPosts: Type.Boolean() },
  { additionalProperties: false },
);
export type CommunityModerationSettings = Static<typeof CommunityModerationSettings>;
export const CommunitySettingsPatch = Type.Partial(CommunityModerationSettings, { additionalProperties: false });

export const Dashboard = Type.Object({
  community: CommunityRef,
  counts: Type.Object({ openReports: Type.Integer(), pendingMembers: Type.Integer(), heldPosts: Type.Integer() }),
  settings: CommunityModerationSettings,
  recent: Type.Array(LogEntry),
});
export type Dashboard = Static<typeof Dashboard>;

export const MemberHistory = Type.Object({
  user: AuthorRef,
  membership: Nullable(Type.Object({ role: Type.String(), status: Type.String(), silencedUntil: Nullable(Type.String()) })),
  suspendedUntil: Nullable(Type.String()),
  warnings: Type.Array(Warning),
  log: Type.Array(LogEntry),
  reportsAgainst: Type.Integer(),
});
export type MemberHistory = Static<typeof MemberHistory>;

export const MoveBody = Type.Object({ forumId: Type.Integer({ minimum: 1 }), reason: Reason }, { additionalProperties: false });
export const MergeBody = Type.Object({ intoThreadId: Type.Integer({ minimum: 1 }), reason: Reason }, { additionalProperties: false });
export const SplitBody = Type.Object(
  {
    postIds: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 500 }),
    title: Type.String({ maxLength: 1000 }),
    reason: Reason,
  },
  { additionalProperties: false },
);
export const SlowModeBody = Type.Object(
  { seconds: Type.Integer({ minimum: 0, maximum: 86_400 }), reason: Reason },
  { additionalProperties: false },
);
export const ThreadToolsInfo = Type.Object({ threadId: Type.Integer(), slowModeSeconds: Type.Integer() });
export const PostLocation = Type.Object({ threadId: Type.Integer(), postId: Type.Integer() });
export const ThreadRefResponse = Type.Object({ threadId: Type.Integer() });
export const UndoResult = Type.Object({ entry: LogEntry });
export const UserIdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });
export const SlugUserParams = Type.Object(
  { slug: Type.String({ maxLength: 100 }), userId: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);
