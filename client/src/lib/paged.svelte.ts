import { untrack } from 'svelte';
import { errorFromAnswer, toApiError, type ApiError } from './api.ts';
import { firstLook, preloading } from './preload.ts';

export interface PageOf<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * A list the server hands out in pages (`{items, nextCursor}`). Create it while a component
 * initialises: it loads the first page, and loads it again whenever reactive values that
 * `load` reads before its first `await` change (a `?q=` in the address, say). `loadMore()`
 * appends the next page.
 */
export class PagedList<T> {
  items = $state<T[]>([]);
  nextCursor = $state<string | null>(null);
  /** True while the first page is on its way (the list is being replaced). */
  loading = $state(true);
  /** True while a further page is on its way. */
  loadingMore = $state(false);
  error = $state<ApiError | null>(null);
  /** Set once the first page has arrived, so "nothing here" can be told from "not yet". */
  loaded = $state(false);
  readonly #load: (cursor: string | undefined) => Promise<PageOf<T>>;
  readonly #key: ((item: T) => unknown) | undefined;
  #generation = 0;
  /** The first page was there at once (rendered by the server): the first load only tracks. */
  #hydrated = false;

  /**
   * `key` names an item when the list also changes live (items added or moved while it is
   * shown): a further page then skips what is already there.
   */
  constructor(load: (cursor: string | undefined) => Promise<PageOf<T>>, options: { key?: (item: T) => unknown } = {}) {
    this.#load = load;
    this.#key = options.key;
    // A first page the server already fetched is shown at once (see Resource).
    const answer = preloading() ? firstLook(untrack(() => load(undefined))) : undefined;
    if (answer) {
      if (answer.status < 400) {
        const page = answer.body as PageOf<T>;
        this.items = page.items;
        this.nextCursor = page.nextCursor;
        this.loaded = true;
      } else {
        this.error = errorFromAnswer(answer.status, answer.body, undefined, '');
      }
      this.loading = false;
      this.#hydrated = true;
    }
    $effect(() => {
      if (this.#hydrated) {
        this.#hydrated = false;
        void this.#load(undefined).catch(() => {});
        return;
      }
      void this.#first();
    });
  }

  reload(): Promise<void> {
    return this.#first();
  }

  async loadMore(): Promise<void> {
    const cursor = this.nextCursor;
    if (!cursor || this.loadingMore) return;
    const generation = this.#generation;
    this.loadingMore = true;
    this.error = null;
    try {
      const page = await this.#load(cursor);
      if (generation !== this.#generation) return;
      const key = this.#key;
      if (key) {
        const known = new Set(this.items.map(key));
        this.items.push(...page.items.filter((item) => !known.has(key(item))));
      } else {
        this.items.push(...page.items);
      }
      this.nextCursor = page.nextCursor;
    } catch (error) {
      if (generation === this.#generation) this.error = toApiError(error);
    } finally {
      if (generation === this.#generation) this.loadingMore = false;
    }
  }

  async #first(): Promise<void> {
    const generation = ++this.#generation;
    // Only what `load` reads may re-run this: not the list's own state.
    const pending = this.#load(undefined);
    untrack(() => {
      this.loading = true;
      this.loadingMore = false;
      this.error = null;
    });
    try {
      const page = await pending;
      if (generation !== this.#generation) return;
      this.items = page.items;
      this.nextCursor = page.nextCursor;
      this.loaded = true;
    } catch (error) {
      if (generation === this.#generation) this.error = toApiError(error);
    } finally {
      if (generation === this.#generation) this.loading = false;
    }
  }
}
