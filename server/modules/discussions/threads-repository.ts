import { and, asc, desc, eq, gt, inArray, lt, max, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { communities, posts, threads, threadWatches, users, type ThreadRow } from '../../../db/schema/index.ts';
import { htmlToText } from '../../lib/markdown.ts';
import { createActivityCounters } from '../communities/activity-repository.ts';
import { recountThread } from './counters-repository.ts';
import { readableThreadByAnyone } from './readable.ts';

export type ThreadWithAuthor = ThreadRow & { author: { id: number; username: string; displayName: string } };

/** Keyset position on the forum page: pinned first, then latest activity, then id. */
export type ThreadKey = [pinned: number, lastPostAt: number, id: number];

export function createThreadsRepository(db: Db) {
  const byIdStmt = db.select().from(threads).where(eq(threads.id, sql.placeholder('id'))).prepare();
  const activity = createActivityCounters(db);
  const watchStmt = db
    .select({ level: threadWatches.level })
    .from(threadWatches)
    .where(and(eq(threadWatches.threadId, sql.placeholder('threadId')), eq(threadWatches.userId, sql.placeholder('userId'))))
    .prepare();

  // A forum's page (the hottest list there is), compiled once per shape: with or without the
  // hidden threads (moderators), first page or after a keyset position.
  const pageStmt = (includeHidden: boolean, after: boolean) => {
    const conditions: (SQL | undefined)[] = [eq(threads.forumId, sql.placeholder('forumId'))];
    if (!includeHidden) conditions.push(eq(threads.hidden, false));
    if (after) {
      const pinned = sql.placeholder('pinned');
      const lastPostAt = sql.placeholder('lastPostAt');
      conditions.push(
        or(
          lt(threads.pinned, pinned),
          and(eq(threads.pinned, pinned), lt(threads.lastPostAt, lastPostAt)),
          and(eq(threads.pinned, pinned), eq(threads.lastPostAt, lastPostAt), lt(threads.id, sql.placeholder('id'))),
        ),
      );
    }
    return db
      .select({ thread: threads, authorUsername: users.username, authorDisplayName: users.displayName })
      .from(threads)
      .innerJoin(users, eq(users.id, threads.authorId))
      .where(and(...conditions))
      .orderBy(desc(threads.pinned), desc(threads.lastPostAt), desc(threads.id))
      .limit(sql.placeholder('limit'))
      .prepare();
  };
  const pageStmts = [pageStmt(false, false), pageStmt(true, false), pageStmt(false, true), pageStmt(true, true)];

  return {
    findById: (id: number): ThreadRow | undefined => byIdStmt.get({ id }),

    /** The threads the member started, for their data export (issue 19): their own titles, by id. */
    forExport(userId: number, afterId: number, limit: number) {
      return db
        .select({ id: threads.id, title: threads.title, kind: threads.kind, language: threads.language, communityId: threads.communityId, forumId: threads.forumId, createdAt: threads.createdAt })
        .from(threads)
        .where(and(eq(threads.authorId, userId), gt(threads.id, afterId)))
        .orderBy(asc(threads.id))
        .limit(limit)
        .all();
    },

    /** One page of a forum's threads, with their authors, in one query. */
    page(forumId: number, options: { includeHidden: boolean; after: ThreadKey | null; limit: number }): ThreadWithAuthor[] {
      const statement = pageStmts[(options.includeHidden ? 1 : 0) + (options.after ? 2 : 0)]!;
      const [pinned, lastPostAt, id] = options.after ?? [0, 0, 0];
      return statement
        .all({ forumId, limit: options.limit, pinned: pinned ? 1 : 0, lastPostAt, id })
        .map((r) => ({ ...r.thread, author: { id: r.thread.authorId, username: r.authorUsername, displayName: r.authorDisplayName } }));
    },

    withAuthor(thread: ThreadRow): ThreadWithAuthor {
      const author = db
        .select({ id: users.id, username: users.username, displayName: users.displayName })
        .from(users)
        .where(eq(users.id, thread.authorId))
        .get()!;
      return { ...thread, author };
    },

    update(id: number, values: Partial<typeof threads.$inferInsert>): ThreadRow {
      return db.update(threads).set(values).where(eq(threads.id, id)).returning().get();
    },

    /** Changes moderation flags and keeps the forum's counts right: one transaction. */
    setFlags(thread: ThreadRow, values: { pinned?: boolean; locked?: boolean; hidden?: boolean }): ThreadRow {
      return db.transaction(() => {
        const updated = db.update(threads).set(values).where(eq(threads.id, thread.id)).returning().get();
        if (values.hidden !== undefined) activity.recountForum(thread.forumId);
        return updated;
      });
    },

    watchLevel(threadId: number, userId: number | undefined): 'watching' | 'muted' | 'none' {
      if (userId === undefined) return 'none';
      return watchStmt.get({ threadId, userId })?.level ?? 'none';
    },

    setWatch(threadId: number, userId: number, level: 'watching' | 'muted' | 'none'): void {
      if (level === 'none') {
        db.delete(threadWatches).where(and(eq(threadWatches.threadId, threadId), eq(threadWatches.userId, userId))).run();
        return;
      }
      db.insert(threadWatches)
        .values({ threadId, userId, level })
        .onConflictDoUpdate({ target: [threadWatches.threadId, threadWatches.userId], set: { level } })
        .run();
    },

    /** Creates a thread with its first post, counters and the author's watch: one transaction. */
    create(input: {
      forumId: number;
      communityId: number;
      authorId: number;
      title: string;
      kind: 'discussion' | 'question';
      language: 'es' | 'pt' | 'en' | null;
      expertise: string[] | null;
      addressedSpecialistId: number | null;
      body: string;
      bodyHtml: string;
      at: Date;
      afterInsert: (postId: number) => void;
    }): { thread: ThreadRow; postId: number } {
      return db.transaction((tx) => {
        const thread = tx
          .insert(threads)
          .values({
            forumId: input.forumId,
            communityId: input.communityId,
            authorId: input.authorId,
            title: input.title,
            kind: input.kind,
            language: input.language,
            expertise: input.expertise,
            addressedSpecialistId: input.addressedSpecialistId,
            postCount: 1,
            lastPostAt: input.at,
            createdAt: input.at,
          })
          .returning()
          .get();
        const post = tx
          .insert(posts)
          .values({
            threadId: thread.id,
            authorId: input.authorId,
            body: input.body,
            bodyHtml: input.bodyHtml,
            bodyText: htmlToText(input.bodyHtml),
            number: 1,
            createdAt: input.at,
          })
          .returning({ id: posts.id })
          .get();
        const updated = tx.update(threads).set({ firstPostId: post.id }).where(eq(threads.id, thread.id)).returning().get();
        activity.threadAdded(input.forumId, input.communityId, input.at);
        tx.insert(threadWatches).values({ threadId: thread.id, userId: input.authorId, level: 'watching' }).onConflictDoNothing().run();
        input.afterInsert(post.id);
        return { thread: updated, postId: post.id };
      });
    },

    // ── What moderation asks of threads (move, merge, split, hide many, recount): it never writes them itself. ──

    findMany(ids: number[]): ThreadRow[] {
      return ids.length ? db.select().from(threads).where(inArray(threads.id, [...new Set(ids)])).all() : [];
    },

    /** The visible threads someone opened. */
    visibleBy(authorId: number): ThreadRow[] {
      return db.select().from(threads).where(and(eq(threads.authorId, authorId), eq(threads.hidden, false))).all();
    },

    /** Puts a thread in another forum (and community); counters are the caller's `recount`. */
    place(threadId: number, forumId: number, communityId: number): void {
      db.update(threads).set({ forumId, communityId }).where(eq(threads.id, threadId)).run();
    },

    /** Hides or shows several threads at once; counters are the caller's `recount`. */
    setHiddenMany(ids: number[], hidden: boolean): void {
      if (ids.length) db.update(threads).set({ hidden }).where(inArray(threads.id, ids)).run();
    },

    clearAcceptedAnswer(threadId: number): void {
      db.update(threads).set({ acceptedPostId: null }).where(eq(threads.id, threadId)).run();
    },

    /** A new thread around posts split off another one (the posts move in with `posts.moveTo`). */
    insertSplit(input: { forumId: number; communityId: number; authorId: number; title: string; language: ThreadRow['language']; firstPostId: number; at: Date }): ThreadRow {
      return db
        .insert(threads)
        .values({
          forumId: input.forumId,
          communityId: input.communityId,
          authorId: input.authorId,
          title: input.title,
          kind: 'discussion',
          language: input.language,
          firstPostId: input.firstPostId,
          postCount: 0,
          lastPostAt: input.at,
          createdAt: input.at,
        })
        .returning()
        .get();
    },

    remove(threadId: number): void {
      db.delete(threads).where(eq(threads.id, threadId)).run();
    },

    /** After posts moved between threads: each thread's latest activity is its latest post. */
    refreshLastPostAt(threadIds: number[]): void {
      for (const id of new Set(threadIds)) {
        const at = db.select({ at: max(posts.createdAt) }).from(posts).where(eq(posts.threadId, id)).get()?.at ?? null;
        if (at) db.update(threads).set({ lastPostAt: at }).where(eq(threads.id, id)).run();
      }
    },

    /** Counters of these threads and of their forums, recomputed from the rows. */
    recount(threadIds: number[]): void {
      const forumIds = new Set<number>();
      for (const id of new Set(threadIds)) {
        const thread = byIdStmt.get({ id });
        if (!thread) continue;
        recountThread(db, id);
        forumIds.add(thread.forumId);
      }
      for (const forumId of forumIds) activity.recountForum(forumId);
    },

    recountForum(forumId: number): void {
      activity.recountForum(forumId);
    },

    /**
     * Threads anyone may read (readable.ts), in order of id after a keyset position, with their
     * latest post's time: what crawlers are offered (sitemaps).
     */
    readableByAnyone(afterId: number, limit: number): { id: number; lastPostAt: Date }[] {
      return db
        .select({ id: threads.id, lastPostAt: threads.lastPostAt })
        .from(threads)
        .innerJoin(communities, eq(communities.id, threads.communityId))
        .where(and(readableThreadByAnyone(), gt(threads.id, afterId)))
        .orderBy(asc(threads.id))
        .limit(limit)
        .all();
    },
  };
}

export type ThreadsRepository = ReturnType<typeof createThreadsRepository>;
