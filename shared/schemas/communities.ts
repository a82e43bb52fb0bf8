import { Type, type Static } from 'typebox';
import { Nullable, PageQuery } from './common.ts';
import { CountryRef, InstitutionRef } from './users.ts';
import { AffiliationBadge } from './affiliation.ts';

export const VISIBILITIES = ['public', 'private'] as const;
export const JOIN_POLICIES = ['open', 'approval'] as const;
export const MEMBER_ROLES = ['member', 'moderator'] as const;
export const MEMBER_STATUSES = ['active', 'pending', 'banned'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const SLUG_MAX = 60;
export const COMMUNITY_NAME_MAX = 120;
export const DESCRIPTION_MAX = 2000;

/** How a person appears beside what they wrote. */
export const UserCard = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  institution: Nullable(InstitutionRef),
  country: Nullable(CountryRef),
  specialist: Type.Boolean(),
  /** The person's picture (`?size=48|96|192`, square WebP; the URL changes with the picture); absent or null: initials. */
  avatar: Type.Optional(Nullable(Type.String())),
  /** Their affiliation with `institution`, verified (issue 19); absent or null: unverified. */
  affiliation: Type.Optional(Nullable(AffiliationBadge)),
  /** The account was erased (issue 19): shown as "Deleted member". */
  deleted: Type.Optional(Type.Boolean()),
});
export type UserCard = Static<typeof UserCard>;

export const Community = Type.Object({
  id: Type.Integer(),
  slug: Type.String(),
  name: Type.String(),
  description: Type.String(),
  visibility: Type.Enum(VISIBILITIES),
  joinPolicy: Type.Enum(JOIN_POLICIES),
  /** A private community whose listing (name, description, member count) everyone sees, and which takes requests to join; false: secret (or public). */
  listed: Type.Boolean(),
  memberCount: Type.Integer(),
  lastActivityAt: Nullable(Type.String()),
  createdAt: Type.String(),
  /** Archived (an ended agreement's space): readable by its members, closed to writing. */
  archived: Type.Optional(Type.Boolean()),
});
export type Community = Static<typeof Community>;

export const Forum = Type.Object({
  id: Type.Integer(),
  communityId: Type.Integer(),
  slug: Type.String(),
  name: Type.String(),
  description: Type.String(),
  position: Type.Integer(),
  threadCount: Type.Integer(),
  postCount: Type.Integer(),
  lastPostAt: Nullable(Type.String()),
  /** For a signed-in member: their threads here with posts after their last read (muted ones never count). */
  unreadThreads: Type.Optional(Type.Integer({ minimum: 0 })),
  /** For a signed-in member: threads here they never opened, started since they joined. */
  newThreads: Type.Optional(Type.Integer({ minimum: 0 })),
});
export type Forum = Static<typeof Forum>;

export const Membership = Type.Object({ role: Type.Enum(MEMBER_ROLES), status: Type.Enum(MEMBER_STATUSES) });
export type Membership = Static<typeof Membership>;

/** What the asking person may do here: the pages show or hide controls from this. */
export const CommunityPermissions = Type.Object({
  canJoin: Type.Boolean(),
  canPost: Type.Boolean(),
  canModerate: Type.Boolean(),
  canManageRoles: Type.Boolean(),
});
export type CommunityPermissions = Static<typeof CommunityPermissions>;

export const RecentThread = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  kind: Type.Enum(['discussion', 'question'] as const),
  forumId: Type.Integer(),
  forumName: Type.String(),
  postCount: Type.Integer(),
  lastPostAt: Type.String(),
  solved: Type.Boolean(),
  /** For a signed-in reader, as on the forum's list: posts after their last read, and never opened. */
  unread: Type.Optional(Type.Integer({ minimum: 0 })),
  isNew: Type.Optional(Type.Boolean()),
});
export type RecentThread = Static<typeof RecentThread>;

