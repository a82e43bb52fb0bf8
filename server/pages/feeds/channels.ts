import type { FastifyInstance } from 'fastify';
import type { CommunityDetail, Forum } from '../../../shared/schemas/communities.ts';
import type { ForumPage, ThreadPage } from '../../../shared/schemas/discussions.ts';
import type { KnowledgeList, KnowledgeSummary } from '../../../shared/schemas/knowledge.ts';
import type { WorkshopList } from '../../../shared/schemas/workshops.ts';
import type { NewsList } from '../../../shared/schemas/news.ts';
import { translate, type Locale } from '../../../shared/i18n/index.ts';
import type { FeedRepository, FeedThread } from '../../modules/discussions/feed-repository.ts';
import { escapeXml } from '../crawl/xml.ts';
import type { Channel, ChannelItem } from './rss.ts';

/** How many items a feed carries. */
export const FEED_ITEMS = 30;

/**
 * A feed that cannot be built: 404 (missing or not public), 301 (merged), 400 (bad filters),
 * 429 (the reader's searches are spent: for now, so never kept).
 */
export class FeedRefusal {
  constructor(
    readonly status: 301 | 400 | 404 | 429,
    readonly body: string,
    readonly location?: string,
  ) {}
}

export const FEED_KINDS = ['resources', 'experiences', 'profiles', 'specialists'] as const;

/** A knowledge list's filters as its feed takes them: without paging, order or language, sorted (one spelling per feed). */
export function knowledgeFilters(query: string): URLSearchParams {
  const filters = new URLSearchParams(query);
  for (const key of ['cursor', 'limit', 'sort', 'lang']) filters.delete(key);
  filters.sort();
  return filters;
}
export type FeedKind = (typeof FEED_KINDS)[number];

/**
 * Each feed's channel. Whether a community, forum, thread or list exists for the world is asked
 * of the JSON API itself, as a visitor (no cookie): a feed can never show what the API would
 * not show an anonymous reader, and a private thing is the same 404 as a missing one. What the
 * discussion feeds list comes from the discussions' own feed queries, under the one condition
 * "anyone may read this thread".
 */
