import { tick } from 'svelte';
import type { Post } from '../../../../shared/schemas/discussions.ts';
import { FreshMarks } from '../../lib/fresh.svelte.ts';

/** Where the reader is: with the end of the posts in view, past it (in the composer), or further up. */
type ReaderPlace = 'end' | 'past' | 'up';

const postElement = (id: number) => document.getElementById(`post-${id}`);

/**
 * Others' new posts on a thread page: a reader at the end sees them come into view; one
 * further up is not moved, but told how many wait below ("2 new posts").
 */
export class Arrivals {
  /** Posts that arrived below while the reader was further up, oldest first. */
  unseen = $state<number[]>([]);
  /** Just after the last post: where "the end of the thread" is on screen (bound by the page). */
  endOfPosts = $state<HTMLElement>();
  readonly fresh = new FreshMarks();
  #checking = false;

  /** Called just before the posts are shown, while the page still has its old length. */
  arriving(posts: Post[]): void {
    for (const post of posts) this.fresh.mark(post.id);
    const place = this.#readerPlace();
    if (place === 'up') {
      this.unseen = [...this.unseen, ...posts.map((post) => post.id)];
    } else if (place === 'end') {
      const last = posts.at(-1)!.id;
      void tick().then(() => postElement(last)?.scrollIntoView({ block: 'nearest' }));
    }
  }

  /** On scroll: new posts that came into view are no longer new. */
  seenWhileScrolling(): void {
    if (this.unseen.length === 0 || this.#checking) return;
    this.#checking = true;
    requestAnimationFrame(() => {
      this.#checking = false;
      this.unseen = this.unseen.filter((id) => {
        const top = postElement(id)?.getBoundingClientRect().top;
        return top !== undefined && top > window.innerHeight - 64;
      });
    });
  }

  /** The "new posts" button: to the first of them, with the focus on it. */
  async showUnseen(): Promise<void> {
    const first = this.unseen[0];
    this.unseen = [];
    await tick();
    const target = first === undefined ? null : postElement(first);
    if (!target) return;
    target.scrollIntoView({ block: 'start' });
    target.focus({ preventScroll: true });
  }

  stop(): void {
    this.fresh.clear();
  }

  #readerPlace(): ReaderPlace {
    const top = this.endOfPosts?.getBoundingClientRect().top;
    if (top === undefined) return 'end';
    if (top > window.innerHeight) return 'up';
    return top < 0 ? 'past' : 'end';
  }
}
