import { and, asc, desc, eq, lt, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { changed, transaction } from '../../../db/access.ts';
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
    /** The new entry, or undefined when the thread has one already (one entry per thread, even when two propose at once). */
    async insert(values: NewEntry): Promise<FaqEntryRow | undefined> {
      return (await db.insert(faqEntries).values(values).onConflictDoNothing({ target: faqEntries.threadId }).returning())[0];
    },

    async update(id: number, values: Partial<NewEntry>): Promise<void> {
      await db.update(faqEntries).set(values).where(eq(faqEntries.id, id));
    },

    findById: async (id: number): Promise<FaqEntryRow | undefined> => (await db.select().from(faqEntries).where(eq(faqEntries.id, id)).limit(1))[0],
    findByThread: async (threadId: number): Promise<FaqEntryRow | undefined> =>
      (await db.select().from(faqEntries).where(eq(faqEntries.threadId, threadId)).limit(1))[0],

    /** One entry as this viewer may read it (whatever its status: the service decides who sees which). */
    async readableById(viewer: Viewer, id: number) {
      return (await readable(viewer, eq(faqEntries.id, id)).limit(1))[0];
    },

    /** Published entries the viewer may read, newest first; every word of `q` in question or answer. */
    async published(viewer: Viewer, options: { words: string[]; topic?: { scheme?: string; code: string }; beforeId?: number; limit: number }) {
      return await readable(
        viewer,
        eq(faqEntries.status, 'published'),
        // search_text is folded (lower case, no accents) when written: a plain LIKE on both engines.
        ...options.words.map((word) => sql`${faqEntries.searchText} LIKE ${`%${escapeLike(word)}%`} ESCAPE '\\'`),
        options.topic?.scheme ? eq(faqEntries.topicScheme, options.topic.scheme as 'theme') : undefined,
        options.topic ? eq(faqEntries.topicCode, options.topic.code) : undefined,
        options.beforeId !== undefined ? lt(faqEntries.id, options.beforeId) : undefined,
      )
        .orderBy(desc(faqEntries.id))
        .limit(options.limit);
    },

    /** The review queue: entries of one status the editor may read, oldest first. */
    async byStatus(viewer: Viewer, status: FaqStatus) {
      return await readable(viewer, eq(faqEntries.status, status)).orderBy(asc(faqEntries.id)).limit(500);
    },

    /** Published entries anyone may read, for the sitemap (`/faq` changes when one does). */
    async lastPublishedChange(): Promise<Date | null> {
      const [row] = await readable(null, eq(faqEntries.status, 'published')).orderBy(desc(faqEntries.updatedAt)).limit(1);
      return row?.e.updatedAt ?? null;
    },

    /** The new proposal, or undefined when the thread has one already. */
    async insertExperienceProposal(values: Omit<typeof experienceProposals.$inferInsert, 'id' | 'createdAt' | 'updatedAt'>): Promise<ExperienceProposalRow | undefined> {
      return (await db.insert(experienceProposals).values(values).onConflictDoNothing({ target: experienceProposals.threadId }).returning())[0];
    },

    /** Changes a proposal still proposed: false when it was decided meanwhile (the guard makes two decisions at once one). */
    async updateProposedExperience(id: number, values: Partial<typeof experienceProposals.$inferInsert>): Promise<boolean> {
      return changed(await db.update(experienceProposals).set(values).where(and(eq(experienceProposals.id, id), eq(experienceProposals.status, 'proposed')))) > 0;
    },

    async updateExperienceProposal(id: number, values: Partial<typeof experienceProposals.$inferInsert>): Promise<void> {
      await db.update(experienceProposals).set(values).where(eq(experienceProposals.id, id));
    },

    experienceProposal: async (id: number) => (await db.select().from(experienceProposals).where(eq(experienceProposals.id, id)).limit(1))[0],
    experienceProposalOfThread: async (threadId: number) =>
      (await db.select().from(experienceProposals).where(eq(experienceProposals.threadId, threadId)).limit(1))[0],

    /** Experience proposals of one status whose thread the editor may read, oldest first. */
    async experienceProposals(viewer: Viewer, status: ExperienceProposalRow['status']) {
      return await readableProposals(viewer, eq(experienceProposals.status, status)).orderBy(asc(experienceProposals.id)).limit(500);
    },

    readableExperienceProposal: async (viewer: Viewer, id: number) => (await readableProposals(viewer, eq(experienceProposals.id, id)).limit(1))[0],

    /** Runs `work` in one transaction of this database (what other areas write in it joins it). */
    transaction: <T>(work: () => Promise<T>): Promise<T> => transaction(db, work),
  };
}

export type FaqRepository = ReturnType<typeof createFaqRepository>;
export type FaqListedRow = NonNullable<Awaited<ReturnType<FaqRepository['readableById']>>>;
