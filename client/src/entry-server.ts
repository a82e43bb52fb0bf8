import type { Component } from 'svelte';
import { render } from 'svelte/server';
import type { PageRenderInput, PageRenderResult, PreloadedAnswers } from '../../shared/page-render.ts';
import { catalogs } from '../../shared/i18n/index.ts';
import App from './App.svelte';
import { provideCatalogs } from './lib/catalogs.ts';
import { missedPaths, usePreloaded } from './lib/preload.ts';
import { matchRoute, router, type PageModule } from './lib/router.svelte.ts';
import { resetPageSignals, site } from './lib/state/page.svelte.ts';
import { session } from './lib/state/session.svelte.ts';
import { routes } from './routes.ts';

provideCatalogs(catalogs);

/** Page components once loaded: a render needs its page at once, and import() is not free. */
const pages = new Map<string, Component<any>>();
async function pageComponent(page: PageModule): Promise<Component<any>> {
  let component = pages.get(page.source);
  if (!component) {
    component = (await page.load()).default;
    pages.set(page.source, component);
  }
  return component;
}

/** Renders after fetching what the page asked for; a page that asks again from that data (rare) gets more rounds. */
const MAX_ROUNDS = 4;

/**
 * Renders one page on the server with the same components as the browser. Rendering is
 * synchronous, so the page cannot wait for its data: a first render notes the API GETs the
 * page makes (showing its loading state), the server answers them through the JSON routes
 * with the reader's own session, and the page is rendered again with those answers, until it
 * asks for nothing new. The answers go into the page, so the browser's first render shows the
 * same without fetching.
 */
export async function renderPage(input: PageRenderInput): Promise<PageRenderResult> {
  const url = new URL(input.url, 'http://page.invalid');
  const match = matchRoute(routes, url.pathname);
  if (match?.route.signedIn && !input.session.user) {
    const next = encodeURIComponent(url.pathname + url.search);
    return { kind: 'redirect', status: 302, location: `/login?next=${next}` };
  }
  const first = match ? await pageComponent(match.route.page) : undefined;

  const answers: PreloadedAnswers = {};
  for (let round = 1; ; round += 1) {
    // Other renders ran while this one awaited: the shared state is this page's again.
    router.renderAt(url.pathname, url.search);
    session.startFrom(input.session);
    site.publicUrl = input.publicUrl;
    const signals = resetPageSignals();
    usePreloaded(answers);
    let rendered: { head: string; body: string };
    let missed: string[];
    try {
      // The result renders when read: read it while this page's answers are in place.
      const result = render(App, { props: { first } });
      rendered = { head: result.head, body: result.body };
      missed = missedPaths();
    } finally {
      usePreloaded(null);
    }
    if (missed.length === 0 || round === MAX_ROUNDS) {
      if (signals.redirect) return { kind: 'redirect', status: 301, location: signals.redirect };
      return {
        kind: 'page',
        status: signals.status,
        lang: signals.lang,
        head: rendered.head,
        body: rendered.body,
        data: { session: input.session, publicUrl: input.publicUrl, answers },
        source: match?.route.page.source ?? null,
      };
    }
    Object.assign(answers, await input.fetch(missed));
  }
}
