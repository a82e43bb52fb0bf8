/**
 * What a page tells the server beyond its HTML, while it is rendered there: its HTTP status
 * (a page that shows "not found" answers 404), a redirect (a merged thread's old address) and
 * the language of its content (`<html lang>`). The server resets these before each render and
 * reads them after; rendering is synchronous, so one render never sees another's. In the
 * browser they are set and ignored.
 */
export interface PageSignals {
  status: 200 | 404;
  redirect: string | null;
  lang: string | null;
}

let signals: PageSignals = { status: 200, redirect: null, lang: null };

/** Server only: starts a render with clean signals and returns them to read afterwards. */
export function resetPageSignals(): PageSignals {
  signals = { status: 200, redirect: null, lang: null };
  return signals;
}

/** The page shows "not found": it answers 404 (the same bytes whether missing or private). */
export function pageNotFound(): void {
  signals.status = 404;
}

/** The page lives at another address now: the server answers 301 to it. */
export function pageMovedTo(path: string): void {
  signals.redirect = path;
}

/** The language the page's content is written in (a thread's, a record's). */
export function contentLanguage(lang: string | null | undefined): void {
  if (lang) signals.lang = lang;
}

/** Facts about the site the pages need: its public address (canonical links, structured data). */
export const site = $state({ publicUrl: '' });
