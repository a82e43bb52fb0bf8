import { tick } from 'svelte';
import { session } from '../../lib/state/session.svelte.ts';
import type { PostsWindow } from './posts-window.svelte.ts';
import { ReadTracker } from './read-tracker.ts';
import { threadShortcut } from './thread-keys.ts';
import type { ThreadView } from './thread-view.svelte.ts';

export interface ReadingHooks {
  /** The post of a `#post-<id>` address, if the page was opened with one. */
  linkedPostId: () => number | null;
  /** Brings that post into view. */
  showLinked: () => Promise<void>;
  /** The reply box, with the focus in it (when the reader may reply). */
  focusComposer: () => void;
}

/**
 * A reader in a thread (issue 16): where they land (the linked post, their first unread post
 * under a "since your last visit" divider, else the top), their reading reported as they go, and
 * the page's keys (j / k / r / ?).
 */
export class ThreadReading {
  shortcutsOpen = $state(false);
  /** The first unread post on the page, where the divider goes. */
  readonly firstUnreadId = $derived.by(() => {
    const page = this.#view.page;
    const lastRead = this.#view.landedLastRead;
    if (!page || lastRead <= 0 || lastRead >= page.highestNumber) return null;
    return page.posts.find((post) => post.number > lastRead)?.id ?? null;
  });
  readonly #view: ThreadView;
  readonly #win: PostsWindow;
  readonly #hooks: ReadingHooks;
  #tracker: ReadTracker | null = null;

  constructor(view: ThreadView, win: PostsWindow, hooks: ReadingHooks) {
    this.#view = view;
    this.#win = win;
    this.#hooks = hooks;
  }

  /** Once the page has loaded in the browser: to the reader's place, then reading counts. */
  async land(): Promise<void> {
    const view = this.#view;
    const near = view.near;
    if (this.#hooks.linkedPostId() !== null) await this.#hooks.showLinked();
    else if (typeof near === 'number') await this.#win.goTo(near);
    else if (this.firstUnreadId !== null) {
      await tick();
      document.getElementById('since-last-visit')?.scrollIntoView({ block: 'start' });
    }
    this.#win.landed = true;
    this.#win.measure();
    if (session.user && view.page) {
      this.#tracker = new ReadTracker(view.threadId, view.page.lastRead ?? 0, (answer) => {
        if (view.page) view.page.lastRead = answer.lastRead;
      });
      this.observePosts();
    }
  }

  /** Posts on the page (new ones too) are watched for reading. */
  observePosts(): void {
    void tick().then(() => this.#tracker?.observe(document.querySelectorAll('article.post[data-number]')));
  }

  stop(): void {
    this.#tracker?.stop();
  }

  keydown(event: KeyboardEvent): void {
    const page = this.#view.page;
    if (!page) return;
    threadShortcut(event, {
      next: () => void this.#win.step(1),
      previous: () => void this.#win.step(-1),
      reply: () => {
        if (page.permissions.canReply) this.#hooks.focusComposer();
      },
      help: () => (this.shortcutsOpen = true),
    });
  }
}
