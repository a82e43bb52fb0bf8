import { untrack } from 'svelte';
import { errorFromAnswer, toApiError, type ApiError } from './api.ts';
import { firstLook, preloading } from './preload.ts';

/**
 * Data a page loads: `value` once it arrives, `error` if it failed. Create it while a
 * component initialises; it loads again whenever reactive values that `load` reads before
 * its first `await` change (a route parameter, say), and ignores answers that arrive late.
 */
export class Resource<T> {
  value = $state<T | undefined>();
  error = $state<ApiError | null>(null);
  loading = $state(true);
  readonly #load: () => Promise<T>;
  #generation = 0;
  /** The first value was there at once (rendered by the server): the first load only tracks. */
  #hydrated = false;

  constructor(load: () => Promise<T>) {
    this.#load = load;
    // An answer the server already fetched for this page is shown at once: on the server
    // (rendering cannot wait) and in the browser's first render (hydration, no second fetch).
    const answer = preloading() ? firstLook(untrack(load)) : undefined;
    if (answer) {
      if (answer.status < 400) this.value = answer.body as T;
      else this.error = errorFromAnswer(answer.status, answer.body, undefined, '');
      this.loading = false;
      this.#hydrated = true;
    }
    $effect(() => {
      if (this.#hydrated) {
        // Reads what `load` depends on (a route parameter…), so a change loads again.
        this.#hydrated = false;
        void this.#load().catch(() => {});
        return;
      }
      void this.#run();
    });
  }

  reload(): Promise<void> {
    return this.#run();
  }

  async #run(): Promise<void> {
    const generation = ++this.#generation;
    const pending = this.#load();
    this.loading = true;
    this.error = null;
    try {
      const value = await pending;
      if (generation === this.#generation) this.value = value;
    } catch (error) {
      if (generation === this.#generation) this.error = toApiError(error);
    } finally {
      if (generation === this.#generation) this.loading = false;
    }
  }
}
