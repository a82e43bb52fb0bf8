import { SvelteSet } from 'svelte/reactivity';

/**
 * Ids of things that just arrived or changed live, each marked for a few seconds so the page
 * can highlight it softly.
 */
export class FreshMarks {
  readonly #ids = new SvelteSet<number>();
  readonly #timers = new Map<number, ReturnType<typeof setTimeout>>();
  readonly #durationMs: number;

  constructor(durationMs = 4_000) {
    this.#durationMs = durationMs;
  }

  mark(id: number): void {
    clearTimeout(this.#timers.get(id));
    this.#ids.add(id);
    this.#timers.set(
      id,
      setTimeout(() => {
        this.#ids.delete(id);
        this.#timers.delete(id);
      }, this.#durationMs),
    );
  }

  has(id: number): boolean {
    return this.#ids.has(id);
  }

  clear(): void {
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
    this.#ids.clear();
  }
}
