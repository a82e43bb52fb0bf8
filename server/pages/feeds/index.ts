import { createHash } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { OpenedDb } from '../../../db/client.ts';
import { errorResponses, IdParams } from '../../../shared/schemas/common.ts';
import { sendEncodedOnce } from '../../lib/encode.ts';
import type { CacheShared } from '../../cluster/cache-coherence.ts';
import type { EventBus } from '../../lib/event-bus.ts';
import { searchRateLimit, type SearchLimit } from '../../lib/search-rate-limit.ts';
import { createFeedRepository } from '../../modules/discussions/feed-repository.ts';
import { PageCache } from '../page-cache.ts';
import { createChannels, FEED_KINDS, FeedRefusal, knowledgeFilters, type FeedKind } from './channels.ts';
import { channelUpdated, toRss, type Channel } from './rss.ts';

export interface FeedOptions {
  database: OpenedDb;
  bus: EventBus;
  /** The other processes (issue 20): their writes drop the feeds kept here too. */
  shared?: CacheShared;
  /** The site's public base URL, without a trailing slash (MINGA_PUBLIC_URL). */
  publicUrl: string;
  /** How many knowledge feeds a client may have built per window (the search limit). */
  searchLimit?: SearchLimit;
}

const RSS = 'application/rss+xml; charset=utf-8';
const Xml = Type.String({ description: 'RSS 2.0' });
const SlugParams = Type.Object({ slug: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false });
const KindParams = Type.Object({ kind: Type.String({ maxLength: 40 }) }, { additionalProperties: false });
const LangQuery = Type.Object({ lang: Type.Optional(Type.String({ maxLength: 10 })) }, { additionalProperties: false });
const RESPONSE = { 200: Xml, ...errorResponses };
const schema = <T extends object>(extra: T) => ({ hide: true, response: RESPONSE, ...extra });

/**
 * Feeds (RSS 2.0, full content, public content only): `/latest.rss`, `/c/<slug>.rss`,
 * `/f/<forumId>.rss`, `/t/<threadId>.rss`, `/knowledge/<kind>.rss?<the list's filters>` and
 * `/workshops.rss`. Each is built once per address and language until a write changes what an
 * anonymous reader sees (the pages' cache, the same events), answers 304 to `If-None-Match` and
 * `If-Modified-Since`, and is compressed once per encoding.
 */
export const feedPages: FastifyPluginAsyncTypebox<FeedOptions> = async (app, options) => {
  const channels = createChannels(app, createFeedRepository(options.database.db), options.publicUrl);
  const cache = new PageCache(options.bus, options.shared);

  /**
   * Kept per feed, language and filters, never per address as typed: by the route's parsed
   * parameters (`/t/007.rss` is `/t/7.rss`), `?lang=` is the locale already, and a knowledge
   * feed's filters come in canonical order (`filters`), so spellings of one feed cannot each cost
   * a build (a knowledge feed's is a list and a request per item).
   */
  const keyOf = (request: FastifyRequest, filters: string) => `${request.locale}|${request.routeOptions.url}|${JSON.stringify(request.params)}|${filters}`;

  async function serve(request: FastifyRequest, reply: FastifyReply, threadId: number | null, build: () => Promise<Channel>, filters = '') {
    const key = keyOf(request, filters);
    let entry = cache.get(key, threadId);
    if (!entry) {
      const builtSince = cache.generation;
      try {
        const channel = await build();
        const xml = toRss(channel, options.publicUrl);
        // Last-Modified is when this answer was built, not its newest item: hiding a post or
        // editing an opening post changes a feed without making any item newer, and a reader
        // revalidating with If-Modified-Since alone must not be told it is unchanged. A build
        // follows only a write that could change the feed (the cache), so this is rarely new.
        const built = Math.max(channelUpdated(channel).getTime(), Math.floor(Date.now() / 1000) * 1000);
        entry = { status: 200, html: xml, etag: `W/"${createHash('sha1').update(xml).digest('base64url')}"`, lastModified: new Date(built).toUTCString() };
      } catch (error) {
        if (!(error instanceof FeedRefusal)) throw error;
        if (error.status === 301) return reply.redirect(error.location!, 301);
        entry = { status: error.status, html: error.body, etag: '' };
      }
      if (entry!.status !== 429) cache.set(key, threadId, entry!, builtSince);
    }
    const page = entry!;
    if (page.status !== 200) {
      return reply.code(page.status).type('text/plain; charset=utf-8').header('cache-control', 'no-cache').send(page.html);
    }
    const lastModified = page.lastModified!;
    reply.header('cache-control', 'public, max-age=300').header('vary', 'Accept-Language').header('etag', page.etag).header('last-modified', lastModified);
    const ifNoneMatch = request.headers['if-none-match'];
    const ifModifiedSince = request.headers['if-modified-since'];
    if (ifNoneMatch !== undefined ? ifNoneMatch === page.etag : ifModifiedSince !== undefined && Date.parse(ifModifiedSince) >= Date.parse(lastModified)) {
      return reply.code(304).send();
    }
    return sendEncodedOnce(reply, page, RSS, () => page.html);
  }

  app.get('/latest.rss', { schema: schema({ querystring: LangQuery }) }, async (request, reply) => serve(request, reply, null, () => channels.latest(request.locale)));
  app.get('/workshops.rss', { schema: schema({ querystring: LangQuery }) }, async (request, reply) => serve(request, reply, null, () => channels.workshops(request.locale)));
  app.get('/news.rss', { schema: schema({ querystring: LangQuery }) }, async (request, reply) => serve(request, reply, null, () => channels.news(request.locale)));
  app.get('/c/:slug.rss', { schema: schema({ params: SlugParams, querystring: LangQuery }) }, async (request, reply) =>
    serve(request, reply, null, () => channels.community(request.params.slug, request.locale)),
  );
  app.get('/f/:id.rss', { schema: schema({ params: IdParams, querystring: LangQuery }) }, async (request, reply) =>
    serve(request, reply, null, () => channels.forum(request.params.id, request.locale)),
  );
  app.get('/t/:id.rss', { schema: schema({ params: IdParams, querystring: LangQuery }) }, async (request, reply) =>
    serve(request, reply, request.params.id, () => channels.thread(request.params.id, request.locale)),
  );
  // The knowledge list's own filters pass through to its API (which validates them). A build
  // is a list and a request per item: a client may cause as many per window as it may run
  // searches; a feed already built is free.
  const filtersOf = (request: FastifyRequest) => knowledgeFilters(request.url.split('?')[1] ?? '');
  const buildLimit = { ...searchRateLimit(options.searchLimit), allowList: (request: FastifyRequest) => cache.get(keyOf(request, filtersOf(request).toString()), null) !== undefined };
  app.get('/knowledge/:kind.rss', { schema: schema({ params: KindParams }), config: { rateLimit: buildLimit } }, async (request, reply) => {
    const kind = request.params.kind as FeedKind;
    if (!FEED_KINDS.includes(kind)) return reply.code(404).type('text/plain; charset=utf-8').send('Not found');
    const filters = filtersOf(request);
    return serve(request, reply, null, () => channels.knowledge(kind, filters, request.locale, request.ip), filters.toString());
  });
};
