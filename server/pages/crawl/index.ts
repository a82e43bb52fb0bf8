import type { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { OpenedDb } from '../../../db/client.ts';
import { errorResponses } from '../../../shared/schemas/common.ts';
import { robotsTxt } from './robots.ts';
import { createSitemaps } from './sitemaps.ts';
import { crawlSources } from './sources.ts';

export { URLS_PER_SITEMAP } from './sitemaps.ts';

export interface CrawlOptions {
  database: OpenedDb;
  /** The site's public base URL, without a trailing slash (MINGA_PUBLIC_URL). */
  publicUrl: string;
  /** URLs per sitemap file (50,000 unless a test lowers it). */
  urlsPerSitemap?: number;
}

/** Crawlers may keep any of these for an hour: the sitemaps follow the site within that. */
const CACHED = { 'cache-control': 'public, max-age=3600' };
const XML = 'application/xml; charset=utf-8';
const Text = Type.String();
/** A sitemap streamed as it is read from the database (a stream skips serialization). */
const XmlStream = Type.Unsafe<Readable>({ description: 'a sitemap (sitemaps.org 0.9)' });
const ChildParams = Type.Object({ name: Type.String({ maxLength: 100 }) }, { additionalProperties: false });

/**
 * What crawlers read: `/robots.txt`, the sitemap index `/sitemap.xml` and its children
 * `/sitemaps/<kind>-<n>.xml`, listing only what an anonymous visitor may read.
 */
export const crawlPages: FastifyPluginAsyncTypebox<CrawlOptions> = async (app, options) => {
  const sitemaps = createSitemaps(crawlSources(options.database), options);
  const robots = robotsTxt(options.publicUrl);

  app.get('/robots.txt', { schema: { response: { 200: Text, ...errorResponses } } }, async (_request, reply) =>
    reply.headers(CACHED).type('text/plain; charset=utf-8').send(robots),
  );

  app.get('/sitemap.xml', { schema: { response: { 200: Text, ...errorResponses } } }, async (_request, reply) =>
    reply.headers(CACHED).type(XML).send(await sitemaps.index()),
  );

  app.get('/sitemaps/:name.xml', { schema: { params: ChildParams, response: { 200: XmlStream, ...errorResponses } } }, async (request, reply) =>
    reply.headers(CACHED).type(XML).send(await sitemaps.child(request.params.name)),
  );
};
