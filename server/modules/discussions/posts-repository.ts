import { and, asc, desc, eq, gt, inArray, isNull, ne, sql, type SQL } from 'drizzle-orm';
import { changed, prepared, transaction } from '../../../db/access.ts';
import type { Db } from '../../../db/client.ts';
import { jsonValues } from '../../../db/dialect.ts';
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
import { param, tableRow } from './compiled.ts';
import { recountThread } from './counters-repository.ts';

const post = tableRow(posts);

export function createPostsRepository(db: Db) {
  // The thread page and the write path run on every request: their statements are compiled once.
  const compile = <T = Record<string, unknown>>(query: SQL) => prepared<T>(db, query);
  const visibleOnly = (includeHidden: boolean) => (includeHidden ? sql`` : sql` AND ${posts.hidden} = 0`);
  // A list of ids bound as one JSON array (one compiled statement for any length); the values come as text on PostgreSQL.
  const inJson = (column: SQL | typeof posts.id | typeof postReactions.postId) =>
    sql`${column} IN (SELECT CAST(ids.value AS BIGINT) FROM ${jsonValues(param('ids'))} AS ids)`;
  const byIdStmt = compile(sql`SELECT ${post.select} FROM ${posts} WHERE ${posts.id} = ${param('id')}`);
  const pageStmt = (includeHidden: boolean) =>
    compile(
      sql`SELECT ${post.select} FROM ${posts} WHERE ${posts.threadId} = ${param('threadId')} AND ${posts.id} > ${param('afterId')}${visibleOnly(includeHidden)}
        ORDER BY ${posts.id} LIMIT ${param('limit')}`,
    );
  const insertPost = compile(sql`
    INSERT INTO ${posts} (thread_id, author_id, reply_to_post_id, body, body_html, body_text, number, created_at)
    VALUES (${param('threadId')}, ${param('authorId')}, ${param('replyToPostId')}, ${param('body')}, ${param('bodyHtml')}, ${param('bodyText')},
      (SELECT coalesce(max(p.number), 0) + 1 FROM posts AS p WHERE p.thread_id = ${param('threadId')}), ${param('at')})
    RETURNING ${post.returning}`);
  const bumpThread = compile(sql`UPDATE ${threads} SET post_count = post_count + 1, last_post_at = ${param('atMs')} WHERE id = ${param('id')}`);
  const activity = createActivityCounters(db);
  const watchAsAuthor = compile(sql`
    INSERT INTO ${threadWatches} (thread_id, user_id, level, created_at) VALUES (${param('threadId')}, ${param('userId')}, 'watching', ${param('at')})
    ON CONFLICT DO NOTHING`);
  const renumber = compile(
    sql`UPDATE posts SET number = (SELECT count(*) FROM posts AS p WHERE p.thread_id = posts.thread_id AND p.id <= posts.id) WHERE thread_id = ${param('threadId')}`,
  );
  const clearMentions = compile(sql`DELETE FROM ${postMentions} WHERE post_id = ${param('postId')}`);
  const offsetStmt = (includeHidden: boolean) =>
    compile<{ id: number }>(
      sql`SELECT ${posts.id} AS id FROM ${posts} WHERE ${posts.threadId} = ${param('threadId')}${visibleOnly(includeHidden)}
        ORDER BY ${posts.id} LIMIT 1 OFFSET ${param('offset')}`,
    );
  // Long threads (issue 16): a window of posts from a post number, and the posts before one.
  const fromNumberStmt = (includeHidden: boolean) =>
    compile(
      sql`SELECT ${post.select} FROM ${posts} WHERE ${posts.threadId} = ${param('threadId')} AND ${posts.number} >= ${param('number')}${visibleOnly(includeHidden)}
        ORDER BY ${posts.number} LIMIT ${param('limit')}`,
    );
  const upToStmt = (includeHidden: boolean) =>
    compile(
      sql`SELECT ${post.select} FROM ${posts} WHERE ${posts.threadId} = ${param('threadId')} AND ${posts.id} <= ${param('upToId')}${visibleOnly(includeHidden)}
        ORDER BY ${posts.id} DESC LIMIT ${param('limit')}`,
    );
  const fromNumberVisible = fromNumberStmt(false);
  const fromNumberAll = fromNumberStmt(true);
  const upToVisible = upToStmt(false);
  const upToAll = upToStmt(true);
  const offsetVisible = offsetStmt(false);
  const offsetAll = offsetStmt(true);
  const pageVisible = pageStmt(false);
  const pageAll = pageStmt(true);
  const manyStmt = compile(sql`SELECT ${post.select} FROM ${posts} WHERE ${inJson(posts.id)}`);
  const countsStmt = compile<{ postId: number; kind: string; count: number }>(sql`
    SELECT ${postReactions.postId} AS "postId", ${postReactions.kind} AS kind, count(*) AS count
    FROM ${postReactions} WHERE ${inJson(postReactions.postId)}
    GROUP BY ${postReactions.postId}, ${postReactions.kind}`);
  // Unary plus on the viewer: SQLite otherwise walked every reaction the viewer ever gave (the
  // user index) instead of the page's posts (the key): 0.43 ms a page for the demo's admin.
  const mineStmt = compile<{ postId: number; kind: string }>(sql`
    SELECT ${postReactions.postId} AS "postId", ${postReactions.kind} AS kind
    FROM ${postReactions} WHERE ${inJson(postReactions.postId)} AND +${postReactions.userId} = ${param('userId')}`);

  // The post rules read these on every post of an account that is not staff: compiled once.
  const visibleByStmt = compile(sql`
    SELECT 1 AS one FROM ${posts} WHERE ${posts.authorId} = ${param('userId')} AND ${posts.hidden} = 0 AND ${posts.deletedAt} IS NULL
    LIMIT ${param('limit')}`);
  const lastInThreadStmt = compile<{ createdAt: number }>(sql`
    SELECT ${posts.createdAt} AS "createdAt" FROM ${posts} WHERE ${posts.threadId} = ${param('threadId')} AND ${posts.authorId} = ${param('userId')}
    ORDER BY ${posts.id} DESC LIMIT 1`);
  // Timestamps bind as the stored Unix milliseconds.
  const recentBodiesStmt = compile<{ body: string }>(sql`
    SELECT ${posts.body} AS body FROM ${posts} WHERE ${posts.authorId} = ${param('userId')} AND ${posts.createdAt} > ${param('since')}
    ORDER BY ${posts.id} DESC LIMIT ${param('limit')}`);

  // An author's own hidden posts within a page's range (the author sees them, marked).
  const hiddenOfAuthorStmt = compile(sql`
    SELECT ${post.select} FROM ${posts}
    WHERE ${posts.threadId} = ${param('threadId')} AND ${posts.authorId} = ${param('authorId')} AND ${posts.hidden} = 1 AND ${posts.deletedAt} IS NULL
      AND ${posts.id} > ${param('afterId')} AND ${posts.id} <= ${param('upToId')}
    ORDER BY ${posts.id}`);

  return {
    findById: async (id: number): Promise<PostRow | undefined> => {
      const raw = await byIdStmt.get({ id });
      return raw && post.map(raw);
    },

    /**
     * The member's own posts for their data export (issue 19), by id after `afterId`: raw and
     * cooked, with their thread's title (the member's own conversation, whatever its community
     * is now to them). Deleted posts are left out: the member removed them.
     */
    async forExport(userId: number, afterId: number, limit: number) {
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
        .limit(limit);
    },

    /** How many posts `forExport` goes through (the export's progress). */
    async countForExport(userId: number): Promise<number> {
      const [found] = await db.select({ n: sql<number>`count(*)` }).from(posts).where(and(eq(posts.authorId, userId), isNull(posts.deletedAt)));
      return Number(found?.n ?? 0);
    },

    /** The reactions the member gave, for their data export: kind, post and date (the post's words are someone else's). */
    async reactionsForExport(userId: number, after: { postId: number; kind: string } | null, limit: number) {
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
        .limit(limit);
    },

    /** Who has hidden (not deleted) posts in a thread: the only readers whose page holds more than the shared one. */
    async hiddenAuthors(threadId: number): Promise<Set<number>> {
      const rows = await db
        .selectDistinct({ authorId: posts.authorId })
        .from(posts)
        .where(and(eq(posts.threadId, threadId), eq(posts.hidden, true), isNull(posts.deletedAt)));
      return new Set(rows.map((r) => r.authorId));
    },

    hiddenOfAuthor: async (threadId: number, authorId: number, afterId: number, upToId: number): Promise<PostRow[]> =>
      post.mapAll(await hiddenOfAuthorStmt.all({ threadId, authorId, afterId, upToId })),

    async findMany(ids: number[]): Promise<PostRow[]> {
      return ids.length ? post.mapAll(await manyStmt.all({ ids: JSON.stringify([...new Set(ids)]) })) : [];
    },

    /** The id of the post at this position (0 = first) in reading order, if there is one. */
    async idAt(threadId: number, options: { includeHidden: boolean; offset: number }): Promise<number | undefined> {
      const stmt = options.includeHidden ? offsetAll : offsetVisible;
      const found = await stmt.get({ threadId, offset: options.offset });
      return found === undefined ? undefined : Number(found.id);
    },

    /** One page of a thread in order of writing (keyset on id: no gaps, no repeats as posts arrive). */
    async page(threadId: number, options: { includeHidden: boolean; afterId: number; limit: number }): Promise<PostRow[]> {
      const stmt = options.includeHidden ? pageAll : pageVisible;
      return post.mapAll(await stmt.all({ threadId, afterId: options.afterId, limit: options.limit }));
    },

    /** Up to `limit` posts from this post number on, in reading order. */
    async fromNumber(threadId: number, options: { includeHidden: boolean; number: number; limit: number }): Promise<PostRow[]> {
      const stmt = options.includeHidden ? fromNumberAll : fromNumberVisible;
      return post.mapAll(await stmt.all({ threadId, number: options.number, limit: options.limit }));
    },

    /** Up to `limit` posts up to this id (included), newest first: reading upwards. */
    async upTo(threadId: number, options: { includeHidden: boolean; upToId: number; limit: number }): Promise<PostRow[]> {
      const stmt = options.includeHidden ? upToAll : upToVisible;
      return post.mapAll(await stmt.all({ threadId, upToId: options.upToId, limit: options.limit }));
    },

    /**
     * Adds a reply and moves the thread, forum and community counters: one transaction.
     * `afterInsert` runs inside it (mentions, links, holding: the post's rows commit together).
     */
    create(input: {
      thread: { id: number; forumId: number; communityId: number };
      authorId: number;
      replyToPostId: number | null;
      body: string;
      bodyHtml: string;
      at: Date;
      afterInsert: (postId: number) => Promise<void> | void;
    }): Promise<PostRow> {
      return transaction(db, async () => {
        const { at, thread } = input;
        // Timestamps bound by hand go in as Unix milliseconds.
        const atMs = at.getTime();
        // Nothing here waits for another reply: done before the thread's row is locked.
        await watchAsAuthor.run({ threadId: thread.id, userId: input.authorId, at: atMs });
        // The thread's row then: on PostgreSQL its lock orders concurrent replies to one thread,
        // so each reads the number the previous one took (the post's number is max + 1). What
        // follows holds that lock (and the forum's and community's rows, last) until the commit:
        // as few statements as the post needs.
        await bumpThread.run({ id: thread.id, atMs });
        const created = post.map(
          (await insertPost.get({
            threadId: thread.id,
            authorId: input.authorId,
            replyToPostId: input.replyToPostId,
            body: input.body,
            bodyHtml: input.bodyHtml,
            bodyText: htmlToText(input.bodyHtml),
            at: atMs,
          }))!,
        );
        await input.afterInsert(created.id);
        await activity.postAdded(thread.forumId, thread.communityId, at);
        return created;
      });
    },

    /** Stores the new text and keeps the one it replaces as a revision: one transaction. */
    edit(
      old: PostRow,
      input: { editorId: number; body: string; bodyHtml: string; at: Date; afterUpdate: () => Promise<void> | void },
    ): Promise<PostRow> {
      return transaction(db, async () => {
        await db
          .insert(postRevisions)
          .values({ postId: old.id, editorId: input.editorId, body: old.body, bodyHtml: old.bodyHtml, createdAt: old.editedAt ?? old.createdAt });
        const [updated] = await db
          .update(posts)
          .set({ body: input.body, bodyHtml: input.bodyHtml, bodyText: htmlToText(input.bodyHtml), editedAt: input.at, revisionCount: sql`${posts.revisionCount} + 1` })
          .where(eq(posts.id, old.id))
          .returning();
        await input.afterUpdate();
        return updated!;
      });
    },

    /** The same text cooked again (a cited record withdrawn or restored): no edit, no revision. */
    async recook(postId: number, bodyHtml: string): Promise<void> {
      await db.update(posts).set({ bodyHtml, bodyText: htmlToText(bodyHtml) }).where(eq(posts.id, postId));
    },

    /** Hides, restores or deletes a post and recounts what shows it: one transaction. */
    setFlags(old: PostRow, forumId: number, values: { hidden?: boolean; deletedAt?: Date }): Promise<PostRow> {
      return transaction(db, async () => {
        const [updated] = await db.update(posts).set(values).where(eq(posts.id, old.id)).returning();
        await recountThread(db, old.threadId);
        await activity.recountForum(forumId);
        return updated!;
      });
    },

    async revisions(postId: number) {
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
        .orderBy(desc(postRevisions.id));
    },

    /** Reaction counts for several posts, and which of them the viewer gave: two queries. */
    async reactionsFor(postIds: number[], viewerId: number | undefined): Promise<ReactionData> {
      if (postIds.length === 0) return { counts: [], mine: [] };
      const ids = JSON.stringify(postIds);
      const [counts, mine] = await Promise.all([countsStmt.all({ ids }), viewerId === undefined ? [] : reactedBy(postIds, viewerId)]);
      return { counts: counts.map((c) => ({ postId: Number(c.postId), kind: c.kind, count: Number(c.count) })), mine };
    },

    /** Which of these posts the viewer reacted to, and how. */
    reactedBy,

    /**
     * Adds the reaction, or takes it back if it was there. Returns whether it is there now.
     * One guarded statement each way: a double click's second request finds the first's row.
     */
    toggleReaction(postId: number, userId: number, kind: string): Promise<boolean> {
      return transaction(db, async () => {
        const removed = changed(
          await db.delete(postReactions).where(and(eq(postReactions.postId, postId), eq(postReactions.userId, userId), eq(postReactions.kind, kind))),
        );
        if (removed > 0) return false;
        await db.insert(postReactions).values({ postId, userId, kind }).onConflictDoNothing();
        return true;
      });
    },

    async reactors(postId: number) {
      return db
        .select({ kind: postReactions.kind, id: users.id, username: users.username, displayName: users.displayName })
        .from(postReactions)
        .innerJoin(users, eq(users.id, postReactions.userId))
        .where(eq(postReactions.postId, postId))
        .orderBy(asc(postReactions.createdAt));
    },

    /** `fresh`: a post just inserted, with no mentions to clear yet. */
    async recordMentions(postId: number, userIds: number[], fresh = false): Promise<void> {
      if (!fresh) await clearMentions.run({ postId });
      if (userIds.length) await db.insert(postMentions).values(userIds.map((userId) => ({ postId, userId }))).onConflictDoNothing();
    },

    /** Other posts of the thread still visible, to check a reply target. */
    async isVisibleInThread(postId: number, threadId: number): Promise<boolean> {
      const found = await db
        .select({ id: posts.id })
        .from(posts)
        .where(and(eq(posts.id, postId), eq(posts.threadId, threadId), eq(posts.hidden, false)))
        .limit(1);
      return found.length > 0;
    },

    async countOthers(threadId: number, postId: number): Promise<number> {
      const [found] = await db.select({ n: sql<number>`count(*)` }).from(posts).where(and(eq(posts.threadId, threadId), ne(posts.id, postId)));
      return Number(found!.n);
    },

    // ── What moderation asks of posts (move, hide, delete many; the post rules' reads): it never writes them itself. ──

    async idsInThread(threadId: number): Promise<number[]> {
      return (await db.select({ id: posts.id }).from(posts).where(eq(posts.threadId, threadId))).map((p) => p.id);
    },

    /** Those of these posts that are in the thread. */
    async inThread(ids: number[], threadId: number): Promise<PostRow[]> {
      return ids.length ? db.select().from(posts).where(and(inArray(posts.id, ids), eq(posts.threadId, threadId))) : [];
    },

    /**
     * Moves posts into another thread (their ids stay) and renumbers the threads they left and
     * the one they joined, in reading order; counters are `threads.recount`. One transaction
     * (or the caller's): no reader sees a thread half renumbered.
     */
    async moveTo(postIds: number[], threadId: number): Promise<void> {
      if (!postIds.length) return;
      await transaction(db, async () => {
        const from = (await db.selectDistinct({ threadId: posts.threadId }).from(posts).where(inArray(posts.id, postIds))).map((r) => r.threadId);
        await db.update(posts).set({ threadId }).where(inArray(posts.id, postIds));
        for (const id of new Set([...from, threadId])) await renumber.run({ threadId: id });
      });
    },

    /** Hides or shows several posts at once; counters are `threads.recount`. */
    async setHiddenMany(ids: number[], hidden: boolean): Promise<void> {
      if (ids.length) await db.update(posts).set({ hidden }).where(inArray(posts.id, ids));
    },

    /** Deletes (a time) or restores (null) several posts at once; counters are `threads.recount`. */
    async setDeletedMany(ids: number[], at: Date | null): Promise<void> {
      if (ids.length) await db.update(posts).set({ deletedAt: at }).where(inArray(posts.id, ids));
    },

    /** Someone's posts that are not deleted. */
    async liveBy(authorId: number): Promise<PostRow[]> {
      return db.select().from(posts).where(and(eq(posts.authorId, authorId), isNull(posts.deletedAt)));
    },

    /** How many visible posts someone has, counting up to `limit` (enough to tell a new account). */
    visibleCountBy: async (userId: number, limit: number): Promise<number> => (await visibleByStmt.all({ userId, limit })).length,

    /** When someone last posted in a thread (slow mode). */
    lastAtBy: async (threadId: number, userId: number): Promise<Date | null> => {
      const found = await lastInThreadStmt.get({ threadId, userId });
      return found ? new Date(Number(found.createdAt)) : null;
    },

    /** Someone's latest post texts since a moment (duplicate check). */
    recentBodiesBy: async (userId: number, since: number, limit: number): Promise<string[]> =>
      (await recentBodiesStmt.all({ userId, since, limit })).map((p) => p.body),

    mentionedIn: async (postId: number): Promise<number[]> =>
      (await db.select({ userId: postMentions.userId }).from(postMentions).where(eq(postMentions.postId, postId))).map((r) => r.userId),
  };

  async function reactedBy(postIds: number[], viewerId: number): Promise<{ postId: number; kind: string }[]> {
    if (!postIds.length) return [];
    const rows = await mineStmt.all({ ids: JSON.stringify(postIds), userId: viewerId });
    return rows.map((r) => ({ postId: Number(r.postId), kind: r.kind }));
  }
}

/** Reaction counts of several posts and the viewer's own reactions among them. */
export interface ReactionData {
  counts: { postId: number; kind: string; count: number }[];
  mine: { postId: number; kind: string }[];
}

export type PostsRepository = ReturnType<typeof createPostsRepository>;
