import { flushSync, hydrate, mount } from 'svelte';
import { PAGE_DATA_ID, type PageData } from '../../shared/page-render.ts';
import App from './App.svelte';
import './app.css';
import { loadCatalog } from './lib/catalogs.ts';
import { usePreloaded } from './lib/preload.ts';
import { startRealtime } from './lib/realtime/boot.svelte.ts';
import { matchRoute } from './lib/router.svelte.ts';
import { site } from './lib/state/page.svelte.ts';
import { session } from './lib/state/session.svelte.ts';
import { routes } from './routes.ts';

const target = document.getElementById('app');
if (!target) throw new Error('the page has no #app element');

/** The data the server rendered the page with, when it did. */
function pageData(): PageData | null {
  const element = document.getElementById(PAGE_DATA_ID);
  if (!element?.textContent) return null;
  try {
    return JSON.parse(element.textContent) as PageData;
  } catch {
    return null;
  }
}

async function start(): Promise<void> {
  const data = pageData();
  if (!data) {
    // No server render (a page served as a plain shell): the app loads everything itself.
    await loadCatalog(session.locale);
    void session.boot();
    startRealtime();
    mount(App, { target: target! });
    return;
  }
  // The server's page becomes the live app: same session, same answers, no second fetch.
  const match = matchRoute(routes, location.pathname);
  const [first] = await Promise.all([match ? match.route.page.load().then((module) => module.default) : undefined, loadCatalog(data.session.locale)]);
  session.startFrom(data.session);
  site.publicUrl = data.publicUrl;
  usePreloaded(data.answers);
  try {
    hydrate(App, { target: target!, props: { first } });
    // The pages' first effects run now, while the answers are still there.
    flushSync();
  } finally {
    usePreloaded(null);
  }
  startRealtime();
}

void start();
