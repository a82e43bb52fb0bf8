import { and, asc, eq, gt, inArray, max, sql, type SQL } from 'drizzle-orm';
import { inTransaction, prepared, rows, transaction } from '../../../db/access.ts';
import { onPostgres } from '../../../db/engine.ts';
import type { Db } from '../../../db/client.ts';
import { communities, posts, threads, threadWatches, users, type CommunityRow, type ThreadRow } from '../../../db/schema/index.ts';
import { htmlToText } from '../../lib/markdown.ts';
import { createActivityCounters } from '../communities/activity-repository.ts';
import { recountThread } from './counters-repository.ts';
import { param, tableRow } from './compiled.ts';
import { readableThreadByAnyone } from './readable.ts';

const thread = tableRow(threads);
const community = tableRow(communities, 'c_');

export type ThreadWithAuthor = ThreadRow & { author: { id: number; username: string; displayName: string } };

/** Keyset position on the forum page: pinned first, then latest activity, then id. */
export type ThreadKey = [pinned: number, lastPostAt: number, id: number];

export function createThreadsRepository(db: Db) {
  const byIdStmt = prepared(db, sql`SELECT ${thread.select} FROM ${threads} WHERE ${threads.id} = ${param('id')}`);
  const findById = async (id: number): Promise<ThreadRow | undefined> => {
    const raw = await byIdStmt.get({ id });
    return raw && thread.map(raw);
  };
  // Every thread read starts here: the thread and its community (for the read gate) in one
  // statement. On PostgreSQL a round trip costs more than SQLite's whole cached read.
  const withCommunityStmt = prepared(
    db,
    sql`SELECT ${thread.select}, ${community.select}
      FROM ${threads} INNER JOIN ${communities} ON ${communities.id} = ${threads.communityId}
      WHERE ${threads.id} = ${param('id')}`,
  );
  const activity = createActivityCounters(db);
  const watchStmt = prepared<{ level: 'watching' | 'muted' }>(
    db,
    sql`SELECT ${threadWatches.level} AS level FROM ${threadWatches} WHERE ${threadWatches.threadId} = ${param('threadId')} AND ${threadWatches.userId} = ${param('userId')}`,
  );

  // A forum's page (the hottest list there is), compiled once per shape: with or without the
  // hidden threads (moderators), first page or after a keyset position.
  const pageStmt = (includeHidden: boolean, after: boolean) => {
    const conditions: SQL[] = [sql`${threads.forumId} = ${param('forumId')}`];
    if (!includeHidden) conditions.push(sql`${threads.hidden} = 0`);
    if (after) {
      const pinned = param('pinned');
      const lastPostAt = param('lastPostAt');
      conditions.push(
        sql`(${threads.pinned} < ${pinned} OR (${threads.pinned} = ${pinned} AND ${threads.lastPostAt} < ${lastPostAt})
          OR (${threads.pinned} = ${pinned} AND ${threads.lastPostAt} = ${lastPostAt} AND ${threads.id} < ${param('id')}))`,
      );
    }
    return prepared(
      db,
      sql`SELECT ${thread.select}, ${users.username} AS "authorUsername", ${users.displayName} AS "authorDisplayName"
        FROM ${threads} INNER JOIN ${users} ON ${users.id} = ${threads.authorId}
        WHERE ${sql.join(conditions, sql` AND `)}
        ORDER BY ${threads.pinned} DESC, ${threads.lastPostAt} DESC, ${threads.id} DESC
        LIMIT ${param('limit')}`,
    );
  };
  const pageStmts = [pageStmt(false, false), pageStmt(true, false), pageStmt(false, true), pageStmt(true, true)];

  return {
    findById,

    /**
     * Inside a transaction: holds the thread's row until it ends, as a reply does first thing
     * (posts-repository create). A reply under way is then committed before this goes on, and
     * the next waits. SQLite's write transaction holds the one write lock from its start already.
     */
    async lockForWrite(id: number): Promise<void> {
      if (!inTransaction(db)) throw new Error('lockForWrite outside a transaction holds nothing');
      if (onPostgres) await rows(db, sql`SELECT ${threads.id} FROM ${threads} WHERE ${threads.id} = ${id} FOR UPDATE`);
    },

    /** A thread with its community row, for the gate (one statement). */
    async findWithCommunity(id: number): Promise<{ thread: ThreadRow; community: CommunityRow } | undefined> {
      const raw = await withCommunityStmt.get({ id });
      return raw && { thread: thread.map(raw), community: community.map(raw) };
    },

    /** The threads the member started, for their data export (issue 19): their own titles, by id. */
    async forExport(userId: number, afterId: number, limit: number) {
      return db
        .select({ id: threads.id, title: threads.title, kind: threads.kind, language: threads.language, communityId: threads.communityId, forumId: threads.forumId, createdAt: threads.createdAt })
        .from(threads)
        .where(and(eq(threads.authorId, userId), gt(threads.id, afterId)))
        .orderBy(asc(threads.id))
        .limit(limit);
    },

    /** One page of a forum's threads, with their authors, in one query. */
    async page(forumId: number, options: { includeHidden: boolean; after: ThreadKey | null; limit: number }): Promise<ThreadWithAuthor[]> {
      const statement = pageStmts[(options.includeHidden ? 1 : 0) + (options.after ? 2 : 0)]!;
      const [pinned, lastPostAt, id] = options.after ?? [0, 0, 0];
      const rows = await statement.all({ forumId, limit: options.limit, pinned: pinned ? 1 : 0, lastPostAt, id });
      return rows.map((raw) => {
        const row = thread.map(raw);
        return { ...row, author: { id: row.authorId, username: raw.authorUsername as string, displayName: raw.authorDisplayName as string } };
      });
    },

    async withAuthor(row: ThreadRow): Promise<ThreadWithAuthor> {
      const [author] = await db
        .select({ id: users.id, username: users.username, displayName: users.displayName })
        .from(users)
        .where(eq(users.id, row.authorId))
        .limit(1);
      return { ...row, author: author! };
    },

    async update(id: number, values: Partial<typeof threads.$inferInsert>): Promise<ThreadRow> {
      const [updated] = await db.update(threads).set(values).where(eq(threads.id, id)).returning();
      return updated!;
    },

    /** Changes moderation flags and keeps the forum's counts right: one transaction. */
    setFlags(row: ThreadRow, values: { pinned?: boolean; locked?: boolean; hidden?: boolean }): Promise<ThreadRow> {
      return transaction(db, async () => {
        const [updated] = await db.update(threads).set(values).where(eq(threads.id, row.id)).returning();
        if (values.hidden !== undefined) await activity.recountForum(row.forumId);
        return updated!;
      });
    },

    async watchLevel(threadId: number, userId: number | undefined): Promise<'watching' | 'muted' | 'none'> {
      if (userId === undefined) return 'none';
      return (await watchStmt.get({ threadId, userId }))?.level ?? 'none';
    },

    async setWatch(threadId: number, userId: number, level: 'watching' | 'muted' | 'none'): Promise<void> {
      if (level === 'none') {
        await db.delete(threadWatches).where(and(eq(threadWatches.threadId, threadId), eq(threadWatches.userId, userId)));
        return;
      }
      await db
        .insert(threadWatches)
        .values({ threadId, userId, level })
        .onConflictDoUpdate({ target: [threadWatches.threadId, threadWatches.userId], set: { level } });
    },

    /**
     * Creates a thread with its first post, counters and the author's watch: one transaction.
     * `afterInsert` runs inside it (mentions, links, holding commit with the post).
     */
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
      afterInsert: (postId: number) => Promise<void> | void;
    }): Promise<{ thread: ThreadRow; postId: number }> {
      return transaction(db, async () => {
        const [created] = await db
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
          .returning();
        const [first] = await db
          .insert(posts)
          .values({
            threadId: created!.id,
            authorId: input.authorId,
            body: input.body,
            bodyHtml: input.bodyHtml,
            bodyText: htmlToText(input.bodyHtml),
            number: 1,
            createdAt: input.at,
          })
          .returning({ id: posts.id });
        const [updated] = await db.update(threads).set({ firstPostId: first!.id }).where(eq(threads.id, created!.id)).returning();
        await activity.threadAdded(input.forumId, input.communityId, input.at);
        await db.insert(threadWatches).values({ threadId: created!.id, userId: input.authorId, level: 'watching' }).onConflictDoNothing();
        await input.afterInsert(first!.id);
        return { thread: updated!, postId: first!.id };
      });
    },

    // ── What moderation asks of threads (move, merge, split, hide many, recount): it never writes them itself. ──

    async findMany(ids: number[]): Promise<ThreadRow[]> {
      return ids.length ? db.select().from(threads).where(inArray(threads.id, [...new Set(ids)])) : [];
    },

    /** The visible threads someone opened. */
    async visibleBy(authorId: number): Promise<ThreadRow[]> {
      return db.select().from(threads).where(and(eq(threads.authorId, authorId), eq(threads.hidden, false)));
    },

    /** Puts a thread in another forum (and community); counters are the caller's `recount`. */
    async place(threadId: number, forumId: number, communityId: number): Promise<void> {
      await db.update(threads).set({ forumId, communityId }).where(eq(threads.id, threadId));
    },

    /** Hides or shows several threads at once; counters are the caller's `recount`. */
    async setHiddenMany(ids: number[], hidden: boolean): Promise<void> {
      if (ids.length) await db.update(threads).set({ hidden }).where(inArray(threads.id, ids));
    },

    async clearAcceptedAnswer(threadId: number): Promise<void> {
      await db.update(threads).set({ acceptedPostId: null }).where(eq(threads.id, threadId));
    },

    /** A new thread around posts split off another one (the posts move in with `posts.moveTo`). */
    async insertSplit(input: { forumId: number; communityId: number; authorId: number; title: string; language: ThreadRow['language']; firstPostId: number; at: Date }): Promise<ThreadRow> {
      const [created] = await db
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
        .returning();
      return created!;
    },

    async remove(threadId: number): Promise<void> {
      await db.delete(threads).where(eq(threads.id, threadId));
    },

    /** After posts moved between threads: each thread's latest activity is its latest post. */
    async refreshLastPostAt(threadIds: number[]): Promise<void> {
      for (const id of new Set(threadIds)) {
        const [found] = await db.select({ at: max(posts.createdAt) }).from(posts).where(eq(posts.threadId, id));
        const at = found?.at ?? null;
        if (at) await db.update(threads).set({ lastPostAt: at }).where(eq(threads.id, id));
      }
    },

    /** Counters of these threads and of their forums, recomputed from the rows: one transaction (or the caller's). */
    async recount(threadIds: number[]): Promise<void> {
      await transaction(db, async () => {
        const forumIds = new Set<number>();
        for (const id of new Set(threadIds)) {
          const row = await findById(id);
          if (!row) continue;
          await recountThread(db, id);
          forumIds.add(row.forumId);
        }
        for (const forumId of forumIds) await activity.recountForum(forumId);
      });
    },

    async recountForum(forumId: number): Promise<void> {
      await activity.recountForum(forumId);
    },

    /**
     * Threads anyone may read (readable.ts), in order of id after a keyset position, with their
     * latest post's time: what crawlers are offered (sitemaps).
     */
    async readableByAnyone(afterId: number, limit: number): Promise<{ id: number; lastPostAt: Date }[]> {
      return db
        .select({ id: threads.id, lastPostAt: threads.lastPostAt })
        .from(threads)
        .innerJoin(communities, eq(communities.id, threads.communityId))
        .where(and(readableThreadByAnyone(), gt(threads.id, afterId)))
        .orderBy(asc(threads.id))
        .limit(limit);
    },
  };
}

export type ThreadsRepository = ReturnType<typeof createThreadsRepository>;
