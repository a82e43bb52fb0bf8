import type { OpenedDb } from '../../../db/client.ts';
import { agreementsRepositories } from '../../modules/agreements/index.ts';
import { communitiesRepositories } from '../../modules/communities/index.ts';
import { cooperationRepositories } from '../../modules/cooperation/index.ts';
import { discussionsRepositories } from '../../modules/discussions/index.ts';
import { faqRepositories } from '../../modules/faq/index.ts';
import { knowledgeRepositories } from '../../modules/knowledge/index.ts';
import { networkRepositories } from '../../modules/network/index.ts';
import { newsRepositories } from '../../modules/news/index.ts';
import { workshopsRepositories } from '../../modules/workshops/index.ts';

/** The kinds of page a crawler is offered, one family of sitemaps each (`/sitemaps/<kind>-<n>.xml`). */
export const SITEMAP_KINDS = ['threads', 'communities', 'resources', 'profiles', 'experiences', 'specialists', 'institutions', 'workshops', 'cooperation', 'faq', 'news', 'network', 'agreements'] as const;
export type SitemapKind = (typeof SITEMAP_KINDS)[number];

/** A page a crawler may fetch: its id (the keyset position), its site path, when it last changed. */
export interface CrawlEntry {
  id: number;
  path: string;
  lastmod: Date;
}

/** Pages of one kind in order of id after a keyset position, at most `limit` of them. */
export type CrawlSource = (afterId: number, limit: number) => Promise<CrawlEntry[]>;

const latest = (...moments: (Date | null)[]): Date => new Date(Math.max(...moments.map((m) => m?.getTime() ?? 0)));

/**
 * Where each kind's pages come from: the owning area's repository, asked for what anyone may
 * read (its own visibility condition), and the page address the client routes
 * (client/src/routes.ts: /t/:threadId, /c/:slug, /knowledge/:kind/:id, /w/:workshopId).
 */
export function crawlSources(database: OpenedDb): Record<SitemapKind, CrawlSource> {
  const { communities } = communitiesRepositories(database);
  const { threads } = discussionsRepositories(database);
  const { items } = knowledgeRepositories(database);
  const { workshops } = workshopsRepositories(database);
  const { faq } = faqRepositories(database);
  const { news } = newsRepositories(database);
  const { network } = networkRepositories(database);
  const { agreements } = agreementsRepositories(database);
  const { cooperation } = cooperationRepositories(database);
  const knowledge =
    (kind: 'resources' | 'experiences' | 'profiles' | 'specialists'): CrawlSource =>
    async (afterId, limit) =>
      (await items.datedPage(kind, afterId, limit)).map((r) => ({ id: r.id, path: `/knowledge/${kind}/${r.id}`, lastmod: r.updatedAt }));

  return {
    threads: async (afterId, limit) => (await threads.readableByAnyone(afterId, limit)).map((r) => ({ id: r.id, path: `/t/${r.id}`, lastmod: r.lastPostAt })),
    communities: async (afterId, limit) =>
      (await communities.listedToAnyone(afterId, limit)).map((r) => ({ id: r.id, path: `/c/${encodeURIComponent(r.slug)}`, lastmod: latest(r.lastActivityAt, r.createdAt) })),
    resources: knowledge('resources'),
    profiles: knowledge('profiles'),
    experiences: knowledge('experiences'),
    specialists: knowledge('specialists'),
    institutions: async (afterId, limit) =>
      (await items.datedInstitutions(afterId, limit)).map((r) => ({ id: r.id, path: `/knowledge/institutions/${r.id}`, lastmod: r.createdAt })),
    workshops: async (afterId, limit) =>
      (await workshops.readableByAnyone(afterId, limit)).map((r) => ({ id: r.id, path: `/w/${r.id}`, lastmod: latest(r.createdAt, r.openedAt, r.closedAt) })),
    cooperation: async (afterId, limit) =>
      (await cooperation.datedPage(afterId, limit)).map((r) => ({ id: r.id, path: `/cooperation/${r.id}`, lastmod: r.updatedAt })),
    // One page, /faq, once anything is published there that anyone may read.
    faq: async (afterId) => {
      const changed = afterId < 1 ? await faq.lastPublishedChange() : null;
      return changed ? [{ id: 1, path: '/faq', lastmod: changed }] : [];
    },
    news: async (afterId, limit) => (await news.sitemapRows(afterId, limit)).map((r) => ({ id: r.id, path: `/news/${r.id}`, lastmod: r.updatedAt })),
    // The network's hub, the countries list and each country's page (/network, /countries, /countries/:code).
    network: async (afterId, limit) => {
      const lastmod = await network.referenceChangedAt();
      const paths = ['/network', '/countries', ...(await network.countryCodes()).map((code) => `/countries/${code.toLowerCase()}`)];
      return paths
        .map((path, index) => ({ id: index + 1, path, lastmod }))
        .filter((page) => page.id > afterId)
        .slice(0, limit);
    },
    agreements: async (afterId, limit) => (await agreements.readableByAnyone(afterId, limit)).map((r) => ({ id: r.id, path: `/agreements/${r.id}`, lastmod: r.updatedAt })),
  };
}
