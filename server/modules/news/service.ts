import { translate } from '../../../shared/i18n/index.ts';
import { NEWS_COMMUNITY_SLUG, type NewsCreate, type NewsItem, type NewsList, type NewsPatch, type NewsPublishing, type NewsQuery } from '../../../shared/schemas/news.ts';
import { DEFAULT_PAGE_SIZE, encodeCursor, readCursor } from '../../lib/cursor.ts';
import type { EventBus } from '../../lib/event-bus.ts';
import { AppError } from '../../lib/errors.ts';
import { cleanText } from './rules.ts';
import type { Actor } from '../auth/actor.ts';
import { requireCanPost } from '../communities/access.ts';
import type { CommunitiesRepository } from '../communities/repository.ts';
import type { CommunitiesService } from '../communities/service.ts';
import type { DiscussionsService } from '../discussions/service.ts';
import type { RepresentativesService } from '../representatives/service.ts';
import type { NewsImages } from './images.ts';
import { newsPolicy } from './policy.ts';
import type { NewsRecord, NewsRepository } from './repository.ts';

/** The site's News community and forum: made once, the first time an item is published. */
export const NEWS_COMMUNITY = {
  slug: NEWS_COMMUNITY_SLUG,
  name: 'Noticias / Notícias / News',
  description: 'Comentarios sobre las noticias de la red. Comentários sobre as notícias da rede. Comments on the network’s news.',
  forum: { slug: 'news', name: 'News' },
};

export function toNewsItem(record: NewsRecord, canEdit: boolean): NewsItem {
  const { n } = record;
  return {
    id: n.id,
    title: n.title,
    summary: n.summary,
    bodyHtml: n.bodyHtml,
    body: canEdit ? n.body : null,
    language: n.language,
    country: record.country ? { code: record.country.code, names: { es: record.country.es, pt: record.country.pt, en: record.country.en } } : null,
    institution: record.institution,
    topics: record.topics,
    author: record.author,
    threadId: n.threadId,
    commentCount: Math.max(0, (record.postCount ?? 1) - 1),
    image: n.imageVersion ? `/api/news/${n.id}/image/${n.imageVersion}` : null,
    publishedAt: n.publishedAt.toISOString(),
    updatedAt: n.updatedAt.toISOString(),
    canEdit,
  };
}

