import { index, integer, primaryKey, table, text, uniqueIndex } from './_dialect.ts';
import { createdAt, id, moment, updatedAt } from './_columns.ts';
import { users } from './users.ts';

export const communities = table(
  'communities',
  {
    id: id(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    visibility: text('visibility', { enum: ['public', 'private'] }).notNull(),
    joinPolicy: text('join_policy', { enum: ['open', 'approval'] }).notNull(),
    /**
     * A private community's listing (name, description, member count) is shown to everyone and
     * it takes requests to join; its content stays for its members. False (secret): it does not
     * exist for outsiders. Meaningless for a public community.
     */
    listed: integer('listed', { mode: 'boolean' }).notNull().default(false),
    /** The admin who created it; with admins, the owner grants the moderator role. */
    ownerId: integer('owner_id').references(() => users.id, { onDelete: 'set null' }),
    memberCount: integer('member_count').notNull().default(0),
    lastActivityAt: moment('last_activity_at'),
    createdAt: createdAt(),
    /** Archived: kept readable for its members, closed to writing (an ended agreement's space). */
    archivedAt: moment('archived_at'),
  },
  (t) => [uniqueIndex('communities_slug_unique').on(t.slug)],
);

export const communityMembers = table(
  'community_members',
  {
    communityId: integer('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ['member', 'moderator'] }).notNull().default('member'),
    status: text('status', { enum: ['active', 'pending', 'banned'] }).notNull(),
    /** Silenced by the moderators until then: can read, cannot write here. */
    silencedUntil: moment('silenced_until'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.communityId, t.userId] }),
    index('community_members_user_idx').on(t.userId),
    index('community_members_status_idx').on(t.communityId, t.status, t.userId),
  ],
);

export const forums = table(
  'forums',
  {
    id: id(),
    communityId: integer('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    position: integer('position').notNull().default(0),
    threadCount: integer('thread_count').notNull().default(0),
    postCount: integer('post_count').notNull().default(0),
    lastPostAt: moment('last_post_at'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('forums_community_slug_unique').on(t.communityId, t.slug), index('forums_community_idx').on(t.communityId, t.position)],
);

export type CommunityRow = typeof communities.$inferSelect;
export type CommunityMemberRow = typeof communityMembers.$inferSelect;
export type ForumRow = typeof forums.$inferSelect;
