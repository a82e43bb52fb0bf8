import { index, integer, table, text, uniqueIndex } from './_dialect.ts';
import { createdAt, id, moment, updatedAt } from './_columns.ts';
import { communities } from './communities.ts';
import { posts, threads } from './discussions.ts';
import { users } from './users.ts';

export const REPORT_REASONS = ['spam', 'off_topic', 'abusive', 'needs_specialist', 'other'] as const;

/**
 * Every moderator and admin action: who, what, on what, why, when. `before` holds what the
 * action changed, so a reversible action can be undone exactly.
 */
export const moderationLog = table(
  'moderation_log',
  {
    id: id(),
    /** Null for site-wide actions (suspensions, site settings). */
    communityId: integer('community_id').references(() => communities.id, { onDelete: 'cascade' }),
    actorId: integer('actor_id').references(() => users.id, { onDelete: 'set null' }),
    action: text('action').notNull(),
    targetType: text('target_type').notNull(),
    targetId: integer('target_id').notNull(),
    reason: text('reason'),
    before: text('before', { mode: 'json' }).$type<Record<string, unknown>>(),
    after: text('after', { mode: 'json' }).$type<Record<string, unknown>>(),
    undoable: integer('undoable', { mode: 'boolean' }).notNull().default(false),
    undoneAt: moment('undone_at'),
    undoneById: integer('undone_by_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    index('moderation_log_community_idx').on(t.communityId, t.id),
    index('moderation_log_target_idx').on(t.targetType, t.targetId, t.id),
  ],
);

/** One report per person and reported item; all open reports on an item are resolved together. */
export const reports = table(
  'reports',
  {
    id: id(),
    communityId: integer('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    targetType: text('target_type', { enum: ['post', 'thread'] }).notNull(),
    targetId: integer('target_id').notNull(),
    threadId: integer('thread_id')
      .notNull()
      .references(() => threads.id, { onDelete: 'cascade' }),
    /** The post reported, or the thread's opening post for a thread report. */
    postId: integer('post_id').references(() => posts.id, { onDelete: 'cascade' }),
    reporterId: integer('reporter_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    reason: text('reason', { enum: REPORT_REASONS }).notNull(),
    note: text('note'),
    status: text('status', { enum: ['open', 'upheld', 'dismissed'] }).notNull().default('open'),
    resolution: text('resolution'),
    resolvedById: integer('resolved_by_id').references(() => users.id, { onDelete: 'set null' }),
    resolvedAt: moment('resolved_at'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('reports_reporter_target_unique').on(t.reporterId, t.targetType, t.targetId),
    index('reports_community_status_idx').on(t.communityId, t.status, t.id),
    index('reports_target_idx').on(t.targetType, t.targetId, t.status),
  ],
);

/** Posts of new accounts waiting for a moderator (the post is hidden until approved). */
export const heldPosts = table(
  'held_posts',
  {
    postId: integer('post_id')
      .primaryKey()
      .references(() => posts.id, { onDelete: 'cascade' }),
    communityId: integer('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    threadId: integer('thread_id')
      .notNull()
      .references(() => threads.id, { onDelete: 'cascade' }),
    /** The opening post of a new thread: the whole thread waits with it. */
    opensThread: integer('opens_thread', { mode: 'boolean' }).notNull(),
    status: text('status', { enum: ['held', 'approved', 'rejected'] }).notNull().default('held'),
    decidedById: integer('decided_by_id').references(() => users.id, { onDelete: 'set null' }),
    decidedAt: moment('decided_at'),
    createdAt: createdAt(),
  },
  (t) => [index('held_posts_community_status_idx').on(t.communityId, t.status, t.createdAt)],
);

/** A private message from the moderators that its recipient must acknowledge. */
export const userWarnings = table(
  'user_warnings',
  {
    id: id(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    communityId: integer('community_id').references(() => communities.id, { onDelete: 'cascade' }),
    issuedById: integer('issued_by_id').references(() => users.id, { onDelete: 'set null' }),
    reason: text('reason').notNull(),
    acknowledgedAt: moment('acknowledged_at'),
    retractedAt: moment('retracted_at'),
    createdAt: createdAt(),
  },
  (t) => [index('user_warnings_user_idx').on(t.userId, t.id)],
);

/** Where a merged thread went: its old links lead to the thread that took its posts. */
export const threadRedirects = table('thread_redirects', {
  fromThreadId: integer('from_thread_id').primaryKey(),
  toThreadId: integer('to_thread_id')
    .notNull()
    .references(() => threads.id, { onDelete: 'cascade' }),
  createdAt: createdAt(),
});

/** Slow mode: the least time between two posts of one person in a thread. */
export const threadSlowMode = table('thread_slow_mode', {
  threadId: integer('thread_id')
    .primaryKey()
    .references(() => threads.id, { onDelete: 'cascade' }),
  seconds: integer('seconds').notNull(),
});

export const communityModerationSettings = table('community_moderation_settings', {
  communityId: integer('community_id')
    .primaryKey()
    .references(() => communities.id, { onDelete: 'cascade' }),
  /** Distinct trusted reporters that hide a post at once, pending review. */
  reportThreshold: integer('report_threshold').notNull().default(3),
  /** New accounts' posts wait for a moderator's approval. */
  holdNewUserPosts: integer('hold_new_user_posts', { mode: 'boolean' }).notNull().default(false),
});

/** Site-wide settings set by admins (trust levels and limits), one JSON value per key. */
export const siteSettings = table('site_settings', {
  key: text('key').primaryKey(),
  value: text('value', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
  updatedAt: updatedAt(),
});

export type ModerationLogRow = typeof moderationLog.$inferSelect;
export type ReportRow = typeof reports.$inferSelect;
export type HeldPostRow = typeof heldPosts.$inferSelect;
export type UserWarningRow = typeof userWarnings.$inferSelect;
