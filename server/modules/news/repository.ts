import { and, asc, desc, eq, gte, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { transaction } from '../../../db/access.ts';
import type { Db } from '../../../db/client.ts';
import { countries, institutions, newsItems, newsTopics, threads, users, vocabTerms, type NewsItemRow } from '../../../db/schema/index.ts';
import { containsText } from '../../lib/like.ts';

/** The schemes a news item's topics come from. */
export const TOPIC_SCHEMES = ['theme', 'sector'] as const;

/** THE rule "a news item is out": every surface (API, pages, feed, sitemap, digest) reads through it. */
export const newsPublished: SQL = isNull(newsItems.unpublishedAt);

export interface NewsFilters {
  country?: string;
  institutionId?: number;
  topic?: string;
  language?: 'es' | 'pt' | 'en';
  q?: string;
}

export type NewsRecord = Awaited<ReturnType<ReturnType<typeof createNewsRepository>['byIds']>>[number];

/** The news_items and news_topics tables: only this repository writes them. */
export function createNewsRepository(db: Db) {
  const joined = () =>
    db
      .select({
        n: newsItems,
        author: { id: users.id, username: users.username, displayName: users.displayName },
        institution: { id: institutions.id, acronym: institutions.acronym, name: institutions.name },
        country: { code: countries.code, es: countries.nameEs, pt: countries.namePt, en: countries.nameEn },
        postCount: threads.postCount,
      })
      .from(newsItems)
      .leftJoin(users, eq(users.id, newsItems.authorId))
      .leftJoin(institutions, eq(institutions.id, newsItems.institutionId))
      .leftJoin(countries, eq(countries.code, newsItems.countryCode))
      .leftJoin(threads, eq(threads.id, newsItems.threadId));

  async function topicsOf(ids: number[]) {
    const byItem = new Map<number, { code: string; scheme: string; labels: { es: string; pt: string; en: string } }[]>();
    if (ids.length === 0) return byItem;
    const rows = await db
      .select({ newsId: newsTopics.newsId, code: newsTopics.code, scheme: vocabTerms.scheme, es: vocabTerms.labelEs, pt: vocabTerms.labelPt, en: vocabTerms.labelEn })
      .from(newsTopics)
      .innerJoin(vocabTerms, and(eq(vocabTerms.code, newsTopics.code), inArray(vocabTerms.scheme, [...TOPIC_SCHEMES])))
      .where(inArray(newsTopics.newsId, ids))
      .orderBy(asc(vocabTerms.scheme), asc(vocabTerms.position), asc(newsTopics.code));
    for (const r of rows) {
      const list = byItem.get(r.newsId) ?? [];
      if (!list.some((t) => t.code === r.code)) list.push({ code: r.code, scheme: r.scheme, labels: { es: r.es, pt: r.pt, en: r.en } });
      byItem.set(r.newsId, list);
    }
    return byItem;
  }

  async function withTopics<T extends { n: NewsItemRow }>(rows: T[]) {
    const topics = await topicsOf(rows.map((r) => r.n.id));
    return rows.map((r) => ({ ...r, topics: topics.get(r.n.id) ?? [] }));
  }

  function conditions(filters: NewsFilters): SQL[] {
    const where: SQL[] = [newsPublished];
    if (filters.country) where.push(eq(newsItems.countryCode, filters.country.toUpperCase()));
    if (filters.institutionId) where.push(eq(newsItems.institutionId, filters.institutionId));
    if (filters.language) where.push(eq(newsItems.language, filters.language));
    if (filters.topic) where.push(sql`exists (select 1 from ${newsTopics} where ${newsTopics.newsId} = ${newsItems.id} and ${newsTopics.code} = ${filters.topic})`);
    const q = filters.q?.trim();
    if (q) where.push(or(containsText(newsItems.title, q), containsText(newsItems.summary, q), containsText(newsItems.body, q))!);
    return where;
  }

  async function replaceTopics(newsId: number, codes: string[]) {
    await db.delete(newsTopics).where(eq(newsTopics.newsId, newsId));
    if (codes.length) await db.insert(newsTopics).values(codes.map((code) => ({ newsId, code }))).onConflictDoNothing();
  }

  return {
    async insert(values: typeof newsItems.$inferInsert, topics: string[]): Promise<NewsItemRow> {
      return transaction(db, async () => {
        const [row] = await db.insert(newsItems).values(values).returning();
        await replaceTopics(row!.id, topics);
        return row!;
      });
    },

    async update(id: number, values: Partial<typeof newsItems.$inferInsert>, topics?: string[]): Promise<void> {
      await transaction(db, async () => {
        await db.update(newsItems).set({ ...values, updatedAt: new Date() }).where(eq(newsItems.id, id));
        if (topics) await replaceTopics(id, topics);
      });
    },

    /** The row whatever its state (the service decides who may see it). */
    async row(id: number): Promise<NewsItemRow | undefined> {
      return (await db.select().from(newsItems).where(eq(newsItems.id, id)).limit(1))[0];
    },

    /** Published items with their names and topics, in the order of `ids`. */
    async byIds(ids: number[]) {
      if (ids.length === 0) return [];
      const rows = await withTopics(await joined().where(and(newsPublished, inArray(newsItems.id, ids))));
      const byId = new Map(rows.map((r) => [r.n.id, r]));
      return ids.map((id) => byId.get(id)).filter((r): r is (typeof rows)[number] => r !== undefined);
    },

    /** Newest first, keyset on (published_at, id). */
    async list(filters: NewsFilters, after: [number, number] | null, limit: number) {
      const where = conditions(filters);
      if (after) where.push(or(lt(newsItems.publishedAt, new Date(after[0])), and(eq(newsItems.publishedAt, new Date(after[0])), lt(newsItems.id, after[1])))!);
      return withTopics(
        await joined()
          .where(and(...where))
          .orderBy(desc(newsItems.publishedAt), desc(newsItems.id))
          .limit(limit),
      );
    },

    /** Published in [from, to): the digest's News section. */
    async publishedBetween(from: Date, to: Date, limit: number) {
      return withTopics(
        await joined()
          .where(and(newsPublished, gte(newsItems.publishedAt, from), lt(newsItems.publishedAt, to)))
          .orderBy(desc(newsItems.publishedAt), desc(newsItems.id))
          .limit(limit),
      );
    },

    /** The sitemap's rows: every published item, by id. */
    async sitemapRows(afterId: number, limit: number): Promise<{ id: number; updatedAt: Date }[]> {
      return await db
        .select({ id: newsItems.id, updatedAt: newsItems.updatedAt })
        .from(newsItems)
        .where(and(newsPublished, sql`${newsItems.id} > ${afterId}`))
        .orderBy(asc(newsItems.id))
        .limit(limit);
    },

    /** The vocabulary terms among `codes` a topic may be, with their scheme. */
    async knownTopics(codes: string[]): Promise<Set<string>> {
      if (codes.length === 0) return new Set();
      const rows = await db
        .select({ code: vocabTerms.code })
        .from(vocabTerms)
        .where(and(inArray(vocabTerms.scheme, [...TOPIC_SCHEMES]), inArray(vocabTerms.code, codes)));
      return new Set(rows.map((r) => r.code));
    },

    async countryExists(code: string): Promise<boolean> {
      return (await db.select({ code: countries.code }).from(countries).where(eq(countries.code, code)).limit(1)).length > 0;
    },

    async institution(id: number): Promise<{ id: number; countryCode: string } | undefined> {
      return (await db.select({ id: institutions.id, countryCode: institutions.countryCode }).from(institutions).where(eq(institutions.id, id)).limit(1))[0];
    },

    /** The item whose comments a thread carries, if it is out. */
    async byThread(threadId: number): Promise<{ id: number } | undefined> {
      return (await db.select({ id: newsItems.id }).from(newsItems).where(and(newsPublished, eq(newsItems.threadId, threadId))).limit(1))[0];
    },
  };
}

export type NewsRepository = ReturnType<typeof createNewsRepository>;
