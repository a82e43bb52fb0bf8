import type { ReadResponse } from '../../../../shared/schemas/discussions.ts';
import { api } from '../../lib/api.ts';

/** How long a post must stay mostly in view to count as read. */
const DWELL_MS = 1_000;
/** At most one report per this many milliseconds while reading. */
const REPORT_EVERY_MS = 4_000;
/** "Mostly visible": this share of the post, or of the screen for a post taller than it. */
const MOSTLY = 0.6;

/**
 * Reports how far a signed-in reader has read (issue 16, part 1): a post counts once it stays
 * mostly in view for about a second, or when the reader scrolls past it after seeing it. The
 * highest number goes to the server at most every few seconds, and once more on leaving the
 * page (a keepalive request, which outlives the page and carries the Origin like any fetch).
 * Opening the page records nothing by itself.
 */
export class ReadTracker {
  readonly #path: string;
  #reported: number;
  #highest: number;
  #timer: ReturnType<typeof setTimeout> | null = null;
  readonly #dwell = new Map<Element, ReturnType<typeof setTimeout>>();
  readonly #shown = new WeakSet<Element>();
  readonly #observer: IntersectionObserver;
  readonly #onHide = () => {
    if (document.visibilityState === 'hidden') this.#leave();
  };
  readonly #onPageHide = () => this.#leave();
  readonly #onReport?: (answer: ReadResponse) => void;

  constructor(threadId: number, lastRead: number, onReport?: (answer: ReadResponse) => void) {
    this.#path = `/api/threads/${threadId}/read`;
    this.#reported = lastRead;
    this.#highest = lastRead;
    this.#onReport = onReport;
    this.#observer = new IntersectionObserver((entries) => entries.forEach((entry) => this.#changed(entry)), {
      threshold: [0, 0.25, 0.5, MOSTLY, 0.8, 1],
    });
    document.addEventListener('visibilitychange', this.#onHide);
    window.addEventListener('pagehide', this.#onPageHide);
  }

  /** Watches the posts on the page (calling again with new ones is fine). */
  observe(elements: Iterable<Element>): void {
    for (const element of elements) this.#observer.observe(element);
  }

  #changed(entry: IntersectionObserverEntry): void {
    const element = entry.target;
    const number = Number((element as HTMLElement).dataset.number);
    if (!number) return;
    const screen = entry.rootBounds?.height ?? window.innerHeight;
    const mostly = entry.isIntersecting && (entry.intersectionRatio >= MOSTLY || entry.intersectionRect.height >= MOSTLY * screen);
    if (entry.isIntersecting) this.#shown.add(element);
    if (mostly) {
      if (!this.#dwell.has(element)) this.#dwell.set(element, setTimeout(() => this.#read(element, number), DWELL_MS));
      return;
    }
    clearTimeout(this.#dwell.get(element));
    this.#dwell.delete(element);
    // Scrolled past: seen on screen, and now gone above it.
    if (!entry.isIntersecting && this.#shown.has(element) && entry.boundingClientRect.bottom <= (entry.rootBounds?.top ?? 0)) this.#seen(number);
  }

  #read(element: Element, number: number): void {
    this.#dwell.delete(element);
    this.#seen(number);
  }

  #seen(number: number): void {
    if (number <= this.#highest) return;
    this.#highest = number;
    this.#timer ??= setTimeout(() => {
      this.#timer = null;
      this.flush();
    }, REPORT_EVERY_MS);
  }

  /** Sends the place now if it moved (a failed report is tried again with the next one). */
  flush(): void {
    const number = this.#highest;
    if (number <= this.#reported) return;
    this.#reported = number;
    api.post<ReadResponse>(this.#path, { postNumber: number }).then(
      (answer) => this.#onReport?.(answer),
      () => {
        this.#reported = Math.min(this.#reported, number - 1);
      },
    );
  }

  #leave(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const number = this.#highest;
    if (number <= this.#reported) return;
    this.#reported = number;
    void fetch(this.#path, {
      method: 'POST',
      keepalive: true,
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ postNumber: number }),
    }).catch(() => undefined);
  }

  /** The page goes (another page of the app): the last place is sent, and watching stops. */
  stop(): void {
    this.#leave();
    this.#observer.disconnect();
    for (const timer of this.#dwell.values()) clearTimeout(timer);
    this.#dwell.clear();
    document.removeEventListener('visibilitychange', this.#onHide);
    window.removeEventListener('pagehide', this.#onPageHide);
  }
}