export function createChannels(app: FastifyInstance, feeds: FeedRepository, publicUrl: string) {
  /**
   * The API's answer to a visitor: only the language of the request is passed on, and the
   * reader's address, so what the API limits per client (searches) counts against the reader,
   * not against the server's own address that every feed shares.
   */
  async function asVisitor<T>(url: string, locale: Locale, address?: string): Promise<{ status: number; body: T }> {
    const response = await app.inject({ method: 'GET', url, headers: { 'accept-language': locale }, ...(address ? { remoteAddress: address } : {}) });
    return { status: response.statusCode, body: response.json() as T };
  }
  async function visible<T>(url: string, locale: Locale, address?: string): Promise<T> {
    const answer = await asVisitor<T & { error?: { message: string } }>(url, locale, address);
    if (answer.status === 200) return answer.body;
    if (answer.status === 400) throw new FeedRefusal(400, answer.body.error?.message ?? 'Bad request');
    if (answer.status === 429) throw new FeedRefusal(429, answer.body.error?.message ?? 'Too many requests');
    // A fault is not an answer about the thing: never kept as a 404.
    if (answer.status >= 500) throw new Error(`Feed: ${url} answered ${answer.status}`);
    throw new FeedRefusal(404, translate(locale, 'error.NOT_FOUND'));
  }
  const abs = (path: string) => `${publicUrl}${path}`;
  // An erased account has no name left: it reads as "Deleted member" (issue 19).
  const named = (name: string, locale: Locale) => name || translate(locale, 'forget.deletedMember');
  const threadItem = (t: FeedThread, withPlace: boolean, locale: Locale): ChannelItem => ({
    title: t.title,
    link: abs(`/t/${t.id}`),
    guid: abs(`/t/${t.id}`),
    date: t.createdAt,
    author: named(t.authorName, locale),
    category: withPlace ? `${t.communityName} · ${t.forumName}` : t.forumName,
    html: t.html,
  });

  return {
    async latest(locale: Locale): Promise<Channel> {
      return {
        title: translate(locale, 'feeds.latest.title'),
        description: translate(locale, 'feeds.latest.description'),
        link: abs('/'),
        self: abs('/latest.rss'),
        language: locale,
        items: (await feeds.newThreads({}, FEED_ITEMS)).map((t) => threadItem(t, true, locale)),
      };
    },

    async community(slug: string, locale: Locale): Promise<Channel> {
      const { community, restricted } = await visible<CommunityDetail>(`/api/communities/${encodeURIComponent(slug)}`, locale);
      // A listed private community shows visitors its listing, never a feed of its content.
      if (restricted) throw new FeedRefusal(404, translate(locale, 'error.NOT_FOUND'));
      return {
        title: translate(locale, 'feeds.community.title', { name: community.name }),
        description: community.description,
        link: abs(`/c/${encodeURIComponent(community.slug)}`),
        self: abs(`/c/${encodeURIComponent(community.slug)}.rss`),
        language: locale,
        items: (await feeds.newThreads({ communityId: community.id }, FEED_ITEMS)).map((t) => threadItem(t, false, locale)),
      };
    },

    async forum(forumId: number, locale: Locale): Promise<Channel> {
      const page = await visible<ForumPage & { forum: Forum }>(`/api/forums/${forumId}`, locale);
      return {
        title: translate(locale, 'feeds.forum.title', { forum: page.forum.name, community: page.community.name }),
        description: page.forum.description,
        link: abs(`/f/${forumId}`),
        self: abs(`/f/${forumId}.rss`),
        language: locale,
        items: (await feeds.newThreads({ forumId }, FEED_ITEMS)).map((t) => threadItem(t, false, locale)),
      };
    },

    async thread(threadId: number, locale: Locale): Promise<Channel> {
      const page = await visible<ThreadPage>(`/api/threads/${threadId}?limit=1`, locale);
      if (page.movedFrom !== undefined) throw new FeedRefusal(301, '', `/t/${page.thread.id}.rss`);
      const { title } = page.thread;
      return {
        title: translate(locale, 'feeds.thread.title', { title }),
        description: translate(locale, 'feeds.thread.description', { title }),
        link: abs(`/t/${threadId}`),
        self: abs(`/t/${threadId}.rss`),
        // The content's language: the thread's own, when it has one.
        language: page.thread.language ?? locale,
        items: (await feeds.newPosts(threadId, FEED_ITEMS)).map((p) => ({
          title: p.number === 1 ? title : translate(locale, 'feeds.post.title', { name: named(p.authorName, locale), number: p.number, title }),
          link: abs(`/t/${threadId}#post-${p.id}`),
          guid: abs(`/t/${threadId}#post-${p.id}`),
          date: p.editedAt ?? p.createdAt,
          published: p.createdAt,
          author: named(p.authorName, locale),
          html: p.html,
        })),
      };
    },

    /** A knowledge list as a feed: the same filters as the list page, newest first. */
    async knowledge(kind: FeedKind, filters: URLSearchParams, locale: Locale, address: string): Promise<Channel> {
      const asked = filters.toString();
      const list = await visible<KnowledgeList>(`/api/${kind}?${asked ? `${asked}&` : ''}sort=recent&limit=${FEED_ITEMS}`, locale, address);
      const kindName = translate(locale, `knowledge.kind.${kind}` as never);
      const details = await Promise.all(list.items.map((item) => describe(kind, item, locale)));
      return {
        title: translate(locale, 'feeds.knowledge.title', { kind: kindName }),
        description: translate(locale, 'feeds.knowledge.description', { kind: kindName.toLowerCase() }),
        link: abs(`/knowledge/${kind}${asked ? `?${asked}` : ''}`),
        self: abs(`/knowledge/${kind}.rss${asked ? `?${asked}` : ''}`),
        language: locale,
        items: list.items.map((item, i) => ({
          title: item.title,
          link: abs(item.url),
          guid: abs(item.url),
          date: details[i]!.date,
          author: item.institution?.name,
          category: item.subtitle,
          html: details[i]!.html,
        })),
      };
    },

    async workshops(locale: Locale): Promise<Channel> {
      const list = await visible<WorkshopList>(`/api/workshops?limit=${FEED_ITEMS}`, locale);
      return {
        title: translate(locale, 'feeds.workshops.title'),
        description: translate(locale, 'feeds.workshops.description'),
        link: abs('/workshops'),
        self: abs('/workshops.rss'),
        language: locale,
        items: list.items.map((w) => ({
          title: w.title,
          link: abs(`/w/${w.id}`),
          guid: abs(`/w/${w.id}`),
          date: new Date(w.createdAt),
          author: w.hosts.map((h) => h.displayName).join(', ') || undefined,
          category: w.community.name,
          html: `<p>${escapeXml(translate(locale, 'feeds.workshop.when', { starts: w.startsAt.slice(0, 16).replace('T', ' '), ends: w.endsAt.slice(0, 16).replace('T', ' ') }))}</p>${w.descriptionHtml}`,
        })),
      };
    },

    /** The network's news, newest first, as the news list shows a visitor. */
    async news(locale: Locale): Promise<Channel> {
      const list = await visible<NewsList>(`/api/news?limit=${FEED_ITEMS}`, locale);
      return {
        title: translate(locale, 'feeds.news.title'),
        description: translate(locale, 'feeds.news.description'),
        link: abs('/news'),
        self: abs('/news.rss'),
        language: locale,
        items: list.items.map((n) => ({
          title: n.title,
          link: abs(`/news/${n.id}`),
          guid: abs(`/news/${n.id}`),
          date: new Date(n.publishedAt),
          author: n.institution?.acronym ?? n.author?.displayName,
          category: n.topics.map((topic) => topic.labels[locale]).join(', ') || undefined,
          html: `<p><strong>${escapeXml(n.summary)}</strong></p>${n.bodyHtml}`,
        })),
      };
    },
  };

  /** A record's full text and date, from its own page's API answer (as a visitor). */
  async function describe(kind: FeedKind, item: KnowledgeSummary, locale: Locale): Promise<{ html: string; date: Date }> {
    const answer = await asVisitor<{ item: { summary?: string; description?: string; updatedAt?: string; createdAt?: string } }>(`/api/${kind}/${item.id}`, locale);
    const record = answer.status === 200 ? answer.body.item : {};
    const text = record.summary ?? record.description ?? item.subtitle;
    const html = text
      .split(/\n{2,}/)
      .map((p) => `<p>${escapeXml(p)}</p>`)
      .join('');
    const when = record.updatedAt ?? record.createdAt;
    return { html, date: when ? new Date(when) : new Date(Date.UTC(item.year ?? 2000, 0, 1)) };
  }
}

export type Channels = ReturnType<typeof createChannels>;
