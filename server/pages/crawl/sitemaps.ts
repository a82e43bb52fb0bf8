import { Readable } from 'node:stream';
import { AppError } from '../../lib/errors.ts';
import { SITEMAP_KINDS, type CrawlEntry, type CrawlSource, type SitemapKind } from './sources.ts';
import { entry, SITEMAP_NS, XML_DECLARATION } from './xml.ts';

/** sitemaps.org: at most 50,000 URLs in one sitemap file. */
export const URLS_PER_SITEMAP = 50_000;
/** Rows read from the database at a time (keyset by id), and `<url>` entries written at a time. */
const BATCH = 2_000;

export interface SitemapOptions {
  /** The site's public base URL, without a trailing slash (MINGA_PUBLIC_URL). */
  publicUrl: string;
  /** URLs per sitemap file; tests lower it to see the paging. */
  urlsPerSitemap?: number;
}

const isKind = (name: string): name is SitemapKind => (SITEMAP_KINDS as readonly string[]).includes(name);

/**
 * The sitemap index and its children, built in one pass over each kind's pages in order of
 * id: child `<kind>-<n>` holds the n-th run of `urlsPerSitemap` pages, so the index and every
 * child cut the same rows at the same places.
 */
export function createSitemaps(sources: Record<SitemapKind, CrawlSource>, options: SitemapOptions) {
  const perFile = options.urlsPerSitemap ?? URLS_PER_SITEMAP;
  const absolute = (path: string) => `${options.publicUrl}${path}`;
  const childPath = (kind: SitemapKind, n: number) => `/sitemaps/${kind}-${n}.xml`;

  async function* scan(source: CrawlSource): AsyncGenerator<CrawlEntry> {
    let after = 0;
    for (;;) {
      const rows = await source(after, BATCH);
      yield* rows;
      if (rows.length < BATCH) return;
      after = rows.at(-1)!.id;
    }
  }

  /** The pages of child n (from 1) of a kind, in order. */
  async function* pagesOf(kind: SitemapKind, n: number): AsyncGenerator<CrawlEntry> {
    const first = (n - 1) * perFile;
    let position = 0;
    for await (const page of scan(sources[kind])) {
      if (position >= first + perFile) return;
      if (position >= first) yield page;
      position += 1;
    }
  }

  async function* urlset(first: CrawlEntry, rest: AsyncGenerator<CrawlEntry>): AsyncGenerator<string> {
    yield `${XML_DECLARATION}<urlset xmlns="${SITEMAP_NS}">\n`;
    let chunk = entry('url', absolute(first.path), first.lastmod);
    let count = 1;
    for await (const page of rest) {
      chunk += entry('url', absolute(page.path), page.lastmod);
      if (++count % BATCH === 0) {
        yield chunk;
        chunk = '';
      }
    }
    yield `${chunk}</urlset>\n`;
  }

  return {
    /** The sitemap index: every child of every kind, with the newest change among its pages. */
    async index(): Promise<string> {
      let xml = `${XML_DECLARATION}<sitemapindex xmlns="${SITEMAP_NS}">\n`;
      for (const kind of SITEMAP_KINDS) {
        let count = 0;
        let newest = 0;
        const close = () => {
          xml += entry('sitemap', absolute(childPath(kind, Math.ceil(count / perFile))), new Date(newest));
          newest = 0;
        };
        for await (const page of scan(sources[kind])) {
          newest = Math.max(newest, page.lastmod.getTime());
          if (++count % perFile === 0) close();
        }
        if (count % perFile !== 0) close();
      }
      return `${xml}</sitemapindex>\n`;
    },

    /**
     * One child (`threads-2`), streamed as it is read; an unknown kind, a malformed name or a
     * number past the last child is NOT_FOUND.
     */
    async child(name: string): Promise<Readable> {
      const match = /^([a-z]+)-([1-9]\d{0,8})$/.exec(name);
      const kind = match?.[1] ?? '';
      if (!match || !isKind(kind)) throw new AppError('NOT_FOUND');
      const pages = pagesOf(kind, Number(match[2]));
      const first = await pages.next();
      if (first.done) throw new AppError('NOT_FOUND');
      return Readable.from(urlset(first.value, pages), { objectMode: false });
    },
  };
}

export type Sitemaps = ReturnType<typeof createSitemaps>;
