import { and, asc, desc, eq, lt, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../../db/client.ts';
import { communities, experienceProposals, faqEntries, posts, threads, vocabTerms, type ExperienceProposalRow, type FaqEntryRow } from '../../../db/schema/index.ts';
import type { Viewer } from '../communities/readable.ts';
import { readablePostBy } from '../discussions/readable.ts';

export type FaqStatus = FaqEntryRow['status'];
type NewEntry = Omit<typeof faqEntries.$inferInsert, 'id' | 'createdAt' | 'updatedAt'>;

export { fold } from '../../lib/fold.ts';

const escapeLike = (word: string) => word.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The FAQ's tables: only this repository writes faq_entries and experience_proposals. */
export function createFaqRepository(db: Db) {
  const topicTerm = alias(vocabTerms, 'topic_term');

  /**
   * Entries with what they show: the thread's title and the topic's labels, read through THE
   * condition "this viewer may read the accepted post" (its community, thread and post shown).
   */
  const readable = (viewer: Viewer, ...conditions: (SQL | undefined)[]) =>
    db
      .select({
        e: faqEntries,
        threadTitle: threads.title,
        topicEs: topicTerm.labelEs,
        topicPt: topicTerm.labelPt,
        topicEn: topicTerm.labelEn,
      })
      .from(faqEntries)
      .innerJoin(posts, eq(posts.id, faqEntries.postId))
      .innerJoin(threads, eq(threads.id, faqEntries.threadId))
      .innerJoin(communities, eq(communities.id, threads.communityId))
      .leftJoin(topicTerm, and(eq(topicTerm.scheme, faqEntries.topicScheme), eq(topicTerm.code, faqEntries.topicCode)))
      .where(and(readablePostBy(viewer), ...conditions));

  /** Experience proposals whose accepted answer the viewer may read (the same condition). */
  const readableProposals = (viewer: Viewer, ...conditions: (SQL | undefined)[]) =>
    db
      .select({ p: experienceProposals, threadTitle: threads.title })
      .from(experienceProposals)
      .innerJoin(posts, eq(posts.id, experienceProposals.postId))
      .innerJoin(threads, eq(threads.id, experienceProposals.threadId))
      .innerJoin(communities, eq(communities.id, threads.communityId))
      .where(and(readablePostBy(viewer), ...conditions));

  return {
    insert(values: NewEntry): FaqEntryRow {
      return db.insert(faqEntries).values(values).returning().get();
    },

    update(id: number, values: Partial<NewEntry>): void {
      db.update(faqEntries).set(values).where(eq(faqEntries.id, id)).run();
    },

    findById: (id: number): FaqEntryRow | undefined => db.select().from(faqEntries).where(eq(faqEntries.id, id)).get(),
    findByThread: (threadId: number): FaqEntryRow | undefined => db.select().from(faqEntries).where(eq(faqEntries.threadId, threadId)).get(),

    /** One entry as this viewer may read it (whatever its status: the service decides who sees which). */
    readableById(viewer: Viewer, id: number) {
      return readable(viewer, eq(faqEntries.id, id)).get();
    },

    /** Published entries the viewer may read, newest first; every word of `q` in question or answer. */
    published(viewer: Viewer, options: { words: string[]; topic?: { scheme?: string; code: string }; beforeId?: number; limit: number }) {
      return readable(
        viewer,
        eq(faqEntries.status, 'published'),
        ...options.words.map((word) => sql`${faqEntries.searchText} LIKE ${`%${escapeLike(word)}%`} ESCAPE '\\'`),
        options.topic?.scheme ? eq(faqEntries.topicScheme, options.topic.scheme as 'theme') : undefined,
        options.topic ? eq(faqEntries.topicCode, options.topic.code) : undefined,
        options.beforeId !== undefined ? lt(faqEntries.id, options.beforeId) : undefined,
      )
        .orderBy(desc(faqEntries.id))
        .limit(options.limit)
        .all();
    },

    /** The review queue: entries of one status the editor may read, oldest first. */
    byStatus(viewer: Viewer, status: FaqStatus) {
      return readable(viewer, eq(faqEntries.status, status)).orderBy(asc(faqEntries.id)).limit(500).all();
    },

    /** Published entries anyone may read, for the sitemap (`/faq` changes when one does). */
    lastPublishedChange(): Date | null {
      const row = readable(null, eq(faqEntries.status, 'published')).orderBy(desc(faqEntries.updatedAt)).limit(1).get();
      return row?.e.updatedAt ?? null;
    },

    insertExperienceProposal(values: Omit<typeof experienceProposals.$inferInsert, 'id' | 'createdAt' | 'updatedAt'>): ExperienceProposalRow {
      return db.insert(experienceProposals).values(values).returning().get();
    },

    updateExperienceProposal(id: number, values: Partial<typeof experienceProposals.$inferInsert>): void {
      db.update(experienceProposals).set(values).where(eq(experienceProposals.id, id)).run();
    },

    experienceProposal: (id: number) => db.select().from(experienceProposals).where(eq(experienceProposals.id, id)).get(),
    experienceProposalOfThread: (threadId: number) => db.select().from(experienceProposals).where(eq(experienceProposals.threadId, threadId)).get(),

    /** Experience proposals of one status whose thread the editor may read, oldest first. */
    experienceProposals(viewer: Viewer, status: ExperienceProposalRow['status']) {
      return readableProposals(viewer, eq(experienceProposals.status, status)).orderBy(asc(experienceProposals.id)).limit(500).all();
    },

    readableExperienceProposal: (viewer: Viewer, id: number) => readableProposals(viewer, eq(experienceProposals.id, id)).get(),
  };
}

export type FaqRepository = ReturnType<typeof createFaqRepository>;
export type FaqListedRow = NonNullable<ReturnType<FaqRepository['readableById']>>;
