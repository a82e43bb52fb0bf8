import type { Post, Thread, ThreadPage } from '../../../../shared/schemas/discussions.ts';
import { api, errorFromAnswer, toApiError, withQuery, type ApiError } from '../../lib/api.ts';
import { settledNow } from '../../lib/preload.ts';
import { session } from '../../lib/state/session.svelte.ts';

/**
 * One thread as the page shows it: the posts loaded so far and what the reader may do. Every
 * answer from a write (a reply, an edit, a moderation) is folded in here, so the page never
 * needs to load the whole thread again.
 */
export class ThreadView {
  page = $state<ThreadPage | null>(null);
  error = $state<ApiError | null>(null);
  loading = $state(true);
  loadingMore = $state(false);
  readonly threadId: number;
  /** The page the reader opened (`?page=n`, 1 without); further pages follow as they load. */
  readonly firstPage: number;
  /** The page number the next "more" brings (its address, for readers without scripts). */
  nextPage = $state(2);
  /**
   * Where the window opened (issue 16): a post number (`?post=N`), `unread` (a signed-in reader:
   * their first unread post, else the start), or null (the start, or `?page=N`).
   */
  readonly near: number | 'unread' | null;
  /** The reader's place when the page opened: the "since your last visit" divider stays there. */
  landedLastRead = $state(0);
  loadingEarlier = $state(false);
  /** Posts already counted in `postCount` by this page (a reply arrives by HTTP and by socket). */
  readonly #counted = new Set<number>();
  #linksLoading = false;
  #linksAgain = false;

  constructor(threadId: number, firstPage = 1, near: number | 'unread' | null = null) {
    this.threadId = threadId;
    this.firstPage = firstPage;
    this.nextPage = firstPage + 1;
    this.near = firstPage > 1 ? null : near;
  }

  /** The first address asked (the server-rendered page asks the very same). */
  get firstAddress(): string {
    return withQuery(`/api/threads/${this.threadId}`, {
      page: this.firstPage > 1 ? this.firstPage : undefined,
      near: this.near ?? undefined,
    });
  }

  get thread(): Thread | undefined {
    return this.page?.thread;
  }

  /** Loads the thread's first page; one the server already fetched for this page is there at once. */
  async load(): Promise<void> {
    const pending = api.get<ThreadPage>(this.firstAddress);
    const answer = settledNow(pending);
    if (answer) {
      if (answer.status < 400) this.#opened(answer.body as ThreadPage);
      else this.error = errorFromAnswer(answer.status, answer.body, undefined, '');
      this.loading = false;
      return;
    }
    this.loading = true;
    this.error = null;
    try {
      this.#opened(await pending);
    } catch (error) {
      this.error = toApiError(error);
    } finally {
      this.loading = false;
    }
  }

