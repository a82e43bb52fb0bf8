import { index, integer, primaryKey, table, text } from './_dialect.ts';
import { createdAt, id, moment, updatedAt } from './_columns.ts';
import { threads } from './discussions.ts';
import { countries, institutions } from './geo.ts';
import { users } from './users.ts';

/**
 * The network's news items (issue 18, part 1): written by editors, admins and institution
 * representatives; Markdown kept raw and cooked side by side. Each item owns a thread in the
 * site's News forum for its comments. An unpublished item is gone from every surface.
 */
export const newsItems = table(
  'news_items',
  {
    id: id(),
    authorId: integer('author_id').references(() => users.id, { onDelete: 'set null' }),
    title: text('title').notNull(),
    summary: text('summary').notNull(),
    body: text('body').notNull(),
    bodyHtml: text('body_html').notNull(),
    language: text('language', { enum: ['es', 'pt', 'en'] }).notNull(),
    countryCode: text('country_code').references(() => countries.code, { onDelete: 'set null' }),
    institutionId: integer('institution_id').references(() => institutions.id, { onDelete: 'set null' }),
    threadId: integer('thread_id').references(() => threads.id, { onDelete: 'set null' }),
    /** The uploaded picture's version (a WebP under the files directory), null without one. */
    imageVersion: text('image_version'),
    publishedAt: moment('published_at').notNull(),
    /** Set when the author, an editor or an admin takes the item down. */
    unpublishedAt: moment('unpublished_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('news_items_published_idx').on(t.publishedAt, t.id),
    index('news_items_institution_idx').on(t.institutionId, t.publishedAt),
    index('news_items_country_idx').on(t.countryCode, t.publishedAt),
    index('news_items_thread_idx').on(t.threadId),
  ],
);

/** An item's topics: themes and sectors of the vocabularies. */
export const newsTopics = table(
  'news_topics',
  {
    newsId: integer('news_id')
      .notNull()
      .references(() => newsItems.id, { onDelete: 'cascade' }),
    code: text('code').notNull(),
  },
  (t) => [primaryKey({ columns: [t.newsId, t.code] }), index('news_topics_code_idx').on(t.code, t.newsId)],
);

export type NewsItemRow = typeof newsItems.$inferSelect;
