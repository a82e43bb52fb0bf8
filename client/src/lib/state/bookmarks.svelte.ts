import type { Bookmark, ThreadBookmarks } from '../../../../shared/schemas/bookmarks.ts';
import { api } from '../api.ts';

/**
 * The signed-in member's bookmarks on the posts of the thread being read: one request per
 * thread (its posts' cards ask, the first one loads), updated as the member bookmarks.
 * Loaded only in the browser (after hydration): the server renders no marks.
 */
class BookmarkMarks {
  /** Post id → reminder time (null: bookmarked without a reminder). */
  marks = $state<Record<number, string | null>>({});
  #thread: number | null = null;

  /** Loads the marks of a thread once (further calls for the same thread do nothing). */
  load(threadId: number): void {
    if (this.#thread === threadId) return;
    this.#thread = threadId;
    this.marks = {};
    api
      .get<ThreadBookmarks>(`/api/threads/${threadId}/bookmarks`)
      .then((answer) => {
        if (this.#thread !== threadId) return;
        this.marks = Object.fromEntries(answer.items.map((item) => [item.postId, item.remindAt]));
      })
      .catch(() => {});
  }

  has(postId: number): boolean {
    return postId in this.marks;
  }

  remindAt(postId: number): string | null {
    return this.marks[postId] ?? null;
  }

  async save(postId: number, remindAt: string | null): Promise<Bookmark> {
    const saved = await api.post<Bookmark>(`/api/posts/${postId}/bookmark`, { remindAt });
    this.marks = { ...this.marks, [postId]: saved.remindAt };
    return saved;
  }

  async remove(postId: number): Promise<void> {
    await api.delete(`/api/posts/${postId}/bookmark`);
    const { [postId]: _gone, ...rest } = this.marks;
    this.marks = rest;
  }
}

export const bookmarkMarks = new BookmarkMarks();
