import type { Catalog, Locale } from '../../../shared/i18n/core.ts';

/**
 * The message catalogs this browser has loaded. Each language is its own chunk: a reader
 * downloads only theirs (the three together are most of the interface's code). The server
 * renders with all three at hand.
 */
const loaders: Record<Locale, () => Promise<Catalog>> = {
  es: () => import('../../../shared/i18n/es.ts').then((module) => module.es),
  pt: () => import('../../../shared/i18n/pt.ts').then((module) => module.pt),
  en: () => import('../../../shared/i18n/en.ts').then((module) => module.en),
};

const loaded: Partial<Record<Locale, Catalog>> = {};

/** The catalog of a language, if loaded (it always is for the language on screen). */
export function catalogOf(locale: Locale): Catalog | undefined {
  return loaded[locale];
}

/** Loads a language's catalog; switch to a language only once this has resolved. */
export async function loadCatalog(locale: Locale): Promise<void> {
  loaded[locale] ??= await loaders[locale]();
}

/** Server: every catalog, there from the start. */
export function provideCatalogs(catalogs: Record<Locale, Catalog>): void {
  Object.assign(loaded, catalogs);
}
