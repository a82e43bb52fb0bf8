import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, table, text } from './_dialect.ts';
import { createdAt, id, moment } from './_columns.ts';
import { communities, forums } from './communities.ts';
import { users } from './users.ts';

export const threads = table(
  'threads',
  {
    id: id(),
    forumId: integer('forum_id')
      .notNull()
      .references(() => forums.id, { onDelete: 'cascade' }),
    /** Copied from the forum so permission checks need no extra join. */
    communityId: integer('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    authorId: integer('author_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    title: text('title').notNull(),
    kind: text('kind', { enum: ['discussion', 'question'] }).notNull(),
    language: text('language', { enum: ['es', 'pt', 'en'] }),
    pinned: integer('pinned', { mode: 'boolean' }).notNull().default(false),
    locked: integer('locked', { mode: 'boolean' }).notNull().default(false),
    hidden: integer('hidden', { mode: 'boolean' }).notNull().default(false),
    firstPostId: integer('first_post_id'),
    /** Areas of expertise a question asks for (expertise vocabulary codes). */
    expertise: text('expertise', { mode: 'json' }).$type<string[]>(),
    /** The specialist a question was addressed to ("Ask this specialist"). */
    addressedSpecialistId: integer('addressed_specialist_id'),
    acceptedPostId: integer('accepted_post_id'),
    postCount: integer('post_count').notNull().default(0),
    lastPostAt: moment('last_post_at').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    // The forum page: pinned first, then latest activity, keyset on (pinned, last_post_at, id).
    index('threads_forum_order_idx').on(t.forumId, t.pinned, t.lastPostAt, t.id),
    index('threads_community_recent_idx').on(t.communityId, t.lastPostAt),
    index('threads_author_idx').on(t.authorId),
  ],
);

export const posts = table(
  'posts',
  {
    id: id(),
    threadId: integer('thread_id')
      .notNull()
      .references(() => threads.id, { onDelete: 'cascade' }),
    authorId: integer('author_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    replyToPostId: integer('reply_to_post_id'),
    /**
     * The post's number in its thread (1 = the opening post), in reading order, counting hidden
     * and deleted posts too so that hiding one renumbers nothing. Readers' read state is kept in
     * these numbers. Moving posts between threads renumbers both (posts-repository `renumber`).
     */
    number: integer('number').notNull().default(0),
    /** Markdown as written. */
    body: text('body').notNull(),
    /** Sanitized HTML, cooked once at write time; readers only ever get this. */
    bodyHtml: text('body_html').notNull(),
    /**
     * What a reader sees of the HTML, as plain text (server/lib/markdown.ts htmlToText), written
     * with it: the search index and its snippets read this, never the source. Null only for
     * posts written before it existed, until opening the database fills them (db/derived.ts).
     */
    bodyText: text('body_text'),
    hidden: integer('hidden', { mode: 'boolean' }).notNull().default(false),
    createdAt: createdAt(),
    editedAt: moment('edited_at'),
    deletedAt: moment('deleted_at'),
    revisionCount: integer('revision_count').notNull().default(0),
  },
  (t) => [
    index('posts_thread_idx').on(t.threadId, t.id),
    index('posts_thread_number_idx').on(t.threadId, t.number),
    // "Visible posts after the reader's place" (unread counts, the home's unread lists) from the index alone.
    index('posts_visible_number_idx').on(t.threadId, t.number).where(sql`${t.hidden} = 0 AND ${t.deletedAt} IS NULL`),
    index('posts_author_idx').on(t.authorId),
    // Finds the posts whose text is still to be computed without reading the table.
    index('posts_text_missing_idx').on(t.id).where(sql`${t.bodyText} IS NULL`),
  ],
);

/** Earlier versions of a post: each edit stores the text it replaced. */
export const postRevisions = table(
  'post_revisions',
  {
    id: id(),
    postId: integer('post_id')
      .notNull()
      .references(() => posts.id, { onDelete: 'cascade' }),
    editorId: integer('editor_id').references(() => users.id, { onDelete: 'set null' }),
    body: text('body').notNull(),
    bodyHtml: text('body_html').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('post_revisions_post_idx').on(t.postId, t.id)],
);

export const postReactions = table(
  'post_reactions',
  {
    postId: integer('post_id')
      .notNull()
      .references(() => posts.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.postId, t.kind, t.userId] }), index('post_reactions_user_idx').on(t.userId)],
);

export const postMentions = table(
  'post_mentions',
  {
    postId: integer('post_id')
      .notNull()
      .references(() => posts.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.postId, t.userId] }), index('post_mentions_user_idx').on(t.userId)],
);

export const threadWatches = table(
  'thread_watches',
  {
    threadId: integer('thread_id')
      .notNull()
      .references(() => threads.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    level: text('level', { enum: ['watching', 'muted'] }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.threadId, t.userId] }), index('thread_watches_user_idx').on(t.userId)],
);

/**
 * How far a member has read each thread they opened: the highest post number their client
 * reported seen (never lowered). No row = never opened. Owned by discussions' reads-repository.
 */
export const threadReads = table(
  'thread_reads',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    threadId: integer('thread_id')
      .notNull()
      .references(() => threads.id, { onDelete: 'cascade' }),
    lastRead: integer('last_read').notNull(),
    updatedAt: moment('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.threadId] }), index('thread_reads_thread_idx').on(t.threadId)],
);

export type ThreadReadRow = typeof threadReads.$inferSelect;
export type ThreadRow = typeof threads.$inferSelect;
export type PostRow = typeof posts.$inferSelect;

/** Typed links a post makes to the knowledge bases; read backwards, they are the backlinks. */
export const postLinks = table(
  'post_links',
  {
    postId: integer('post_id')
      .notNull()
      .references(() => posts.id, { onDelete: 'cascade' }),
    linkType: text('link_type').notNull(),
    targetId: integer('target_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.postId, t.linkType, t.targetId] }), index('post_links_target_idx').on(t.linkType, t.targetId)],
);
