/**
 * Structured data (schema.org, JSON-LD) shared by every page: the object type, safe
 * serialization into a `<script>`, absolute addresses, people and breadcrumbs.
 */

/** One schema.org node; `undefined` fields are left out when serialized. */
export type JsonLd = { '@context'?: string; '@type': string } & { [key: string]: unknown };

export const SCHEMA_CONTEXT = 'https://schema.org';

/**
 * JSON for a `<script type="application/ld+json">`: every `<` is written `\u003c`, so no text
 * in the data (a title with `</script>` or `<!--`) can end the script early. The result is
 * still the same JSON to a parser.
 */
export function serializeJsonLd(data: JsonLd): string {
  return JSON.stringify(data)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** A site path made absolute on the public address (`https://minga.example/t/12`). */
export function absoluteUrl(base: string, path: string): string {
  if (/^https?:\/\//i.test(path)) return path;
  return `${base.replace(/\/+$/, '')}${path.startsWith('/') ? path : `/${path}`}`;
}

/** A member of the site as an author: their name and their profile page. */
export function personJsonLd(base: string, person: { username: string; displayName: string }) {
  return { '@type': 'Person', name: person.displayName, url: absoluteUrl(base, `/u/${encodeURIComponent(person.username)}`) };
}

/** A counter such as replies or likes (`interactionStatistic`). */
export function interactionCounter(action: 'CommentAction' | 'LikeAction' | 'RegisterAction', count: number) {
  return {
    '@type': 'InteractionCounter',
    interactionType: `${SCHEMA_CONTEXT}/${action}`,
    userInteractionCount: count,
  };
}

export interface Crumb {
  label: string;
  /** Absent on the current page. */
  href?: string;
}

/** The page's breadcrumb trail; the current page (no link) is the last item, without an address. */
export function breadcrumbJsonLd(base: string, trail: Crumb[]): JsonLd {
  return {
    '@context': SCHEMA_CONTEXT,
    '@type': 'BreadcrumbList',
    itemListElement: trail.map((crumb, index) => ({
      '@type': 'ListItem',
      position: index + 1,
      name: crumb.label,
      ...(crumb.href ? { item: absoluteUrl(base, crumb.href) } : {}),
    })),
  };
}

/** The site itself, on the home page: its name and how to search it. */
export function websiteJsonLd(base: string, name: string, description: string): JsonLd {
  return {
    '@context': SCHEMA_CONTEXT,
    '@type': 'WebSite',
    name,
    description,
    url: absoluteUrl(base, '/'),
    potentialAction: {
      '@type': 'SearchAction',
      target: { '@type': 'EntryPoint', urlTemplate: `${absoluteUrl(base, '/search')}?q={search_term_string}` },
      'query-input': 'required name=search_term_string',
    },
  };
}

/** The whole `<script type="application/ld+json">` element, for `{@html}` in the page head. */
export function jsonLdScript(data: JsonLd): string {
  return `<script type="application/ld+json">${serializeJsonLd(data)}</${'script'}>`;
}
