import type { Static } from 'typebox';
import type { KnowledgePick, KnowledgePickList } from '../../../../shared/schemas/knowledge.ts';
import { api, toApiError, withQuery, type ApiError } from '../api.ts';
import type { LinkType } from './kinds.ts';

const SEARCH_DELAY_MS = 200;
const QUERY_MAX = 200;
const RESULTS_SHOWN = 12;

/**
 * The link picker's search: the words and kind typed, the matches for them (best first, as the
 * server ranks them) and which one the arrow keys are on. A search waits for typing to pause;
 * an answer to older words is dropped.
 */
export class PickSearch {
  query = $state('');
  kind = $state<LinkType | ''>('');
  results = $state<KnowledgePick[]>([]);
  /** The words the shown results answer; null before any answer. */
  answered = $state<string | null>(null);
  loading = $state(false);
  error = $state<ApiError | null>(null);
  /** Index of the option the arrow keys are on; -1 for none. */
  active = $state(-1);

  #timer: ReturnType<typeof setTimeout> | undefined;
  #generation = 0;

  get current(): KnowledgePick | undefined {
    return this.results[this.active];
  }

  search(): void {
    clearTimeout(this.#timer);
    const generation = ++this.#generation;
    const q = this.query.trim().slice(0, QUERY_MAX);
    if (!q) {
      this.results = [];
      this.answered = null;
      this.loading = false;
      this.error = null;
      this.active = -1;
      return;
    }
    this.loading = true;
    const kind = this.kind || undefined;
    this.#timer = setTimeout(async () => {
      try {
        const list = await api.get<Static<typeof KnowledgePickList>>(
          withQuery('/api/knowledge/pick', { q, kind, limit: RESULTS_SHOWN }),
        );
        if (generation !== this.#generation) return;
        this.results = list.items;
        this.answered = q;
        this.error = null;
        this.active = -1;
      } catch (failure) {
        if (generation === this.#generation) this.error = toApiError(failure);
      } finally {
        if (generation === this.#generation) this.loading = false;
      }
    }, SEARCH_DELAY_MS);
  }

  /** The next (1) or previous (-1) option, wrapping around; from none, the first or the last. */
  move(step: 1 | -1): void {
    const count = this.results.length;
    if (count === 0) return;
    this.active = this.active < 0 ? (step > 0 ? 0 : count - 1) : (this.active + step + count) % count;
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#generation += 1;
  }
}
