import { LOCALES, type Locale } from '../../../../shared/i18n/core.ts';
import { absoluteUrl } from './json-ld.ts';

/** Open Graph's locale for each interface language (the network is mostly Latin American). */
export const OG_LOCALES: Record<Locale, string> = { es: 'es_419', pt: 'pt_BR', en: 'en_US' };

export interface Alternate {
  hreflang: Locale | 'x-default';
  href: string;
}

/** The page's address with the interface language asked in the query (`?lang=pt`). */
export function withLang(url: string, lang: Locale): string {
  const [beforeHash, hash] = url.split('#', 2);
  const separator = beforeHash!.includes('?') ? '&' : '?';
  return `${beforeHash}${separator}lang=${lang}${hash !== undefined ? `#${hash}` : ''}`;
}

/**
 * The same page in each interface language (the server honours `?lang=`), and the address
 * without it as the default for everyone else (negotiated from the browser's languages).
 */
export function languageAlternates(canonical: string): Alternate[] {
  return [
    ...LOCALES.map((lang) => ({ hreflang: lang, href: withLang(canonical, lang) })),
    { hreflang: 'x-default' as const, href: canonical },
  ];
}

/** The canonical address of a page: absolute, on the site's public address, without `lang`. */
export function canonicalUrl(base: string, path: string): string {
  const url = absoluteUrl(base, path || '/');
  return url.replace(/([?&])lang=[^&#]*(&)?/, (_match, before: string, after?: string) => (after ? before : '')).replace(/[?&]$/, '');
}
