import { AppError } from '../../lib/errors.ts';
import { encodeCursor, readCursor } from '../../lib/cursor.ts';
import type { ForumPage, Post, ReadResponse, ThreadList, ThreadPage, ThreadPermissions, WatchLevel } from '../../../shared/schemas/discussions.ts';
import type { Actor } from '../auth/actor.ts';
import { toForum } from '../communities/mapper.ts';
import { communityPolicy } from '../communities/policy.ts';
import type { ThreadAccess } from './access.ts';
import type { DiscussionsContext } from './context.ts';
import { canAccept, canModerateThreads, canReact, replyBlockedReason, showsAsAnswer } from './policy.ts';
import { toThread } from './presenter.ts';
import { personalize, type SharedThreadPage } from './thread-page-cache.ts';
import { readerPage, readerPageJson, type ReaderBits } from './thread-page-json.ts';
import type { ThreadKey } from './threads-repository.ts';
import { createThreadWindows, type WindowQuery, type WindowSpec } from './thread-window.ts';

const THREADS_PAGE = 30;
const NOT_COUNTED = { unread: 0, isNew: false };
const POSTS_PAGE = 50;

/** Reading: a forum's page and its threads, a thread's page, a post's revisions; following a thread. */
export function createReading(ctx: DiscussionsContext) {
  const { threads, posts, links, gate, threadGate, present, pageCache } = ctx;
  const windows = createThreadWindows(posts, ctx.reads);

  /** Everything on a thread page that does not depend on who reads it (cached). */
  async function sharedPage(access: ThreadAccess, spec: WindowSpec, limit: number): Promise<SharedThreadPage> {
    const { thread, canModerate } = access;
    const [window, found, withAuthor, forum, linked, highestNumber] = await Promise.all([
      windows.load(thread.id, spec, canModerate, limit),
      thread.acceptedPostId !== null ? posts.findById(thread.acceptedPostId) : undefined,
      threads.withAuthor(thread),
      ctx.communities.findForum(thread.forumId),
      links.forThread(thread.id).then((refs) => links.resolve(refs)),
      ctx.reads.highest(thread.id),
    ]);
    const page = window.rows;
    const accepted = showsAsAnswer(access, found) ? found : undefined;
    const withAccepted = accepted && !page.some((p) => p.id === accepted.id) ? [...page, accepted] : page;
    const presented = await present(withAccepted, null, canModerate);
    return {
      thread: toThread(withAuthor, 'none'),
      posts: presented.slice(0, page.length),
      nextCursor: window.nextCursor,
      prevCursor: window.prevCursor,
      acceptedPost: accepted ? presented.find((p) => p.id === accepted.id)! : null,
      forum: { id: thread.forumId, name: forum!.name },
      community: { slug: access.community.slug, name: access.community.name, visibility: access.community.visibility },
      links: linked,
      highestNumber,
    };
  }

  /**
   * Page n (from 1) of a thread as a cursor: after the last post of page n − 1. A page past the
   * end starts after the last post (it is empty).
   */
  async function pageCursor(threadId: number, page: number | undefined, limit: number, includeHidden: boolean): Promise<string | undefined> {
    if (!page || page <= 1) return undefined;
    const offset = (page - 1) * limit - 1;
    const before = await posts.idAt(threadId, { includeHidden, offset });
    return encodeCursor([before ?? Number.MAX_SAFE_INTEGER]);
  }

  /**
   * Told, not vanished: the reader's own hidden posts within this page, marked, with the
   * moderator's reason. Only their author gets these (other readers' pages never hold them).
   */
  async function ownHiddenPosts(access: ThreadAccess, actor: Actor, shared: SharedThreadPage): Promise<Post[]> {
    if (shared.posts.length === 0) return [];
    shared.hiddenAuthors ??= await posts.hiddenAuthors(access.thread.id);
    if (!shared.hiddenAuthors.has(actor.id)) return [];
    const afterId = windows.startsAfter(shared.prevCursor);
    const upToId = shared.nextCursor && shared.posts.length ? shared.posts.at(-1)!.id : Number.MAX_SAFE_INTEGER;
    const rows = await posts.hiddenOfAuthor(access.thread.id, actor.id, afterId, upToId);
    const presented = await present(rows, actor, false);
    return Promise.all(presented.map(async (post) => ({ ...post, hiddenReason: await hiddenReason(post.id) })));
  }

  /** The reason of the latest standing hide (or rejection) of a post, from the audit log. */
  async function hiddenReason(postId: number): Promise<string | null> {
    const entries = await ctx.audit.list({ communityIds: null, siteWide: true, targetType: 'post', targetId: postId, limit: 10 });
    const entry = entries.find((e) => (e.entry.action === 'post.hide' || e.entry.action === 'post.reject') && !e.entry.undoneAt);
    return entry?.entry.reason ?? null;
  }

  type PageQuery = WindowQuery & { limit?: number; page?: number };
  type Opened = { access: ThreadAccess; shared: SharedThreadPage; movedFrom?: number };

  /** The thread behind an address (a merged thread's redirect followed) and its cached shared page. */
  async function openThread(actor: Actor | null, threadId: number, query: PageQuery): Promise<Opened> {
    let access: ThreadAccess;
    try {
      access = await threadGate.thread(actor, threadId);
    } catch (error) {
      const target = error instanceof AppError && error.code === 'THREAD_NOT_FOUND' ? await ctx.movedTo?.(threadId) : null;
      if (target) return { ...(await openThread(actor, target, query)), movedFrom: threadId };
      throw error;
    }
    if (access.thread.hidden && ctx.movedTo) {
      const target = await ctx.movedTo(threadId);
      if (target) return { ...(await openThread(actor, target, query)), movedFrom: threadId };
    }
    const { thread, canModerate } = access;
    if (actor) await ctx.bus.publish('thread.viewed', { userId: actor.id, threadId: thread.id });
    const limit = query.limit ?? POSTS_PAGE;
    const cursor = query.cursor ?? (await pageCursor(thread.id, query.page, limit, canModerate));
    const spec = await windows.spec(actor, thread.id, { ...query, cursor }, limit);
    const key = `${spec.key}|${limit}|${canModerate ? 'm' : ''}`;
    let shared = pageCache.get(thread.id, key);
    if (!shared) {
      // Stamped before the reads: a write landing during them keeps this page out of the cache.
      const stamp = pageCache.stamp(thread.id);
      shared = await sharedPage(access, spec, limit);
      pageCache.set(thread.id, key, shared, stamp);
    }
    return { access, shared };
  }

  function permissionsOf(actor: Actor | null, access: ThreadAccess): ThreadPermissions {
    const blocked = replyBlockedReason(actor, access);
    return {
      canReply: blocked === null,
      replyBlockedReason: blocked,
      canModerate: access.canModerate,
      canAccept: canAccept(actor, access, access.thread),
      canReact: canReact(actor, access.membership),
    };
  }

  /** Every anonymous reader gets the very same object, so its JSON can be reused too. */
  function anonymousPage({ access, shared }: Opened): ThreadPage {
    shared.anonymous ??= { ...shared, permissions: permissionsOf(null, access) };
    return shared.anonymous;
  }

  /** The reader's own bits: their reactions, what they may edit, whether they watch, where they stopped. */
  async function readerBits({ access, shared }: Opened, actor: Actor): Promise<ReaderBits> {
    const threadId = access.thread.id;
    const reactedPosts = [...shared.posts, ...(shared.acceptedPost ? [shared.acceptedPost] : [])]
      .filter((p) => p.reactions.length > 0)
      .map((p) => p.id);
    const [mine, watching, lastRead] = await Promise.all([
      posts.reactedBy(reactedPosts, actor.id),
      threads.watchLevel(threadId, actor.id),
      ctx.reads.lastRead(actor.id, threadId),
    ]);
    const reacted = new Map<number, Set<string>>();
    for (const { postId, kind } of mine) {
      if (!reacted.has(postId)) reacted.set(postId, new Set());
      reacted.get(postId)!.add(kind);
    }
    return {
      watching,
      posts: shared.posts.map((p) => personalize(p, reacted, actor, access)),
      acceptedPost: shared.acceptedPost && personalize(shared.acceptedPost, reacted, actor, access),
      permissions: permissionsOf(actor, access),
      lastRead,
    };
  }

  /** A merged thread's address answers with the thread it went into, saying so. */
  const withMove = (opened: Opened, page: ThreadPage): ThreadPage =>
    opened.movedFrom !== undefined ? { ...page, movedFrom: opened.movedFrom } : page;

  /** A signed-in reader's page as an object, with their own hidden posts (marked) where they have some. */
  async function readerPageOf(opened: Opened, actor: Actor, own: Post[]): Promise<ThreadPage> {
    const page = readerPage(opened.shared, await readerBits(opened, actor));
    if (own.length) page.posts = [...page.posts, ...own].sort((a, b) => a.id - b.id);
    return withMove(opened, page);
  }

  const ownOf = async (opened: Opened, actor: Actor): Promise<Post[]> =>
    opened.access.canModerate ? [] : ownHiddenPosts(opened.access, actor, opened.shared);

  async function readThread(actor: Actor | null, threadId: number, query: PageQuery): Promise<ThreadPage> {
    const opened = await openThread(actor, threadId, query);
    return actor ? readerPageOf(opened, actor, await ownOf(opened, actor)) : withMove(opened, anonymousPage(opened));
  }

  /**
   * The thread page as the route sends it: the anonymous page as a shared object (serialized
   * once), a signed-in reader's page spliced into the cached page's JSON (readerPageJson) rather
   * than rebuilt and serialized whole; the rare page with more (a redirect, the reader's own
   * hidden posts) as an object.
   */
  async function readThreadBody(actor: Actor | null, threadId: number, query: PageQuery): Promise<{ page: ThreadPage } | { json: Buffer }> {
    const opened = await openThread(actor, threadId, query);
    if (!actor) return { page: withMove(opened, anonymousPage(opened)) };
    const own = await ownOf(opened, actor);
    if (own.length || opened.movedFrom !== undefined) return { page: await readerPageOf(opened, actor, own) };
    return { json: readerPageJson(opened.shared, await readerBits(opened, actor)) };
  }

  return {
    async forumPage(actor: Actor | null, forumId: number): Promise<ForumPage> {
      const access = await gate.forum(actor, forumId);
      return {
        forum: toForum(access.forum),
        community: { slug: access.community.slug, name: access.community.name, visibility: access.community.visibility },
        permissions: {
          canPost: communityPolicy.canPost(actor, access.membership),
          canModerate: canModerateThreads(actor, access.membership),
        },
      };
    },

    async listThreads(actor: Actor | null, forumId: number, query: { cursor?: string; limit?: number }): Promise<ThreadList> {
      const access = await gate.forum(actor, forumId);
      const limit = query.limit ?? THREADS_PAGE;
      const after = readCursor(query.cursor, ['number', 'number', 'number']) as ThreadKey | null;
      const rows = await threads.page(forumId, {
        includeHidden: canModerateThreads(actor, access.membership),
        after,
        limit: limit + 1,
      });
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      const states = actor ? await ctx.reads.stateOf(actor.id, page.map((row) => row.id)) : null;
      return {
        items: page.map((row) => (states ? { ...toThread(row, 'none'), ...(states.get(row.id) ?? NOT_COUNTED) } : toThread(row, 'none'))),
        nextCursor:
          rows.length > limit && last ? encodeCursor([last.pinned ? 1 : 0, last.lastPostAt.getTime(), last.id]) : null,
      };
    },

    readThread,

    readThreadBody,

    /**
     * The reader has seen the thread up to a post number (their client reports it as posts come
     * into view). Never lowers their place; a number past the end counts as the end.
     */
    async markRead(actor: Actor | null, threadId: number, postNumber: number): Promise<ReadResponse> {
      if (!actor) throw new AppError('UNAUTHENTICATED');
      const { thread } = await threadGate.thread(actor, threadId);
      const number = Math.min(postNumber, await ctx.reads.highest(thread.id));
      const moved = number > 0 && (await ctx.reads.record(actor.id, thread.id, number));
      const lastRead = await ctx.reads.lastRead(actor.id, thread.id);
      const unread = (await threads.watchLevel(thread.id, actor.id)) === 'muted' ? 0 : await ctx.reads.unreadAfter(thread.id, lastRead);
      if (moved) await ctx.bus.publish('thread.read', { userId: actor.id, threadId: thread.id, lastRead, unread });
      return { lastRead, unread };
    },

    async revisions(actor: Actor | null, postId: number) {
      const { post } = await threadGate.post(actor, postId);
      if (post.deletedAt) throw new AppError('POST_DELETED');
      return {
        items: (await posts.revisions(postId)).map((r) => ({
          id: r.id,
          bodyHtml: r.bodyHtml,
          editor: r.editorId !== null ? { id: r.editorId, username: r.editorUsername!, displayName: r.editorDisplayName! } : null,
          createdAt: r.createdAt.toISOString(),
        })),
        nextCursor: null,
      };
    },

    /** A reader's own following of a thread (notifications), for any thread they may read. */
    async watch(actor: Actor | null, threadId: number, level: WatchLevel): Promise<{ watching: WatchLevel }> {
      await threadGate.thread(actor, threadId);
      if (!actor) throw new AppError('UNAUTHENTICATED');
      const before = await threads.watchLevel(threadId, actor.id);
      await threads.setWatch(threadId, actor.id, level);
      // Muting (or unmuting) changes what the reader's lists count.
      if ((before === 'muted') !== (level === 'muted')) await ctx.bus.publish('reads.changed', { userId: actor.id, threadId });
      return { watching: level };
    },
  };
}
