import { toApiError, type ApiError } from './api.ts';

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

  constructor(load: () => Promise<T>) {
    this.#load = load;
    $effect(() => {
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
