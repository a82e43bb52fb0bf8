import { AppError } from '../../lib/errors.ts';
import { encodeCursor, readCursor } from '../../lib/cursor.ts';
import type { Bookmark, BookmarkInput, BookmarkList, BookmarksQuery, ThreadBookmarks } from '../../../shared/schemas/bookmarks.ts';
import type { Actor } from '../auth/actor.ts';
import type { ThreadGate } from '../discussions/access.ts';
import { EXCERPT_CHARS, type BookmarksRepository } from './repository.ts';

type Row = ReturnType<BookmarksRepository['list']>[number];

/** A reminder may be set at most this far back (a clock a little behind), and this far ahead. */
const PAST_SLACK_MS = 5 * 60_000;
const MAX_AHEAD_MS = 5 * 366 * 24 * 3_600_000;

function excerptOf(text: string): string {
  const plain = text.replace(/\s+/g, ' ').trim();
  return plain.length > EXCERPT_CHARS ? `${plain.slice(0, EXCERPT_CHARS - 1).trimEnd()}…` : plain;
}

function toBookmark(row: Row): Bookmark {
  return {
    id: row.b.id,
    postId: row.b.postId,
    thread: { id: row.threadId, title: row.threadTitle },
    excerpt: excerptOf(row.excerpt ?? ''),
    url: `/t/${row.threadId}#post-${row.b.postId}`,
    remindAt: row.b.remindAt?.toISOString() ?? null,
    note: row.b.note,
    createdAt: row.b.createdAt.toISOString(),
  };
}

/** Bookmarks: a member's own marks on posts they may read, with an optional reminder. */
export function createBookmarksService(deps: { repo: BookmarksRepository; threadGate: ThreadGate; now?: () => Date }) {
  const { repo, threadGate } = deps;
  const now = deps.now ?? (() => new Date());

  function reminderTime(value: string | null | undefined): Date | null | undefined {
    if (value === undefined || value === null) return value;
    const at = new Date(value);
    const delta = at.getTime() - now().getTime();
    if (Number.isNaN(at.getTime()) || delta < -PAST_SLACK_MS || delta > MAX_AHEAD_MS) throw new AppError('BOOKMARK_REMINDER_INVALID', { field: 'remindAt' });
    return at;
  }

  function signedIn(actor: Actor | null): Actor {
    if (!actor) throw new AppError('UNAUTHENTICATED');
    return actor;
  }

  return {
    /** Bookmarks a post the member may read (the thread's own gate; else 404), or changes its reminder or note. */
    save(actor: Actor | null, postId: number, input: BookmarkInput): Bookmark {
      const member = signedIn(actor);
      const { thread, post } = threadGate.post(member, postId);
      const remindAt = reminderTime(input.remindAt);
      const note = input.note === undefined ? undefined : input.note?.trim() || null;
      const b = repo.upsert(member.id, postId, { remindAt, note });
      return toBookmark({ b, threadId: thread.id, threadTitle: thread.title, excerpt: post.bodyText ?? post.body });
    },

    /** Removes the member's bookmark on a post (nothing to remove is no error). */
    remove(actor: Actor | null, postId: number): void {
      repo.remove(signedIn(actor).id, postId);
    },

    list(actor: Actor | null, query: BookmarksQuery): BookmarkList {
      const member = signedIn(actor);
      const limit = query.limit ?? 25;
      const beforeId = readCursor(query.cursor, ['number'])?.[0] as number | undefined;
      const rows = repo.list(member.id, { beforeId, limit: limit + 1 });
      const page = rows.slice(0, limit);
      return { items: page.map(toBookmark), nextCursor: rows.length > limit ? encodeCursor([page.at(-1)!.b.id]) : null };
    },

    /** The member's bookmarks in one thread they may read: the marks on its posts. */
    inThread(actor: Actor | null, threadId: number): ThreadBookmarks {
      const member = signedIn(actor);
      threadGate.thread(member, threadId);
      return { items: repo.list(member.id, { threadId, limit: 500 }).map((row) => ({ postId: row.b.postId, remindAt: row.b.remindAt?.toISOString() ?? null })) };
    },
  };
}

export type BookmarksService = ReturnType<typeof createBookmarksService>;
