import { site } from '../state/page.svelte.ts';

/**
 * The site's public address for absolute links (canonical, Open Graph, structured data): the
 * configured one (`MINGA_PUBLIC_URL`, filled in by the server), else this browser's origin.
 */
export function publicBase(): string {
  if (site.publicUrl) return site.publicUrl;
  return typeof location === 'undefined' ? '' : location.origin;
}