export const CommunityDetail = Type.Object({
  community: Community,
  forums: Type.Array(Forum),
  moderators: Type.Array(UserCard),
  membership: Nullable(Membership),
  permissions: CommunityPermissions,
  recent: Type.Array(RecentThread),
  /** The listing only (a listed private community seen from outside): no forums, members or threads. */
  restricted: Type.Optional(Type.Boolean()),
});
export type CommunityDetail = Static<typeof CommunityDetail>;

export const CommunitiesQuery = Type.Object(
  { q: Type.Optional(Type.String({ maxLength: 200 })), ...PageQuery },
  { additionalProperties: false },
);

export const CommunityList = Type.Object({
  items: Type.Array(
    Type.Object({
      ...Community.properties,
      membership: Nullable(Membership),
      /** For an active member: their unread and new threads there, as on the community's forum list. */
      unreadThreads: Type.Optional(Type.Integer({ minimum: 0 })),
      newThreads: Type.Optional(Type.Integer({ minimum: 0 })),
    }),
  ),
  nextCursor: Nullable(Type.String()),
});
export type CommunityList = Static<typeof CommunityList>;

export const CommunityCreate = Type.Object(
  {
    slug: Type.String({ maxLength: 200 }),
    name: Type.String({ maxLength: 500 }),
    description: Type.String({ maxLength: 10_000 }),
    visibility: Type.Enum(VISIBILITIES),
    joinPolicy: Type.Enum(JOIN_POLICIES),
    /** Private only: listed (name and description shown, join by request) or secret (default). */
    listed: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type CommunityCreate = Static<typeof CommunityCreate>;

export const CommunityPatch = Type.Partial(
  Type.Object(
    {
      name: Type.String({ maxLength: 500 }),
      description: Type.String({ maxLength: 10_000 }),
      visibility: Type.Enum(VISIBILITIES),
      joinPolicy: Type.Enum(JOIN_POLICIES),
      listed: Type.Boolean(),
    },
    { additionalProperties: false },
  ),
);
export type CommunityPatch = Static<typeof CommunityPatch>;

export const SlugParams = Type.Object({ slug: Type.String({ maxLength: 200 }) }, { additionalProperties: false });
export const MemberParams = Type.Object(
  { slug: Type.String({ maxLength: 200 }), userId: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);

export const JoinResult = Type.Object({ status: Type.Union([Type.Enum(MEMBER_STATUSES), Type.Literal('none')]) });
export type JoinResult = Static<typeof JoinResult>;

export const Member = Type.Object({
  user: UserCard,
  role: Type.Enum(MEMBER_ROLES),
  status: Type.Enum(MEMBER_STATUSES),
  since: Type.String(),
});
export type Member = Static<typeof Member>;

export const MembersQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200 })),
    status: Type.Optional(Type.Enum(MEMBER_STATUSES)),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type MembersQuery = Static<typeof MembersQuery>;

export const MemberList = Type.Object({ items: Type.Array(Member), nextCursor: Nullable(Type.String()) });
export type MemberList = Static<typeof MemberList>;

export const MemberUpdate = Type.Object(
  {
    role: Type.Optional(Type.Enum(MEMBER_ROLES)),
    status: Type.Optional(Type.Enum(['active', 'banned'] as const)),
    /** Why, for the moderation log. */
    reason: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
export type MemberUpdate = Static<typeof MemberUpdate>;

export const ForumCreate = Type.Object(
  {
    slug: Type.String({ maxLength: 200 }),
    name: Type.String({ maxLength: 500 }),
    description: Type.Optional(Type.String({ maxLength: 10_000 })),
  },
  { additionalProperties: false },
);
export type ForumCreate = Static<typeof ForumCreate>;

export const ForumPatch = Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: 500 })),
    description: Type.Optional(Type.String({ maxLength: 10_000 })),
    position: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
  },
  { additionalProperties: false },
);
export type ForumPatch = Static<typeof ForumPatch>;

export const ForumOrder = Type.Object(
  { forumIds: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 200 }) },
  { additionalProperties: false },
);
export type ForumOrder = Static<typeof ForumOrder>;

export const ForumResponse = Type.Object({ forum: Forum });
export const CommunityResponse = Type.Object({ community: Community });
export const MemberResponse = Type.Object({ member: Member });