export function createNewsService(deps: {
  repo: NewsRepository;
  representatives: RepresentativesService;
  communities: CommunitiesService;
  communitiesRepo: CommunitiesRepository;
  discussions: DiscussionsService;
  bus: EventBus;
  images?: NewsImages;
  now?: () => Date;
}) {
  const { repo, representatives, bus } = deps;
  const now = deps.now ?? (() => new Date());
  const policy = newsPolicy(representatives);
  /** Cooked as a post is (the same Markdown, typed links and sanitizer): what the editor's preview showed. */
  const cookBody = async (actor: Actor, source: string): Promise<string> => (await deps.discussions.preview(actor, source)).html;

  /** A published item, or 404 (an unpublished one looks missing). */
  async function published(id: number): Promise<NewsRecord> {
    const record = (await repo.byIds([id]))[0];
    if (!record) throw new AppError('NEWS_NOT_FOUND');
    return record;
  }

  /** The item must be out and the actor allowed to edit it. */
  async function editable(actor: Actor | null, id: number): Promise<{ record: NewsRecord; by: Actor }> {
    if (!actor) throw new AppError('UNAUTHENTICATED');
    const record = await published(id);
    if (!(await policy.mayEdit(actor, record.n))) throw new AppError('FORBIDDEN');
    return { record, by: actor };
  }

  async function topics(codes: string[] | undefined): Promise<string[] | undefined> {
    if (codes === undefined) return undefined;
    const unique = [...new Set(codes)];
    const known = await repo.knownTopics(unique);
    if (unique.some((code) => !known.has(code))) throw new AppError('VOCAB_UNKNOWN', { field: 'topics' });
    return unique;
  }

  /** The place (country, institution) an item is for, checked: an institution gives its country. */
  async function place(input: { countryCode?: string | null; institutionId?: number | null }) {
    const institutionId = input.institutionId ?? null;
    const institution = institutionId === null ? undefined : await repo.institution(institutionId);
    if (institutionId !== null && !institution) throw new AppError('INSTITUTION_UNKNOWN', { field: 'institutionId' });
    const countryCode = input.countryCode ? input.countryCode.toUpperCase() : (institution?.countryCode ?? null);
    if (countryCode !== null && !(await repo.countryExists(countryCode))) throw new AppError('COUNTRY_UNKNOWN', { field: 'countryCode' });
    return { institutionId, countryCode };
  }

  function threadBody(id: number, summary: string, language: NewsItem['language']): string {
    return `${summary}\n\n[${translate(language, 'news.thread.readItem')}](/news/${id})`;
  }

  return {
    async publishing(actor: Actor | null): Promise<NewsPublishing> {
      if (!actor) throw new AppError('UNAUTHENTICATED');
      return { anyInstitution: policy.isStaff(actor), institutionIds: await representatives.institutionsOf(actor) };
    },

    async list(actor: Actor | null, query: NewsQuery): Promise<NewsList> {
      const limit = query.limit ?? DEFAULT_PAGE_SIZE;
      const after = readCursor(query.cursor, ['number', 'number']) as [number, number] | null;
      const rows = await repo.list({ country: query.country, institutionId: query.institution, topic: query.topic, language: query.language, q: query.q }, after, limit + 1);
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        items: await Promise.all(page.map(async (r) => toNewsItem(r, await policy.mayEdit(actor, r.n)))),
        nextCursor: rows.length > limit && last ? encodeCursor([last.n.publishedAt.getTime(), last.n.id]) : null,
      };
    },

    async get(actor: Actor | null, id: number): Promise<{ item: NewsItem }> {
      const record = await published(id);
      return { item: toNewsItem(record, await policy.mayEdit(actor, record.n)) };
    },

    async create(actor: Actor | null, input: NewsCreate): Promise<{ item: NewsItem }> {
      if (!actor) throw new AppError('UNAUTHENTICATED');
      if (!(await policy.mayPublishAny(actor))) throw new AppError('FORBIDDEN');
      if (input.institutionId == null && !policy.isStaff(actor)) throw new AppError('NEWS_INSTITUTION_REQUIRED', { field: 'institutionId' });
      const where = await place(input);
      if (where.institutionId !== null && !(await policy.mayPublishFor(actor, where.institutionId))) throw new AppError('FORBIDDEN');
      const title = cleanText(input.title, 'title');
      const summary = cleanText(input.summary, 'summary');
      const body = cleanText(input.body, 'body');
      const codes = (await topics(input.topics)) ?? [];
      const bodyHtml = await cookBody(actor, body);
      // The comments: a thread of the author's in the site's News forum, where they must be
      // able to write (a ban or a suspension there stops the item before anything is kept).
      const { community, forum } = await deps.communitiesRepo.ensureSiteCommunity(NEWS_COMMUNITY);
      await deps.communities.join(actor, community.slug);
      const access = await deps.communities.gate.forum(actor, forum.id);
      requireCanPost(actor, access);
      const at = now();
      const row = await repo.insert({ authorId: actor.id, title, summary, body, bodyHtml, language: input.language, ...where, publishedAt: at, createdAt: at, updatedAt: at }, codes);
      const { thread } = await deps.discussions.openNewsThread(actor, access, { title, body: threadBody(row.id, summary, input.language), language: input.language });
      await repo.update(row.id, { threadId: thread.id });
      await bus.publish('news.published', { newsId: row.id, actorId: actor.id });
      return { item: toNewsItem(await published(row.id), true) };
    },

    async update(actor: Actor | null, id: number, patch: NewsPatch): Promise<{ item: NewsItem }> {
      const { record, by } = await editable(actor, id);
      const values: Parameters<NewsRepository['update']>[1] = {};
      if (patch.title !== undefined) values.title = cleanText(patch.title, 'title');
      if (patch.summary !== undefined) values.summary = cleanText(patch.summary, 'summary');
      if (patch.body !== undefined) {
        values.body = cleanText(patch.body, 'body');
        values.bodyHtml = await cookBody(by, values.body);
      }
      if (patch.language !== undefined) values.language = patch.language;
      if (patch.countryCode !== undefined || patch.institutionId !== undefined) {
        const where = await place({
          countryCode: patch.countryCode !== undefined ? patch.countryCode : record.n.countryCode,
          institutionId: patch.institutionId !== undefined ? patch.institutionId : record.n.institutionId,
        });
        if (where.institutionId === null && !policy.isStaff(by)) throw new AppError('NEWS_INSTITUTION_REQUIRED', { field: 'institutionId' });
        if (where.institutionId !== null && where.institutionId !== record.n.institutionId && !(await policy.mayPublishFor(by, where.institutionId))) throw new AppError('FORBIDDEN');
        Object.assign(values, where);
      }
      await repo.update(id, values, await topics(patch.topics));
      if (record.n.threadId !== null && (values.title !== undefined || values.language !== undefined)) {
        await deps.discussions.retitleNewsThread(record.n.threadId, { title: values.title ?? record.n.title, language: values.language ?? record.n.language });
      }
      await bus.publish('news.updated', { newsId: id, actorId: by.id });
      return { item: toNewsItem(await published(id), true) };
    },

    /** Takes an item down: gone from the list, its page, the feed, the sitemap and digests. */
    async unpublish(actor: Actor | null, id: number): Promise<void> {
      const { record, by } = await editable(actor, id);
      await repo.update(record.n.id, { unpublishedAt: now() });
      if (record.n.threadId !== null) await deps.discussions.withdrawNewsThread(by, record.n.threadId);
      await bus.publish('news.unpublished', { newsId: id, actorId: by.id });
    },

    /** The item a News thread belongs to (the thread page links back to it). */
    async itemOfThread(threadId: number): Promise<{ newsId: number | null }> {
      return { newsId: (await repo.byThread(threadId))?.id ?? null };
    },

    /** Keeps an uploaded picture as the item's (re-encoded); answers the item. */
    async setImage(actor: Actor | null, id: number, read: () => Promise<Buffer | undefined>): Promise<{ item: NewsItem }> {
      const { record, by } = await editable(actor, id);
      if (!deps.images) throw new AppError('NOT_FOUND');
      const version = await deps.images.store(await read());
      await repo.update(record.n.id, { imageVersion: version });
      await bus.publish('news.updated', { newsId: id, actorId: by.id });
      return { item: toNewsItem(await published(id), true) };
    },

    async removeImage(actor: Actor | null, id: number): Promise<{ item: NewsItem }> {
      const { record, by } = await editable(actor, id);
      await repo.update(record.n.id, { imageVersion: null });
      await bus.publish('news.updated', { newsId: id, actorId: by.id });
      return { item: toNewsItem(await published(id), true) };
    },

    /** A published item's current picture; an old version, or none, is 404. */
    async image(id: number, version: string): Promise<Buffer> {
      const record = await published(id);
      if (!deps.images || !record.n.imageVersion || record.n.imageVersion !== version) throw new AppError('NEWS_NOT_FOUND');
      return deps.images.read(version);
    },

    published,
  };
}

export type NewsService = ReturnType<typeof createNewsService>;
