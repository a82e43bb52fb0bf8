import { tick } from 'svelte';
import type { Post } from '../../../../shared/schemas/discussions.ts';
import type { ThreadView } from './thread-view.svelte.ts';

/** How far from the screen's edge the next posts start loading (px). */
const LOAD_AHEAD = 600;

const postElements = (): HTMLElement[] => [...document.querySelectorAll<HTMLElement>('article.post[data-number]')];

/** The post element of a number, or the first after it (a hidden number has none). */
function elementAt(number: number): HTMLElement | undefined {
  return postElements().find((element) => Number(element.dataset.number) >= number);
}

/**
 * A long thread's window on screen (issue 16): more posts load as the reader nears either end;
 * posts that arrive above stay out of the way (the post the reader looks at keeps its place on
 * screen); which post is in view (for the timeline); moving to a post by number.
 */
export class PostsWindow {
  /** The number of the post in view (the first whose end is below the top of the screen). */
  current = $state(0);
  /** Whether the page has been brought to where the reader lands; loading by scrolling waits for it. */
  landed = $state(false);
  readonly #view: ThreadView;

  constructor(view: ThreadView) {
    this.#view = view;
  }

  get currentPost(): Post | undefined {
    return this.#view.page?.posts.find((post) => post.number === this.current);
  }

  /** Measures which post is in view (on scroll; cheap: stops at the first one below the top). */
  measure(): void {
    for (const element of postElements()) {
      if (element.getBoundingClientRect().bottom > 80) {
        this.current = Number(element.dataset.number);
        return;
      }
    }
  }

  /** Loads the posts above, keeping the post in view where it is on screen. */
  async loadEarlier(): Promise<void> {
    const anchor = postElements().find((element) => element.getBoundingClientRect().bottom > 0);
    const before = anchor?.getBoundingClientRect().top ?? 0;
    if (!(await this.#view.loadEarlier())) return;
    await tick();
    if (anchor?.isConnected) window.scrollBy(0, anchor.getBoundingClientRect().top - before);
  }

  /** Brings a post into view and gives it the focus (loading the window around it if needed). */
  async goTo(number: number, options: { focus?: boolean } = {}): Promise<void> {
    if (!this.#view.holds(number)) {
      this.landed = false;
      await this.#view.jumpTo(number);
      await tick();
    }
    const target = elementAt(number) ?? postElements().at(-1);
    if (!target) return;
    target.scrollIntoView({ block: 'start' });
    if (options.focus !== false) target.focus({ preventScroll: true });
    this.current = Number(target.dataset.number);
    this.landed = true;
  }

  /** The next or previous post from the one with the focus (else the one in view). */
  async step(direction: 1 | -1): Promise<void> {
    const elements = postElements();
    const focused = document.activeElement instanceof HTMLElement ? document.activeElement.closest<HTMLElement>('article.post[data-number]') : null;
    let index = focused ? elements.indexOf(focused) : elements.findIndex((element) => Number(element.dataset.number) >= this.current);
    if (index < 0) index = 0;
    else if (focused || direction === -1) index += direction;
    if (index >= elements.length && this.#view.page?.nextCursor) {
      await this.#view.loadMore();
      await tick();
      return this.#focus(postElements()[index]);
    }
    if (index < 0 && this.#view.page?.prevCursor) {
      const first = elements[0];
      await this.loadEarlier();
      const again = postElements();
      return this.#focus(again[again.indexOf(first!) - 1]);
    }
    this.#focus(elements[Math.max(0, Math.min(index, elements.length - 1))]);
  }

  #focus(element: HTMLElement | undefined): void {
    if (!element) return;
    element.focus({ preventScroll: true });
    element.scrollIntoView({ block: 'start' });
    this.current = Number(element.dataset.number);
  }

  readonly #edges: Partial<Record<'top' | 'bottom', HTMLElement>> = {};

  /** Action for an element at one end of the posts: scrolling near it loads more that way. */
  edge = (element: HTMLElement, side: 'top' | 'bottom') => {
    this.#edges[side] = element;
    return { destroy: () => delete this.#edges[side] };
  };

  #frame = 0;

  /** On scroll (once a frame): the post in view, and more posts when the reader nears an end. */
  scrolled(): void {
    if (this.#frame) return;
    this.#frame = requestAnimationFrame(() => {
      this.#frame = 0;
      this.#scrolledNow();
    });
  }

  #scrolledNow(): void {
    this.measure();
    if (!this.landed) return;
    const { top, bottom } = this.#edges;
    if (top && this.#view.page?.prevCursor && top.getBoundingClientRect().bottom > -LOAD_AHEAD) void this.loadEarlier();
    if (bottom && this.#view.page?.nextCursor && bottom.getBoundingClientRect().top < window.innerHeight + LOAD_AHEAD) void this.#view.loadMore();
  }
}
