import { sql } from 'drizzle-orm';
import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core';
import type Database from 'better-sqlite3';
import { communities } from '../../../db/schema/index.ts';
import { readableCommunity } from '../communities/readable.ts';

/** UTC calendar day of a stored moment (Unix ms), as the rollup keys it. */
const DAY = (column: string) => `date(${column} / 1000, 'unixepoch')`;
/** What counts as a post of the network: visible, not deleted, in a visible thread. */
const VISIBLE_POST = `p.hidden = 0 AND p.deleted_at IS NULL AND t.hidden = 0`;

/**
 * THE condition "a community whose activity the public subset shows": the readable-community
 * rule for nobody in particular (communities/readable.ts), as the ids it allows.
 */
const PUBLIC_COMMUNITY_IDS = new SQLiteSyncDialect().sqlToQuery(
  sql`SELECT ${communities.id} FROM ${communities} WHERE ${readableCommunity(communities.id, null)}`,
).sql;

export type Interval = 'day' | 'week' | 'month';
/** The first day of the bucket a rollup day falls in (weeks start on Monday). */
const BUCKET: Record<Interval, string> = {
  day: 'day',
  week: `date(day, 'weekday 0', '-6 days')`,
  month: `substr(day, 1, 7) || '-01'`,
};

export interface SeriesFilter {
  from: string;
  to: string;
  interval: Interval;
  communityId: number | null;
  countryCode: string | null;
  /** Only public communities' activity (everyone but admins and editors). */
  publicOnly: boolean;
}

/**
 * The activity rollups (db/schema/activity.ts), owned here: the counts per community × country
 * × day (and per community × day for all countries together, country '*'), recounted bucket by
 * bucket when an event touches them, and the answered questions.
 * Raw statements on the SQLite handle: these run on every post written.
 */
