/** What sitemaps are written with: escaping and the W3C date-time sitemaps.org asks for. */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Text safe inside an XML element or attribute (sitemaps.org asks for entity-escaped URLs). */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** A moment as W3C Datetime in UTC, to the second (`2026-12-06T02:22:34Z`). */
export function w3cDate(moment: Date): string {
  return moment.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';
export const SITEMAP_NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';

/** One `<url>` (in a sitemap) or `<sitemap>` (in the index) entry. */
export function entry(element: 'url' | 'sitemap', loc: string, lastmod: Date | null): string {
  const date = lastmod ? `<lastmod>${w3cDate(lastmod)}</lastmod>` : '';
  return `<${element}><loc>${escapeXml(loc)}</loc>${date}</${element}>\n`;
}
