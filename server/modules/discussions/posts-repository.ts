import { and, asc, desc, eq, gt, inArray, isNull, ne, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import {
  postMentions,
  postReactions,
  postRevisions,
  posts,
  threads,
  threadWatches,
  users,
  type PostRow,
} from '../../../db/schema/index.ts';
import { htmlToText } from '../../lib/markdown.ts';
import { createActivityCounters } from '../communities/activity-repository.ts';
import { recountThread } from './counters-repository.ts';

export function createPostsRepository(db: Db) {
  const byIdStmt = db.select().from(posts).where(eq(posts.id, sql.placeholder('id'))).prepare();
  const inJson = (column: typeof posts.id | typeof postReactions.postId) =>
    sql`${column} IN (SELECT value FROM json_each(${sql.placeholder('ids')}))`;
  const pageStmt = (includeHidden: boolean) =>
    db
      .select()
      .from(posts)
      .where(
        and(
          eq(posts.threadId, sql.placeholder('threadId')),
          gt(posts.id, sql.placeholder('afterId')),
          includeHidden ? undefined : eq(posts.hidden, false),
        ),
      )
      .orderBy(asc(posts.id))
      .limit(sql.placeholder('limit'))
      .prepare();
  // The write path runs on every new post: its statements are compiled once.
  const insertPost = db
    .insert(posts)
    .values({
      threadId: sql.placeholder('threadId'),
      authorId: sql.placeholder('authorId'),
      replyToPostId: sql.placeholder('replyToPostId'),
      body: sql.placeholder('body'),
      bodyHtml: sql.placeholder('bodyHtml'),
      bodyText: sql.placeholder('bodyText'),
      number: sql`(SELECT coalesce(max(p.number), 0) + 1 FROM posts AS p WHERE p.thread_id = ${sql.placeholder('threadId')})`,
      createdAt: sql.placeholder('at'),
    })
    .returning()
    .prepare();
  const bumpThread = db
    .update(threads)
    .set({ postCount: sql`${threads.postCount} + 1`, lastPostAt: sql`${sql.placeholder('atMs')}` })
    .where(eq(threads.id, sql.placeholder('id')))
    .prepare();
  const activity = createActivityCounters(db);
  const watchAsAuthor = db
    .insert(threadWatches)
    .values({ threadId: sql.placeholder('threadId'), userId: sql.placeholder('userId'), level: 'watching' })
    .onConflictDoNothing()
    .prepare();
  const renumber = (threadId: number) =>
    db.run(
      sql`UPDATE posts SET number = (SELECT count(*) FROM posts AS p WHERE p.thread_id = posts.thread_id AND p.id <= posts.id) WHERE thread_id = ${threadId}`,
    );
  const clearMentions = db.delete(postMentions).where(eq(postMentions.postId, sql.placeholder('postId'))).prepare();
  const offsetStmt = (includeHidden: boolean) =>
    db
      .select({ id: posts.id })
      .from(posts)
      .where(and(eq(posts.threadId, sql.placeholder('threadId')), includeHidden ? undefined : eq(posts.hidden, false)))
      .orderBy(asc(posts.id))
      .limit(1)
      .offset(sql.placeholder('offset'))
      .prepare();
  // Long threads (issue 16): a window of posts from a post number, and the posts before one.
  const fromNumberStmt = (includeHidden: boolean) =>
    db
      .select()
      .from(posts)
      .where(
        and(
          eq(posts.threadId, sql.placeholder('threadId')),
          sql`${posts.number} >= ${sql.placeholder('number')}`,
          includeHidden ? undefined : eq(posts.hidden, false),
        ),
      )
      .orderBy(asc(posts.number))
      .limit(sql.placeholder('limit'))
      .prepare();
  const upToStmt = (includeHidden: boolean) =>
    db
      .select()
      .from(posts)
      .where(
        and(
          eq(posts.threadId, sql.placeholder('threadId')),
          sql`${posts.id} <= ${sql.placeholder('upToId')}`,
          includeHidden ? undefined : eq(posts.hidden, false),
        ),
      )
      .orderBy(desc(posts.id))
      .limit(sql.placeholder('limit'))
      .prepare();
  const fromNumberVisible = fromNumberStmt(false);
  const fromNumberAll = fromNumberStmt(true);
  const upToVisible = upToStmt(false);
  const upToAll = upToStmt(true);
  const offsetVisible = offsetStmt(false);
  const offsetAll = offsetStmt(true);
  const pageVisible = pageStmt(false);
  const pageAll = pageStmt(true);
  const manyStmt = db.select().from(posts).where(inJson(posts.id)).prepare();
  const countsStmt = db
    .select({ postId: postReactions.postId, kind: postReactions.kind, count: sql<number>`count(*)` })
    .from(postReactions)
    .where(inJson(postReactions.postId))
    .groupBy(postReactions.postId, postReactions.kind)
    .prepare();
  const mineStmt = db
    .select({ postId: postReactions.postId, kind: postReactions.kind })
    .from(postReactions)
    .where(and(inJson(postReactions.postId), eq(postReactions.userId, sql.placeholder('userId'))))
    .prepare();

  // The post rules read these on every post of an account that is not staff: compiled once.
  const visibleByStmt = db
    .select({ one: sql<number>`1` })
    .from(posts)
    .where(and(eq(posts.authorId, sql.placeholder('userId')), eq(posts.hidden, false), isNull(posts.deletedAt)))
    .limit(sql.placeholder('limit'))
    .prepare();
  const lastInThreadStmt = db
    .select({ createdAt: posts.createdAt })
    .from(posts)
    .where(and(eq(posts.threadId, sql.placeholder('threadId')), eq(posts.authorId, sql.placeholder('userId'))))
    .orderBy(desc(posts.id))
    .limit(1)
    .prepare();
  // Timestamps bind as the stored Unix milliseconds.
  const recentBodiesStmt = db
    .select({ body: posts.body })
    .from(posts)
    .where(and(eq(posts.authorId, sql.placeholder('userId')), gt(posts.createdAt, sql.placeholder('since'))))
    .orderBy(desc(posts.id))
    .limit(sql.placeholder('limit'))
    .prepare();

  // An author's own hidden posts within a page's range (the author sees them, marked).
  const hiddenOfAuthorStmt = db
    .select()
    .from(posts)
    .where(
      and(
        eq(posts.threadId, sql.placeholder('threadId')),
        eq(posts.authorId, sql.placeholder('authorId')),
        eq(posts.hidden, true),
        isNull(posts.deletedAt),
        gt(posts.id, sql.placeholder('afterId')),
        sql`${posts.id} <= ${sql.placeholder('upToId')}`,
      ),
    )
    .orderBy(asc(posts.id))
    .prepare();

  return {
    findById: (id: number): PostRow | undefined => byIdStmt.get({ id }),

    /**
     * The member's own posts for their data export (issue 19), by id after `afterId`: raw and
     * cooked, with their thread's title (the member's own conversation, whatever its community
     * is now to them). Deleted posts are left out: the member removed them.
     */
    forExport(userId: number, afterId: number, limit: number) {
      return db
        .select({
          id: posts.id,
          threadId: posts.threadId,
          threadTitle: threads.title,
          number: posts.number,
          body: posts.body,
          bodyHtml: posts.bodyHtml,
          hidden: posts.hidden,
          createdAt: posts.createdAt,
          editedAt: posts.editedAt,
        })
        .from(posts)
        .innerJoin(threads, eq(threads.id, posts.threadId))
        .where(and(eq(posts.authorId, userId), gt(posts.id, afterId), isNull(posts.deletedAt)))
        .orderBy(asc(posts.id))
        .limit(limit)
        .all();
    },

    /** How many posts `forExport` goes through (the export's progress). */
    countForExport(userId: number): number {
      return db.select({ n: sql<number>`count(*)` }).from(posts).where(and(eq(posts.authorId, userId), isNull(posts.deletedAt))).get()?.n ?? 0;
    },

    /** The reactions the member gave, for their data export: kind, post and date (the post's words are someone else's). */
    reactionsForExport(userId: number, after: { postId: number; kind: string } | null, limit: number) {
      return db
        .select({ postId: postReactions.postId, threadId: posts.threadId, kind: postReactions.kind, createdAt: postReactions.createdAt })
        .from(postReactions)
        .innerJoin(posts, eq(posts.id, postReactions.postId))
        .where(
          and(
            eq(postReactions.userId, userId),
            after ? sql`(${postReactions.postId}, ${postReactions.kind}) > (${after.postId}, ${after.kind})` : undefined,
          ),
        )
        .orderBy(asc(postReactions.postId), asc(postReactions.kind))
        .limit(limit)
        .all();
    },

    /** Who has hidden (not deleted) posts in a thread: the only readers whose page holds more than the shared one. */
    hiddenAuthors(threadId: number): Set<number> {
      const rows = db
        .selectDistinct({ authorId: posts.authorId })
        .from(posts)
        .where(and(eq(posts.threadId, threadId), eq(posts.hidden, true), isNull(posts.deletedAt)))
        .all();
      return new Set(rows.map((r) => r.authorId));
    },

    hiddenOfAuthor: (threadId: number, authorId: number, afterId: number, upToId: number): PostRow[] =>
      hiddenOfAuthorStmt.all({ threadId, authorId, afterId, upToId }),

    findMany(ids: number[]): PostRow[] {
      return ids.length ? manyStmt.all({ ids: JSON.stringify([...new Set(ids)]) }) : [];
    },

    /** One page of a thread in order of writing (keyset on id: no gaps, no repeats as posts arrive). */
    /** The id of the post at this position (0 = first) in reading order, if there is one. */
    idAt(threadId: number, options: { includeHidden: boolean; offset: number }): number | undefined {
      const stmt = options.includeHidden ? offsetAll : offsetVisible;
      return stmt.get({ threadId, offset: options.offset })?.id;
    },

    page(threadId: number, options: { includeHidden: boolean; afterId: number; limit: number }): PostRow[] {
      const stmt = options.includeHidden ? pageAll : pageVisible;
      return stmt.all({ threadId, afterId: options.afterId, limit: options.limit });
    },

    /** Up to `limit` posts from this post number on, in reading order. */
    fromNumber(threadId: number, options: { includeHidden: boolean; number: number; limit: number }): PostRow[] {
      const stmt = options.includeHidden ? fromNumberAll : fromNumberVisible;
      return stmt.all({ threadId, number: options.number, limit: options.limit });
    },

    /** Up to `limit` posts up to this id (included), newest first: reading upwards. */
    upTo(threadId: number, options: { includeHidden: boolean; upToId: number; limit: number }): PostRow[] {
      const stmt = options.includeHidden ? upToAll : upToVisible;
      return stmt.all({ threadId, upToId: options.upToId, limit: options.limit });
    },

    /** Adds a reply and moves the thread, forum and community counters: one transaction. */
    create(input: {
      thread: { id: number; forumId: number; communityId: number };
      authorId: number;
      replyToPostId: number | null;
      body: string;
      bodyHtml: string;
      at: Date;
      afterInsert: (postId: number) => void;
    }): PostRow {
      return db.transaction(() => {
        const { at, thread } = input;
        const post = insertPost.get({
          threadId: thread.id,
          authorId: input.authorId,
          replyToPostId: input.replyToPostId,
          body: input.body,
          bodyHtml: input.bodyHtml,
          bodyText: htmlToText(input.bodyHtml),
          at,
        })!;
        // Timestamps in SET clauses bypass the column mapper: they go in as Unix milliseconds.
        const atMs = at.getTime();
        bumpThread.run({ id: thread.id, atMs });
        activity.postAdded(thread.forumId, thread.communityId, at);
        watchAsAuthor.run({ threadId: thread.id, userId: input.authorId });
        input.afterInsert(post.id);
        return post;
      });
    },

    /** Stores the new text and keeps the one it replaces as a revision: one transaction. */
    edit(post: PostRow, input: { editorId: number; body: string; bodyHtml: string; at: Date; afterUpdate: () => void }): PostRow {
      return db.transaction((tx) => {
        tx.insert(postRevisions)
          .values({ postId: post.id, editorId: input.editorId, body: post.body, bodyHtml: post.bodyHtml, createdAt: post.editedAt ?? post.createdAt })
          .run();
        const updated = tx
          .update(posts)
          .set({ body: input.body, bodyHtml: input.bodyHtml, bodyText: htmlToText(input.bodyHtml), editedAt: input.at, revisionCount: sql`${posts.revisionCount} + 1` })
          .where(eq(posts.id, post.id))
          .returning()
          .get();
        input.afterUpdate();
        return updated;
      });
    },

    /** The same text cooked again (a cited record withdrawn or restored): no edit, no revision. */
    recook(postId: number, bodyHtml: string): void {
      db.update(posts).set({ bodyHtml, bodyText: htmlToText(bodyHtml) }).where(eq(posts.id, postId)).run();
    },

    /** Hides, restores or deletes a post and recounts what shows it: one transaction. */
    setFlags(post: PostRow, forumId: number, values: { hidden?: boolean; deletedAt?: Date }): PostRow {
      return db.transaction(() => {
        const updated = db.update(posts).set(values).where(eq(posts.id, post.id)).returning().get();
        recountThread(db, post.threadId);
        activity.recountForum(forumId);
        return updated;
      });
    },

    revisions(postId: number) {
      return db
        .select({
          id: postRevisions.id,
          bodyHtml: postRevisions.bodyHtml,
          createdAt: postRevisions.createdAt,
          editorId: postRevisions.editorId,
          editorUsername: users.username,
          editorDisplayName: users.displayName,
        })
        .from(postRevisions)
        .leftJoin(users, eq(users.id, postRevisions.editorId))
        .where(eq(postRevisions.postId, postId))
        .orderBy(desc(postRevisions.id))
        .all();
    },

    /** Reaction counts for several posts, and which of them the viewer gave: two queries. */
    reactionsFor(postIds: number[], viewerId: number | undefined) {
      if (postIds.length === 0) return { counts: [], mine: [] };
      const ids = JSON.stringify(postIds);
      const counts = countsStmt.all({ ids });
      return { counts, mine: viewerId === undefined ? [] : this.reactedBy(postIds, viewerId) };
    },

    /** Which of these posts the viewer reacted to, and how. */
    reactedBy(postIds: number[], viewerId: number): { postId: number; kind: string }[] {
      return postIds.length ? mineStmt.all({ ids: JSON.stringify(postIds), userId: viewerId }) : [];
    },

    /** Adds the reaction, or takes it back if it was there. Returns whether it is there now. */
    toggleReaction(postId: number, userId: number, kind: string): boolean {
      return db.transaction((tx) => {
        const removed = tx
          .delete(postReactions)
          .where(and(eq(postReactions.postId, postId), eq(postReactions.userId, userId), eq(postReactions.kind, kind)))
          .run().changes;
        if (removed > 0) return false;
        tx.insert(postReactions).values({ postId, userId, kind }).run();
        return true;
      });
    },

    reactors(postId: number) {
      return db
        .select({ kind: postReactions.kind, id: users.id, username: users.username, displayName: users.displayName })
        .from(postReactions)
        .innerJoin(users, eq(users.id, postReactions.userId))
        .where(eq(postReactions.postId, postId))
        .orderBy(asc(postReactions.createdAt))
        .all();
    },

    recordMentions(postId: number, userIds: number[]): void {
      clearMentions.run({ postId });
      if (userIds.length) db.insert(postMentions).values(userIds.map((userId) => ({ postId, userId }))).onConflictDoNothing().run();
    },

    /** Other posts of the thread still visible, to check a reply target. */
    isVisibleInThread(postId: number, threadId: number): boolean {
      return !!db
        .select({ id: posts.id })
        .from(posts)
        .where(and(eq(posts.id, postId), eq(posts.threadId, threadId), eq(posts.hidden, false)))
        .get();
    },

    countOthers(threadId: number, postId: number): number {
      return db.select({ n: sql<number>`count(*)` }).from(posts).where(and(eq(posts.threadId, threadId), ne(posts.id, postId))).get()!.n;
    },

    // ── What moderation asks of posts (move, hide, delete many; the post rules' reads): it never writes them itself. ──

    idsInThread(threadId: number): number[] {
      return db.select({ id: posts.id }).from(posts).where(eq(posts.threadId, threadId)).all().map((p) => p.id);
    },

    /** Those of these posts that are in the thread. */
    inThread(ids: number[], threadId: number): PostRow[] {
      return ids.length ? db.select().from(posts).where(and(inArray(posts.id, ids), eq(posts.threadId, threadId))).all() : [];
    },

    /**
     * Moves posts into another thread (their ids stay) and renumbers the threads they left and
     * the one they joined, in reading order; counters are `threads.recount`.
     */
    moveTo(postIds: number[], threadId: number): void {
      if (!postIds.length) return;
      const from = db.selectDistinct({ threadId: posts.threadId }).from(posts).where(inArray(posts.id, postIds)).all().map((r) => r.threadId);
      db.update(posts).set({ threadId }).where(inArray(posts.id, postIds)).run();
      for (const id of new Set([...from, threadId])) renumber(id);
    },

    /** Hides or shows several posts at once; counters are `threads.recount`. */
    setHiddenMany(ids: number[], hidden: boolean): void {
      if (ids.length) db.update(posts).set({ hidden }).where(inArray(posts.id, ids)).run();
    },

    /** Deletes (a time) or restores (null) several posts at once; counters are `threads.recount`. */
    setDeletedMany(ids: number[], at: Date | null): void {
      if (ids.length) db.update(posts).set({ deletedAt: at }).where(inArray(posts.id, ids)).run();
    },

    /** Someone's posts that are not deleted. */
    liveBy(authorId: number): PostRow[] {
      return db.select().from(posts).where(and(eq(posts.authorId, authorId), isNull(posts.deletedAt))).all();
    },

    /** How many visible posts someone has, counting up to `limit` (enough to tell a new account). */
    visibleCountBy: (userId: number, limit: number): number => visibleByStmt.all({ userId, limit }).length,

    /** When someone last posted in a thread (slow mode). */
    lastAtBy: (threadId: number, userId: number): Date | null => lastInThreadStmt.get({ threadId, userId })?.createdAt ?? null,

    /** Someone's latest post texts since a moment (duplicate check). */
    recentBodiesBy: (userId: number, since: number, limit: number): string[] => recentBodiesStmt.all({ userId, since, limit }).map((p) => p.body),

    mentionedIn: (postId: number): number[] =>
      db.select({ userId: postMentions.userId }).from(postMentions).where(eq(postMentions.postId, postId)).all().map((r) => r.userId),
  };
}

export type PostsRepository = ReturnType<typeof createPostsRepository>;
