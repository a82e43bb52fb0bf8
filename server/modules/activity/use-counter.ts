import type { UseCount, UseKind, UseRepository } from './use-repository.ts';

/** How often the counts kept in memory are written (one transaction each time). */
export const FLUSH_EVERY_MS = 5000;

/**
 * Views and downloads, counted in memory and written in one transaction every few seconds (and
 * when the app closes): reading a record never writes. A reader (address) opening the same
 * record again within one batch counts once, so a page and the API answer it embeds, or a
 * reload, are one view.
 */
export class UseCounter {
  readonly #repo: UseRepository;
  readonly #now: () => Date;
  #counts = new Map<string, UseCount>();
  #downloads = new Map<number, number>();
  #seen = new Set<string>();
  #timer: NodeJS.Timeout | null = null;
  /** Batches written so far (tests and metrics). */
  flushes = 0;

  /** Called after each batch is written (the knowledge-use answers kept are then stale). */
  onFlush: () => void = () => {};

  constructor(repo: UseRepository, now: () => Date = () => new Date()) {
    this.#repo = repo;
    this.#now = now;
  }

  view(kind: UseKind, recordId: number, reader: string): void {
    const seen = `v ${reader} ${kind} ${recordId}`;
    if (this.#seen.has(seen)) return;
    this.#seen.add(seen);
    const key = `${kind}:${recordId}`;
    const count = this.#counts.get(key) ?? { kind, recordId, views: 0, downloads: 0 };
    count.views += 1;
    this.#counts.set(key, count);
  }

  download(fileId: number, reader: string): void {
    const seen = `d ${reader} ${fileId}`;
    if (this.#seen.has(seen)) return;
    this.#seen.add(seen);
    this.#downloads.set(fileId, (this.#downloads.get(fileId) ?? 0) + 1);
  }

  get pending(): number {
    return this.#counts.size + this.#downloads.size;
  }

  async flush(): Promise<void> {
    this.#seen = new Set();
    if (this.pending === 0) return;
    const counts = [...this.#counts.values()];
    const downloads = this.#downloads;
    this.#counts = new Map();
    this.#downloads = new Map();
    await this.#repo.add(this.#now().toISOString().slice(0, 10), counts, downloads);
    this.flushes += 1;
    this.onFlush();
  }

  start(every = FLUSH_EVERY_MS, onError: (error: unknown) => void = () => {}): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => {
      void this.flush().catch(onError);
    }, every);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.flush();
  }
}
