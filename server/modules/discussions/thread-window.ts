import type { PostRow } from '../../../db/schema/index.ts';
import { encodeCursor, readCursor } from '../../lib/cursor.ts';
import type { Actor } from '../auth/actor.ts';
import type { PostsRepository } from './posts-repository.ts';
import type { ReadsRepository } from './reads-repository.ts';

/** How a thread page was asked for: from the start, after a cursor, before one, or around a post number. */
export interface WindowQuery {
  cursor?: string;
  /** `prevCursor` of a page already shown: the posts before it (reading upwards). */
  before?: string;
  /** A post number, or `unread`: the reader's first unread post (the start when none). */
  near?: string;
}

/** Which posts a page holds; `key` names it in the thread-page cache (the same posts, the same key). */
export type WindowSpec =
  | { kind: 'after'; afterId: number; key: string }
  | { kind: 'from'; number: number; key: string }
  | { kind: 'upTo'; upToId: number; key: string };

export interface PostsWindow {
  rows: PostRow[];
  nextCursor: string | null;
  /** For `?before=`: the posts before this window, null at the start of the thread. */
  prevCursor: string | null;
}

/**
 * Long threads (issue 16): a thread page is a window of posts around a position, with cursors
 * both ways. Windows around a number start at a multiple of half a page, so the thread-page
 * cache holds at most two windows per page of the thread for them, whoever asks.
 */
export function createThreadWindows(posts: PostsRepository, reads: ReadsRepository) {
  async function firstUnread(actor: Actor | null, threadId: number): Promise<number | null> {
    if (!actor) return null;
    const [lastRead, highest] = await Promise.all([reads.lastRead(actor.id, threadId), reads.highest(threadId)]);
    return lastRead > 0 && lastRead < highest ? lastRead + 1 : null;
  }

  return {
    async spec(actor: Actor | null, threadId: number, query: WindowQuery, limit: number): Promise<WindowSpec> {
      if (query.before) {
        const upToId = readCursor(query.before, ['number'])![0] as number;
        return { kind: 'upTo', upToId, key: `b:${upToId}` };
      }
      if (query.cursor) return { kind: 'after', afterId: readCursor(query.cursor, ['number'])![0] as number, key: query.cursor };
      const asked = query.near === 'unread' ? await firstUnread(actor, threadId) : query.near ? Number(query.near) : null;
      if (asked !== null) {
        const number = Math.min(asked, Math.max(1, await reads.highest(threadId)));
        const step = Math.max(1, Math.floor(limit / 2));
        const start = Math.floor((number - 1) / step) * step + 1;
        if (start > 1) return { kind: 'from', number: start, key: `n:${start}` };
      }
      return { kind: 'after', afterId: 0, key: '' };
    },

    async load(threadId: number, spec: WindowSpec, includeHidden: boolean, limit: number): Promise<PostsWindow> {
      if (spec.kind === 'upTo') {
        const rows = await posts.upTo(threadId, { includeHidden, upToId: spec.upToId, limit: limit + 1 });
        const page = rows.slice(0, limit).reverse();
        const last = page.at(-1);
        const more = last !== undefined && (await posts.page(threadId, { includeHidden, afterId: last.id, limit: 1 })).length > 0;
        return {
          rows: page,
          nextCursor: more ? encodeCursor([last.id]) : null,
          prevCursor: rows.length > limit ? encodeCursor([rows[limit]!.id]) : null,
        };
      }
      const rows =
        spec.kind === 'from'
          ? await posts.fromNumber(threadId, { includeHidden, number: spec.number, limit: limit + 1 })
          : await posts.page(threadId, { includeHidden, afterId: spec.afterId, limit: limit + 1 });
      const page = rows.slice(0, limit);
      const first = page[0];
      const previous = first ? (await posts.upTo(threadId, { includeHidden, upToId: first.id - 1, limit: 1 }))[0] : undefined;
      return {
        rows: page,
        nextCursor: rows.length > limit ? encodeCursor([page.at(-1)!.id]) : null,
        prevCursor: previous ? encodeCursor([previous.id]) : null,
      };
    },

    /** The id a page's own range starts after (its `prevCursor` names the last post before it). */
    startsAfter(prevCursor: string | null | undefined): number {
      return prevCursor ? (readCursor(prevCursor, ['number'])![0] as number) : 0;
    },
  };
}

export type ThreadWindows = ReturnType<typeof createThreadWindows>;
