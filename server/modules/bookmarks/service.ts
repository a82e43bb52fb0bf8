import { AppError } from '../../lib/errors.ts';
import { encodeCursor, readCursor } from '../../lib/cursor.ts';
import type { Bookmark, BookmarkInput, BookmarkList, BookmarksQuery, ThreadBookmarks } from '../../../shared/schemas/bookmarks.ts';
import type { Actor } from '../auth/actor.ts';
import type { ThreadGate } from '../discussions/access.ts';
import { EXCERPT_CHARS, type BookmarksRepository } from './repository.ts';

type Row = Awaited<ReturnType<BookmarksRepository['list']>>[number];

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
    async save(actor: Actor | null, postId: number, input: BookmarkInput): Promise<Bookmark> {
      const member = signedIn(actor);
      const { thread, post } = await threadGate.post(member, postId);
      const remindAt = reminderTime(input.remindAt);
      const note = input.note === undefined ? undefined : input.note?.trim() || null;
      const b = await repo.upsert(member.id, postId, { remindAt, note });
      return toBookmark({ b, threadId: thread.id, threadTitle: thread.title, excerpt: post.bodyText ?? post.body });
    },

    /** Removes the member's bookmark on a post (nothing to remove is no error). */
    async remove(actor: Actor | null, postId: number): Promise<void> {
      await repo.remove(signedIn(actor).id, postId);
    },

    async list(actor: Actor | null, query: BookmarksQuery): Promise<BookmarkList> {
      const member = signedIn(actor);
      const limit = query.limit ?? 25;
      const beforeId = readCursor(query.cursor, ['number'])?.[0] as number | undefined;
      const rows = await repo.list(member.id, { beforeId, limit: limit + 1 });
      const page = rows.slice(0, limit);
      return { items: page.map(toBookmark), nextCursor: rows.length > limit ? encodeCursor([page.at(-1)!.b.id]) : null };
    },

    /** The member's bookmarks in one thread they may read: the marks on its posts. */
    async inThread(actor: Actor | null, threadId: number): Promise<ThreadBookmarks> {
      const member = signedIn(actor);
      await threadGate.thread(member, threadId);
      return { items: (await repo.list(member.id, { threadId, limit: 500 })).map((row) => ({ postId: row.b.postId, remindAt: row.b.remindAt?.toISOString() ?? null })) };
    },
  };
}

export type BookmarksService = ReturnType<typeof createBookmarksService>;