export function createRollupRepository(sqlite: Database.Database) {
  const postBucket = sqlite.prepare(`
    INSERT INTO activity_daily (day, community_id, country_code, posts, members)
    SELECT @day, @communityId, coalesce(u.country_code, ''), count(*), 0
    FROM threads t JOIN posts p ON p.thread_id = t.id JOIN users u ON u.id = p.author_id
    WHERE t.community_id = @communityId AND t.last_post_at >= @start
      AND p.created_at >= @start AND p.created_at < @start + 86400000 AND ${VISIBLE_POST}
    GROUP BY 3
    ON CONFLICT (day, community_id, country_code) DO UPDATE SET posts = excluded.posts`);
  const clearPostBucket = sqlite.prepare(`UPDATE activity_daily SET posts = 0 WHERE day = @day AND community_id = @communityId`);
  const clearRegistrations = sqlite.prepare(`UPDATE activity_daily SET members = 0 WHERE day = @day AND community_id = 0`);
  const registrations = sqlite.prepare(`
    INSERT INTO activity_daily (day, community_id, country_code, posts, members)
    SELECT @day, 0, coalesce(country_code, ''), 0, count(*) FROM users
    WHERE created_at >= @start AND created_at < @start + 86400000 GROUP BY 3
    ON CONFLICT (day, community_id, country_code) DO UPDATE SET members = excluded.members`);
  const clearMemberships = sqlite.prepare(`UPDATE activity_daily SET members = 0 WHERE community_id = @communityId`);
  const memberships = sqlite.prepare(`
    INSERT INTO activity_daily (day, community_id, country_code, posts, members)
    SELECT ${DAY('m.created_at')}, m.community_id, coalesce(u.country_code, ''), 0, count(*)
    FROM community_members m JOIN users u ON u.id = m.user_id
    WHERE m.community_id = @communityId AND m.status = 'active' GROUP BY 1, 3
    ON CONFLICT (day, community_id, country_code) DO UPDATE SET members = excluded.members`);
  // The '*' rows: every country of a community's day together, so charts without a country filter read a few rows a day.
  const totalsSelect = `SELECT day, community_id, '*', sum(posts), sum(members) FROM activity_daily WHERE country_code <> '*'`;
  const totalsUpsert = `ON CONFLICT (day, community_id, country_code) DO UPDATE SET posts = excluded.posts, members = excluded.members`;
  const dayTotals = sqlite.prepare(`INSERT INTO activity_daily (day, community_id, country_code, posts, members)
    ${totalsSelect} AND day = @day AND community_id = @communityId GROUP BY 1, 2 ${totalsUpsert}`);
  const communityTotals = sqlite.prepare(`INSERT INTO activity_daily (day, community_id, country_code, posts, members)
    ${totalsSelect} AND community_id = @communityId GROUP BY 1, 2 ${totalsUpsert}`);
  const threadOf = sqlite.prepare(`SELECT t.community_id AS communityId, t.hidden AS hidden, a.community_id AS countedIn, a.hidden AS countedHidden
    FROM threads t LEFT JOIN activity_threads a ON a.thread_id = t.id WHERE t.id = ?`);
  const countedIn = sqlite.prepare(`SELECT community_id AS communityId FROM activity_threads WHERE thread_id = ?`);
  const keepThread = sqlite.prepare(`INSERT INTO activity_threads (thread_id, community_id, hidden) VALUES (?, ?, ?)
    ON CONFLICT (thread_id) DO UPDATE SET community_id = excluded.community_id, hidden = excluded.hidden`);
  const postDay = sqlite.prepare(`SELECT ${DAY('created_at')} AS day FROM posts WHERE id = ?`);
  const threadDays = sqlite.prepare(`SELECT DISTINCT ${DAY('created_at')} AS day FROM posts WHERE thread_id = ?`);
  const userDay = sqlite.prepare(`SELECT ${DAY('created_at')} AS day FROM users WHERE id = ?`);
  const dropAnswer = sqlite.prepare(`DELETE FROM activity_answers WHERE thread_id = ?`);
  const answerSelect = `
    SELECT t.id, t.community_id, coalesce(u.country_code, ''), ${DAY('a.created_at')}, max(a.created_at - t.created_at, 0) / 3600000.0
    FROM threads t JOIN posts a ON a.id = t.accepted_post_id AND a.thread_id = t.id JOIN users u ON u.id = t.author_id
    WHERE t.kind = 'question' AND t.hidden = 0 AND a.hidden = 0 AND a.deleted_at IS NULL`;
  const keepAnswer = sqlite.prepare(`INSERT INTO activity_answers (thread_id, community_id, country_code, day, hours) ${answerSelect} AND t.id = ?`);

  const startOf = (day: string) => Date.parse(`${day}T00:00:00Z`);
  const recountPosts = (communityId: number, day: string) => {
    clearPostBucket.run({ day, communityId });
    postBucket.run({ day, communityId, start: startOf(day) });
    dayTotals.run({ day, communityId });
  };

  const rebuild = sqlite.transaction(() => {
    sqlite.exec(`
      DELETE FROM activity_daily; DELETE FROM activity_answers; DELETE FROM activity_threads;
      INSERT INTO activity_daily (day, community_id, country_code, posts, members)
        SELECT ${DAY('p.created_at')}, t.community_id, coalesce(u.country_code, ''), count(*), 0
        FROM posts p JOIN threads t ON t.id = p.thread_id JOIN users u ON u.id = p.author_id
        WHERE ${VISIBLE_POST} GROUP BY 1, 2, 3;
      INSERT INTO activity_daily (day, community_id, country_code, posts, members)
        SELECT ${DAY('created_at')}, 0, coalesce(country_code, ''), 0, count(*) FROM users GROUP BY 1, 3;
      INSERT INTO activity_daily (day, community_id, country_code, posts, members)
        SELECT ${DAY('m.created_at')}, m.community_id, coalesce(u.country_code, ''), 0, count(*)
        FROM community_members m JOIN users u ON u.id = m.user_id WHERE m.status = 'active' GROUP BY 1, 2, 3
        ON CONFLICT (day, community_id, country_code) DO UPDATE SET members = excluded.members;
      INSERT INTO activity_threads (thread_id, community_id, hidden) SELECT id, community_id, hidden FROM threads;
      INSERT INTO activity_daily (day, community_id, country_code, posts, members) ${totalsSelect} GROUP BY 1, 2;
      INSERT INTO activity_answers (thread_id, community_id, country_code, day, hours) ${answerSelect};`);
  });

  /**
   * Recounts what a change may have moved: the given days (a post's), or, for a thread hidden,
   * shown or moved since it was counted, every day of its posts, where it is and where it was.
   */
  const touchThread = sqlite.transaction((threadId: number, days: string[] | null) => {
    const thread = threadOf.get(threadId) as { communityId: number; hidden: number; countedIn: number | null; countedHidden: number | null } | undefined;
    const was = thread ? thread.countedIn : (countedIn.get(threadId) as { communityId: number } | undefined)?.communityId ?? null;
    const moved = !thread || was === null || was !== thread.communityId || thread.hidden !== thread.countedHidden;
    const where = new Set<number>();
    if (thread) where.add(thread.communityId);
    if (was !== null) where.add(was);
    const touched = days ?? (moved ? (threadDays.all(threadId) as { day: string }[]).map((r) => r.day) : []);
    for (const communityId of where) for (const day of touched) recountPosts(communityId, day);
    if (thread) keepThread.run(threadId, thread.communityId, thread.hidden);
    dropAnswer.run(threadId);
    keepAnswer.run(threadId);
  });

  // A handful of shapes (interval × filters): each prepared once.
  const statements = new Map<string, Database.Statement>();
  const prepared = (sqlText: string) => {
    let statement = statements.get(sqlText);
    if (!statement) statements.set(sqlText, (statement = sqlite.prepare(sqlText)));
    return statement;
  };
  function series(sqlText: string, params: Record<string, unknown>) {
    return prepared(sqlText).all(params) as { bucket: string; value: number }[];
  }

  function where(filter: SeriesFilter, table: 'activity_daily' | 'activity_answers') {
    const parts = [`${table}.day BETWEEN @from AND @to`];
    if (filter.communityId !== null) parts.push(`${table}.community_id = @communityId`);
    if (filter.countryCode !== null) parts.push(`${table}.country_code = @countryCode`);
    else if (table === 'activity_daily') parts.push(`${table}.country_code = '*'`);
    if (filter.publicOnly) parts.push(`${table}.community_id IN (${PUBLIC_COMMUNITY_IDS})`);
    return parts.join(' AND ');
  }

  const params = (f: SeriesFilter) => ({ from: f.from, to: f.to, communityId: f.communityId, countryCode: f.countryCode });

  return {
    rebuild: () => rebuild(),

    /** A post was written, approved, edited, hidden or shown again: its day in its thread's community. */
    touchPost(threadId: number, postId: number): void {
      const found = postDay.get(postId) as { day: string } | undefined;
      touchThread(threadId, found ? [found.day] : []);
    },

    /** A thread changed: its answer; and, when it was hidden, shown or moved, every day its posts were written. */
    touchThread(threadId: number): void {
      touchThread(threadId, null);
    },

    /** A new account: its registration day. */
    touchUser(userId: number): void {
      const found = userDay.get(userId) as { day: string } | undefined;
      if (!found) return;
      clearRegistrations.run({ day: found.day });
      registrations.run({ day: found.day, start: startOf(found.day) });
      dayTotals.run({ day: found.day, communityId: 0 });
    },

    /** Someone joined, left or was banned: the community's memberships, recounted (a few thousand rows at most). */
    touchMemberships: sqlite.transaction((communityId: number) => {
      clearMemberships.run({ communityId });
      memberships.run({ communityId });
      communityTotals.run({ communityId });
    }),

    /** Visible posts per bucket. */
    posts(filter: SeriesFilter) {
      return series(
        `SELECT ${BUCKET[filter.interval]} AS bucket, sum(posts) AS value FROM activity_daily
         WHERE ${where(filter, 'activity_daily')} AND community_id <> 0 GROUP BY 1`,
        params(filter),
      );
    },

    /** New members per bucket: a community's new active members, or the network's new accounts without one. */
    members(filter: SeriesFilter) {
      const scope = filter.communityId === null ? `community_id = 0` : `community_id <> 0`;
      const unscoped = { ...filter, publicOnly: filter.communityId === null ? false : filter.publicOnly };
      return series(
        `SELECT ${BUCKET[filter.interval]} AS bucket, sum(members) AS value FROM activity_daily
         WHERE ${where(unscoped, 'activity_daily')} AND ${scope} GROUP BY 1`,
        params(filter),
      );
    },

    /** Answer delays (hours) per bucket, in order, for counts and medians. */
    answers(filter: SeriesFilter) {
      return prepared(`SELECT ${BUCKET[filter.interval]} AS bucket, hours FROM activity_answers WHERE ${where(filter, 'activity_answers')} ORDER BY 1, 2`).all(params(filter)) as { bucket: string; hours: number }[];
    },
  };
}

export type RollupRepository = ReturnType<typeof createRollupRepository>;