  #opened(page: ThreadPage): void {
    this.landedLastRead = page.lastRead ?? 0;
    this.page = page;
  }

  /** Whether a post of this number is on the page. */
  holds(number: number): boolean {
    return !!this.page?.posts.some((post) => post.number === number);
  }

  /** The posts before the first one shown (reading upwards); true when some came. */
  async loadEarlier(): Promise<boolean> {
    const page = this.page;
    if (!page?.prevCursor || this.loadingEarlier) return false;
    this.loadingEarlier = true;
    this.error = null;
    try {
      const earlier = await api.get<ThreadPage>(withQuery(`/api/threads/${this.threadId}`, { before: page.prevCursor }));
      const known = new Set(page.posts.map((post) => post.id));
      const fresh = earlier.posts.filter((post) => !known.has(post.id));
      page.posts.unshift(...fresh);
      page.prevCursor = earlier.prevCursor ?? null;
      return fresh.length > 0;
    } catch (error) {
      this.error = toApiError(error);
      return false;
    } finally {
      this.loadingEarlier = false;
    }
  }

  /** The window around a post number instead of the one shown (the timeline's jumps). */
  async jumpTo(number: number): Promise<void> {
    if (this.holds(number) || !this.page) return;
    this.loadingMore = true;
    this.error = null;
    try {
      const window = await api.get<ThreadPage>(withQuery(`/api/threads/${this.threadId}`, { near: Math.max(1, number) }));
      const page = this.page;
      page.posts = window.posts;
      page.nextCursor = window.nextCursor;
      page.prevCursor = window.prevCursor ?? null;
      page.highestNumber = window.highestNumber;
    } catch (error) {
      this.error = toApiError(error);
    } finally {
      this.loadingMore = false;
    }
  }

  async loadMore(): Promise<void> {
    const page = this.page;
    if (!page?.nextCursor || this.loadingMore) return;
    this.loadingMore = true;
    this.error = null;
    try {
      const next = await api.get<ThreadPage>(withQuery(`/api/threads/${this.threadId}`, { cursor: page.nextCursor }));
      // A reply posted from this page may already be on screen.
      const known = new Set(page.posts.map((post) => post.id));
      page.posts.push(...next.posts.filter((post) => !known.has(post.id)));
      page.nextCursor = next.nextCursor;
      this.nextPage += 1;
    } catch (error) {
      this.error = toApiError(error);
    } finally {
      this.loadingMore = false;
    }
  }

  /**
   * Loads further pages, up or down, until the post is on screen (a shared #post-123 link): ids
   * grow in reading order, so an id before the first shown is above it.
   */
  async reveal(postId: number): Promise<boolean> {
    for (let pages = 0; pages < 50; pages += 1) {
      const posts = this.page?.posts ?? [];
      if (posts.some((post) => post.id === postId)) return true;
      const upwards = posts.length > 0 && postId < posts[0]!.id;
      if (upwards ? !this.page?.prevCursor : !this.page?.nextCursor) return false;
      await (upwards ? this.loadEarlier() : this.loadMore());
      if (this.error) return false;
    }
    return false;
  }

  /** A post as the server now describes it (edited, deleted, hidden, reacted to). */
  update(post: Post): void {
    const page = this.page;
    if (!page) return;
    const index = page.posts.findIndex((item) => item.id === post.id);
    const before = index >= 0 ? page.posts[index] : page.acceptedPost?.id === post.id ? page.acceptedPost : undefined;
    if (index >= 0) page.posts[index] = post;
    if (before && (before.bodyHtml !== post.bodyHtml || before.hidden !== post.hidden)) this.#citing(before.bodyHtml, post.bodyHtml);
    if (page.acceptedPost?.id === post.id) {
      // A deleted answer is no longer accepted (the server let go of it too).
      if (post.deleted) {
        page.acceptedPost = null;
        page.thread.acceptedPostId = null;
      } else {
        page.acceptedPost = post;
      }
    }
  }

  /** Someone's reply from this page: it goes at the end, once. */
  add(post: Post): void {
    const page = this.page;
    if (!page || page.posts.some((item) => item.id === post.id)) return;
    page.posts.push(post);
    this.#count(post);
    this.#citing(post.bodyHtml);
  }

  /** Whether the page holds the end of the thread (no further page to load). */
  get hasEnd(): boolean {
    return !!this.page && this.page.nextCursor === null;
  }

  /** The newest post on the page, when the page reaches the end of the thread. */
  get newestPostId(): number | undefined {
    if (!this.page || !this.hasEnd) return undefined;
    return this.page.posts.reduce<number | undefined>((max, post) => (max === undefined || post.id > max ? post.id : max), undefined);
  }

  /**
   * A new post someone wrote (live, or missed while disconnected). Shown when the page holds
   * the end of the thread; otherwise only counted: the next page will bring it.
   */
  receive(post: Post): boolean {
    const page = this.page;
    if (!page || page.posts.some((item) => item.id === post.id)) return false;
    this.#count(post);
    // The thread's links cover every post, shown on this page or not.
    this.#citing(post.bodyHtml);
    if (!this.hasEnd) return false;
    page.posts.push(post);
    return true;
  }

  /** A post changed elsewhere: replaced where it is, or put back in its place (restored). */
  merge(post: Post): void {
    const page = this.page;
    if (!page) return;
    if (page.posts.some((item) => item.id === post.id) || page.acceptedPost?.id === post.id) {
      this.update(post);
      return;
    }
    const index = page.posts.findIndex((item) => item.id > post.id);
    if (index >= 0) page.posts.splice(index, 0, post);
    else if (this.hasEnd) page.posts.push(post);
    this.#citing(post.bodyHtml);
  }

  /** A post the reader may no longer see (hidden by a moderator). */
  remove(postId: number): void {
    const page = this.page;
    if (!page) return;
    const removed = page.posts.find((post) => post.id === postId);
    page.posts = page.posts.filter((post) => post.id !== postId);
    if (removed) this.#citing(removed.bodyHtml);
    if (page.acceptedPost?.id === postId) page.acceptedPost = null;
  }

  /**
   * The thread's cited items (`links`) again, with their current titles: after a post that
   * cites something arrives, changes or goes. Changes that come together share one request.
   */
  async refreshLinks(): Promise<void> {
    if (this.#linksLoading) {
      this.#linksAgain = true;
      return;
    }
    this.#linksLoading = true;
    try {
      do {
        this.#linksAgain = false;
        const fresh = await api.get<ThreadPage>(withQuery(`/api/threads/${this.threadId}`, { limit: 1 }));
        if (this.page) this.page.links = fresh.links;
      } while (this.#linksAgain);
    } catch {
      // The panel keeps what it showed; the next post that cites something asks again.
    } finally {
      this.#linksLoading = false;
    }
  }

  /** Cooked HTML that holds a typed link (a missing one too: its item may exist by now). */
  #citing(...bodies: string[]): void {
    if (bodies.some((html) => html.includes('typed-link'))) void this.refreshLinks();
  }

  #count(post: Post): void {
    const page = this.page;
    if (!page || this.#counted.has(post.id)) return;
    this.#counted.add(post.id);
    page.thread.postCount += 1;
    if (post.createdAt > page.thread.lastPostAt) page.thread.lastPostAt = post.createdAt;
  }

  /** The thread after a moderation or an accepted answer. */
  setThread(thread: Thread): void {
    const page = this.page;
    if (!page) return;
    page.thread = thread;
    const acceptedId = thread.acceptedPostId;
    page.acceptedPost =
      acceptedId === null
        ? null
        : (page.posts.find((post) => post.id === acceptedId) ?? (page.acceptedPost?.id === acceptedId ? page.acceptedPost : null));
    if (!page.permissions.canModerate) {
      const permissions = page.permissions;
      if (thread.locked) {
        permissions.canReply = false;
        permissions.replyBlockedReason = 'locked';
      } else if (permissions.replyBlockedReason === 'locked') {
        // The lock hid any other reason; whoever may react is a member who may also write.
        permissions.canReply = permissions.canReact;
        permissions.replyBlockedReason = permissions.canReact ? null : session.user ? 'not_member' : 'anonymous';
      }
    }
  }

  post(postId: number): Post | undefined {
    return this.page?.posts.find((post) => post.id === postId);
  }
}
