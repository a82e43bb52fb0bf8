import type { Post, Thread, ThreadPage } from '../../../../shared/schemas/discussions.ts';
import { api, toApiError, withQuery, type ApiError } from '../../lib/api.ts';

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

  constructor(threadId: number) {
    this.threadId = threadId;
  }

  get thread(): Thread | undefined {
    return this.page?.thread;
  }

  async load(): Promise<void> {
    this.loading = true;
    this.error = null;
    try {
      this.page = await api.get<ThreadPage>(`/api/threads/${this.threadId}`);
    } catch (error) {
      this.error = toApiError(error);
    } finally {
      this.loading = false;
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
    } catch (error) {
      this.error = toApiError(error);
    } finally {
      this.loadingMore = false;
    }
  }

  /** Loads further pages until the post is on screen (a shared #post-123 link). */
  async reveal(postId: number): Promise<boolean> {
    for (let pages = 0; pages < 50; pages += 1) {
      if (this.page?.posts.some((post) => post.id === postId)) return true;
      if (!this.page?.nextCursor) return false;
      await this.loadMore();
      if (this.error) return false;
    }
    return false;
  }

  /** A post as the server now describes it (edited, deleted, hidden, reacted to). */
  update(post: Post): void {
    const page = this.page;
    if (!page) return;
    const index = page.posts.findIndex((item) => item.id === post.id);
    if (index >= 0) page.posts[index] = post;
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
    page.thread.postCount += 1;
    page.thread.lastPostAt = post.createdAt;
  }

  /** The thread after a moderation or an accepted answer. */
  setThread(thread: Thread): void {
    const page = this.page;
    if (!page) return;
    page.thread = thread;
    const acceptedId = thread.acceptedPostId;
    page.acceptedPost = acceptedId === null ? null : (page.posts.find((post) => post.id === acceptedId) ?? page.acceptedPost);
    if (!page.permissions.canModerate) {
      page.permissions.canReply = page.permissions.canReply && !thread.locked;
      if (thread.locked) page.permissions.replyBlockedReason = 'locked';
    }
  }

  post(postId: number): Post | undefined {
    return this.page?.posts.find((post) => post.id === postId);
  }
}
