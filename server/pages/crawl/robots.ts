/**
 * What crawlers are kept out of: the API, search result pages (endless, and the same content
 * as the pages the sitemaps list), the realtime endpoint, the pages only for signed-in people
 * (every route marked `signedIn` in client/src/routes.ts; a test keeps this list in step with
 * it) and the pages reached from a mail with a token in their address. `*` and `$` as RFC 9309
 * (and Google, Bing, Yandex) read them.
 */
export const DISALLOWED = [
  '/api/',
  '/socket.io/',
  '/search',
  '/settings',
  '/notifications',
  '/bookmarks',
  '/moderation',
  '/c/*/moderation',
  '/admin/',
  '/knowledge/corrections',
  '/knowledge/*/new$',
  '/knowledge/*/*/edit$',
  '/unsubscribe',
  '/verify-email',
  '/confirm-email',
  '/password/reset',
  '/cooperation/new$',
  '/faq/review',
  '/news/new$',
  '/news/*/edit$',
  '/agreements/new$',
  '/agreements/*/edit$',
  '/invite/',
] as const;

/** robots.txt for the site at `publicUrl` (without a trailing slash), naming its sitemap index. */
export function robotsTxt(publicUrl: string): string {
  // A site served under a path (https://example.org/minga) keeps its rules under that path.
  const base = new URL(publicUrl).pathname.replace(/\/+$/, '');
  const lines = ['User-agent: *', `Allow: ${base}/`, ...DISALLOWED.map((path) => `Disallow: ${base}${path}`), '', `Sitemap: ${publicUrl}/sitemap.xml`];
  return `${lines.join('\n')}\n`;
}
