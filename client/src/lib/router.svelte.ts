import { parse } from 'regexparam';
import { tick, type Component } from 'svelte';

export type RouteParams = Record<string, string>;

/** A page component in its own chunk: `source` names it in the build's manifest. */
export interface PageModule {
  source: string;
  load: () => Promise<{ default: Component<any> }>;
}

export interface RouteDefinition {
  path: string;
  /**
   * The page, loaded on demand. It receives `params` (the path's `:names`); a page whose path
   * has none need not declare the prop, hence the loose props type.
   */
  page: PageModule;
  /** Only for a signed-in person; anyone else is sent to /login?next=…. */
  signedIn?: boolean;
}

export interface Route extends RouteDefinition {
  pattern: RegExp;
  keys: string[];
}

export interface RouteMatch {
  route: Route;
  params: RouteParams;
}

export function compileRoutes(definitions: RouteDefinition[]): Route[] {
  return definitions.map((definition) => ({ ...definition, ...parse(definition.path) }));
}

/** The first route whose pattern fits the path, with its decoded parameters. */
export function matchRoute(routes: readonly Route[], path: string): RouteMatch | null {
  for (const route of routes) {
    const found = route.pattern.exec(path);
    if (!found) continue;
    const params: RouteParams = {};
    route.keys.forEach((key, index) => {
      const raw = found[index + 1];
      if (raw !== undefined) params[key] = safeDecode(raw);
    });
    return { route, params };
  }
  return null;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

interface HistoryEntryState {
  scrollY?: number;
  /** The entry's place in the tab's history, so a refused back/forward can be undone. */
  index?: number;
}

/**
 * The address bar as reactive state, moved with the History API. Pages read `path` and
 * `query`; links inside the app navigate without a reload once `start()` has run.
 */
class Router {
  path = $state(typeof location === 'undefined' ? '/' : location.pathname);
  search = $state(typeof location === 'undefined' ? '' : location.search);
  query = $derived(new URLSearchParams(this.search));

  /** Server only: the address being rendered (rendering is synchronous: one address at a time). */
  renderAt(path: string, search: string): void {
    this.path = path;
    this.search = search;
  }

  /** Set by an in-app navigation; the next page heading to appear takes the focus. */
  #focusPending = false;

  /** Questions to ask before leaving the page inside the app (unsaved text, say). */
  #guards = new Set<() => string | null>();
  /** The current history entry's index (see HistoryEntryState). */
  #index = 0;

  /**
   * Asks `question()` before each in-app navigation to another page: a message means "ask the
   * person", who may stay. Returns the function that removes it. (A reload or a closed tab is
   * the browser's `beforeunload`.)
   */
  guard(question: () => string | null): () => void {
    this.#guards.add(question);
    return () => this.#guards.delete(question);
  }

  #mayLeave(): boolean {
    for (const question of this.#guards) {
      const message = question();
      if (message !== null && !window.confirm(message)) return false;
    }
    return true;
  }

  /** Goes to an address inside the app (or leaves it, for another origin). */
  navigate(to: string, { replace = false }: { replace?: boolean } = {}): void {
    const url = new URL(to, location.href);
    if (url.origin !== location.origin) {
      location.assign(url);
      return;
    }
    const sameAddress = url.href === location.href;
    const samePage = url.pathname === location.pathname && url.search === location.search;
    if (!samePage && !this.#mayLeave()) return;
    if (!sameAddress) this.#rememberScroll();
    if (replace || sameAddress) history.replaceState({ index: this.#index } satisfies HistoryEntryState, '', url);
    else history.pushState({ index: ++this.#index } satisfies HistoryEntryState, '', url);
    this.#follow(url.hash, 0);
  }

  /** True once per in-app navigation: lets the new page's heading take the focus. */
  takeFocus(): boolean {
    const pending = this.#focusPending;
    this.#focusPending = false;
    return pending;
  }

  /** Listens to link clicks and back/forward; returns the function that stops listening. */
  start(): () => void {
    history.scrollRestoration = 'manual';
    this.#index = (history.state as HistoryEntryState | null)?.index ?? 0;
    history.replaceState({ ...(history.state as HistoryEntryState | null), index: this.#index } satisfies HistoryEntryState, '');
    document.addEventListener('click', this.#onClick);
    window.addEventListener('popstate', this.#onPopState);
    return () => {
      document.removeEventListener('click', this.#onClick);
      window.removeEventListener('popstate', this.#onPopState);
    };
  }

  #follow(hash: string, scrollY: number): void {
    this.path = location.pathname;
    this.search = location.search;
    this.#focusPending = true;
    void tick().then(() => {
      const target = hash ? document.getElementById(safeDecode(hash.slice(1))) : null;
      if (target) target.scrollIntoView();
      else window.scrollTo(0, scrollY);
    });
  }

  #rememberScroll(): void {
    const state: HistoryEntryState = { ...(history.state as HistoryEntryState | null), scrollY: window.scrollY };
    history.replaceState(state, '');
  }

  #onPopState = (event: PopStateEvent): void => {
    const state = event.state as HistoryEntryState | null;
    // Back on the entry already shown: our own undoing of a refused back/forward.
    if (state?.index === this.#index && location.pathname === this.path && location.search === this.search) return;
    if ((location.pathname !== this.path || location.search !== this.search) && !this.#mayLeave()) {
      // Staying: go back to the entry of the page still shown (or, not knowing where it is, add it again).
      if (state?.index !== undefined && state.index !== this.#index) {
        history.go(this.#index - state.index);
      } else history.pushState({ index: ++this.#index } satisfies HistoryEntryState, '', this.path + this.search);
      return;
    }
    if (state?.index !== undefined) this.#index = state.index;
    this.#follow(location.hash, state?.scrollY ?? 0);
  };

  #onClick = (event: MouseEvent): void => {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const anchor = event.target instanceof Element ? event.target.closest('a') : null;
    if (!(anchor instanceof HTMLAnchorElement) || !anchor.href) return;
    if (anchor.hasAttribute('download') || anchor.relList.contains('external')) return;
    if (anchor.target && anchor.target !== '_self') return;

    const url = new URL(anchor.href);
    if (url.origin !== location.origin || url.pathname.startsWith('/api/')) return;
    // A jump within the same page (the skip link, a #post-12 anchor) is the browser's job.
    if (url.hash && url.pathname === location.pathname && url.search === location.search) return;

    event.preventDefault();
    this.navigate(url.pathname + url.search + url.hash);
  };
}

export const router = new Router();

/** Where to go after signing in: only a path inside this site, never another origin. */
export function safeNextPath(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  return next;
}
