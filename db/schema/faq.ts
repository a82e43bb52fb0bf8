import { index, integer, table, text, uniqueIndex } from './_dialect.ts';
import { createdAt, id, moment, updatedAt } from './_columns.ts';
import { posts, threads } from './discussions.ts';
import { users } from './users.ts';

/**
 * An FAQ entry drawn from a solved question thread: the question rewritten and the answer
 * composed from the accepted answer, raw Markdown beside the HTML cooked once at write. One per
 * thread. It is read through the thread's gate (its community readable, thread and accepted
 * post shown), so an entry never outlives who may read its discussion.
 */
export const faqEntries = table(
  'faq_entries',
  {
    id: id(),
    threadId: integer('thread_id')
      .notNull()
      .references(() => threads.id, { onDelete: 'cascade' }),
    /** The accepted answer the entry was composed from (its visibility gates the entry). */
    postId: integer('post_id')
      .notNull()
      .references(() => posts.id, { onDelete: 'cascade' }),
    question: text('question').notNull(),
    questionBody: text('question_body').notNull(),
    questionHtml: text('question_html').notNull(),
    answer: text('answer').notNull(),
    answerHtml: text('answer_html').notNull(),
    /** Question and answer as plain text folded to lower case without accents: what `?q=` matches. */
    searchText: text('search_text').notNull(),
    /** A vocabulary term: `theme` or `sector`, and its code. */
    topicScheme: text('topic_scheme', { enum: ['theme', 'sector'] }),
    topicCode: text('topic_code'),
    language: text('language', { enum: ['es', 'pt', 'en'] }),
    status: text('status', { enum: ['proposed', 'published', 'rejected', 'unpublished'] }).notNull(),
    proposerId: integer('proposer_id').references(() => users.id, { onDelete: 'set null' }),
    reviewerId: integer('reviewer_id').references(() => users.id, { onDelete: 'set null' }),
    publishedAt: moment('published_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('faq_entries_thread_unique').on(t.threadId), index('faq_entries_status_idx').on(t.status, t.topicScheme, t.topicCode)],
);

export type FaqEntryRow = typeof faqEntries.$inferSelect;

/**
 * A solved thread proposed as an experience record: the prefilled fields (an experience's
 * KnowledgeInput) waiting for an editor, and, once published, the record made from them
 * through the knowledge editing service.
 */
export const experienceProposals = table(
  'experience_proposals',
  {
    id: id(),
    threadId: integer('thread_id')
      .notNull()
      .references(() => threads.id, { onDelete: 'cascade' }),
    postId: integer('post_id')
      .notNull()
      .references(() => posts.id, { onDelete: 'cascade' }),
    draft: text('draft', { mode: 'json' }).notNull().$type<Record<string, unknown>>(),
    status: text('status', { enum: ['proposed', 'published', 'rejected'] }).notNull(),
    experienceId: integer('experience_id'),
    proposerId: integer('proposer_id').references(() => users.id, { onDelete: 'set null' }),
    reviewerId: integer('reviewer_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('experience_proposals_thread_unique').on(t.threadId), index('experience_proposals_status_idx').on(t.status)],
);

export type ExperienceProposalRow = typeof experienceProposals.$inferSelect;

/**
 * A knowledge record drawn from a discussion (a typed link from the record back to its thread):
 * written by the links area, shown among the record's backlinks through the same gate.
 */
export const recordSources = table(
  'record_sources',
  {
    linkType: text('link_type').notNull(),
    targetId: integer('target_id').notNull(),
    postId: integer('post_id')
      .notNull()
      .references(() => posts.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('record_sources_unique').on(t.linkType, t.targetId, t.postId)],
);
