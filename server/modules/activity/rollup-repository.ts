import { createCoalescer } from '../../lib/coalesce.ts';
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { exec, prepared, transaction, type Prepared } from '../../../db/access.ts';
import { greatest, realDiv, utcDay } from '../../../db/dialect.ts';
import { communities } from '../../../db/schema/index.ts';
import { readableCommunity } from '../communities/readable.ts';

const p = (name: string) => sql.placeholder(name);
/** A bound value in a SELECT list feeding an INSERT: typed, so PostgreSQL knows what it is. */
const int = (name: string) => sql`CAST(${p(name)} AS INTEGER)`;
const text = (name: string) => sql`CAST(${p(name)} AS TEXT)`;
/** UTC calendar day of a stored moment (Unix ms), as the rollup keys it. */
const DAY = (column: string) => utcDay(sql.raw(column));
/** What counts as a post of the network: visible, not deleted, in a visible thread. */
const VISIBLE_POST = sql.raw(`p.hidden = 0 AND p.deleted_at IS NULL AND t.hidden = 0`);

/**
 * THE condition "a community whose activity the public subset shows": the readable-community
 * rule for nobody in particular (communities/readable.ts), as the ids it allows.
 */
const PUBLIC_COMMUNITY_IDS = sql`SELECT ${communities.id} FROM ${communities} WHERE ${readableCommunity(communities.id, null)}`;

export type Interval = 'day' | 'week' | 'month';

/**
 * The first day of the bucket a rollup day falls in (weeks start on Monday), worked out here
 * rather than in SQL so that both engines give the same days.
 */
export function bucketOf(day: string, interval: Interval): string {
  if (interval === 'day') return day;
  if (interval === 'month') return `${day.slice(0, 7)}-01`;
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - ((date.getUTCDay() + 6) % 7));
  return date.toISOString().slice(0, 10);
}

export interface SeriesFilter {
  from: string;
  to: string;
  interval: Interval;
  communityId: number | null;
  countryCode: string | null;
  /** Only public communities' activity (everyone but admins and editors). */
  publicOnly: boolean;
}

/** Per-day sums folded into buckets (days come in order, so buckets do too). */
function fold(rows: { day: string; value: number | null }[], interval: Interval): { bucket: string; value: number }[] {
  const sums = new Map<string, number>();
  for (const row of rows) {
    const bucket = bucketOf(row.day, interval);
    sums.set(bucket, (sums.get(bucket) ?? 0) + Number(row.value ?? 0));
  }
  return [...sums].map(([bucket, value]) => ({ bucket, value }));
}

/**
 * The activity rollups (db/schema/activity.ts), owned here: the counts per community × country
 * × day (and per community × day for all countries together, country '*'), recounted bucket by
 * bucket when an event touches them, and the answered questions.
 * Compiled statements: these run on every post written.
 */
export function createRollupRepository(db: Db) {
  const postBucket = prepared(db, sql`
    INSERT INTO activity_daily (day, community_id, country_code, posts, members)
    SELECT ${text('day')}, ${int('communityId')}, coalesce(u.country_code, ''), count(*), 0
    FROM threads t JOIN posts p ON p.thread_id = t.id JOIN users u ON u.id = p.author_id
    WHERE t.community_id = ${p('communityId')} AND t.last_post_at >= ${p('start')}
      AND p.created_at >= ${p('start')} AND p.created_at < ${p('end')} AND ${VISIBLE_POST}
    GROUP BY coalesce(u.country_code, '')
    ON CONFLICT (day, community_id, country_code) DO UPDATE SET posts = excluded.posts`);
  const clearPostBucket = prepared(db, sql`UPDATE activity_daily SET posts = 0 WHERE day = ${p('day')} AND community_id = ${p('communityId')}`);
  const clearRegistrations = prepared(db, sql`UPDATE activity_daily SET members = 0 WHERE day = ${p('day')} AND community_id = 0`);
  const registrations = prepared(db, sql`
    INSERT INTO activity_daily (day, community_id, country_code, posts, members)
    SELECT ${text('day')}, 0, coalesce(country_code, ''), 0, count(*) FROM users
    WHERE created_at >= ${p('start')} AND created_at < ${p('end')} GROUP BY coalesce(country_code, '')
    ON CONFLICT (day, community_id, country_code) DO UPDATE SET members = excluded.members`);
  const clearMemberships = prepared(db, sql`UPDATE activity_daily SET members = 0 WHERE community_id = ${p('communityId')}`);
  const memberships = prepared(db, sql`
    INSERT INTO activity_daily (day, community_id, country_code, posts, members)
    SELECT ${DAY('m.created_at')}, m.community_id, coalesce(u.country_code, ''), 0, count(*)
    FROM community_members m JOIN users u ON u.id = m.user_id
    WHERE m.community_id = ${p('communityId')} AND m.status = 'active'
    GROUP BY ${DAY('m.created_at')}, m.community_id, coalesce(u.country_code, '')
    ON CONFLICT (day, community_id, country_code) DO UPDATE SET members = excluded.members`);
  // The '*' rows: every country of a community's day together, so charts without a country filter read a few rows a day.
  const totalsSelect = sql`SELECT day, community_id, '*', sum(posts), sum(members) FROM activity_daily WHERE country_code <> '*'`;
  const totalsUpsert = sql`ON CONFLICT (day, community_id, country_code) DO UPDATE SET posts = excluded.posts, members = excluded.members`;
  const dayTotals = prepared(db, sql`INSERT INTO activity_daily (day, community_id, country_code, posts, members)
    ${totalsSelect} AND day = ${p('day')} AND community_id = ${p('communityId')} GROUP BY day, community_id ${totalsUpsert}`);
  const communityTotals = prepared(db, sql`INSERT INTO activity_daily (day, community_id, country_code, posts, members)
    ${totalsSelect} AND community_id = ${p('communityId')} GROUP BY day, community_id ${totalsUpsert}`);
  const threadOf = prepared<{ communityId: number; hidden: number; countedIn: number | null; countedHidden: number | null }>(
    db,
    sql`SELECT t.community_id AS "communityId", t.hidden AS "hidden", a.community_id AS "countedIn", a.hidden AS "countedHidden"
    FROM threads t LEFT JOIN activity_threads a ON a.thread_id = t.id WHERE t.id = ${p('threadId')}`,
  );
  const countedIn = prepared<{ communityId: number }>(db, sql`SELECT community_id AS "communityId" FROM activity_threads WHERE thread_id = ${p('threadId')}`);
  const keepThread = prepared(db, sql`INSERT INTO activity_threads (thread_id, community_id, hidden) VALUES (${p('threadId')}, ${p('communityId')}, ${p('hidden')})
    ON CONFLICT (thread_id) DO UPDATE SET community_id = excluded.community_id, hidden = excluded.hidden`);
  const postDay = prepared<{ day: string }>(db, sql`SELECT ${DAY('created_at')} AS day FROM posts WHERE id = ${p('postId')}`);
  const threadDays = prepared<{ day: string }>(db, sql`SELECT DISTINCT ${DAY('created_at')} AS day FROM posts WHERE thread_id = ${p('threadId')}`);
  const userDay = prepared<{ day: string }>(db, sql`SELECT ${DAY('created_at')} AS day FROM users WHERE id = ${p('userId')}`);
  const dropAnswer = prepared(db, sql`DELETE FROM activity_answers WHERE thread_id = ${p('threadId')}`);
  const answerSelect = sql`
    SELECT t.id, t.community_id, coalesce(u.country_code, ''), ${DAY('a.created_at')}, ${realDiv(greatest(sql`a.created_at - t.created_at`, 0), 3600000)}
    FROM threads t JOIN posts a ON a.id = t.accepted_post_id AND a.thread_id = t.id JOIN users u ON u.id = t.author_id
    WHERE t.kind = 'question' AND t.hidden = 0 AND a.hidden = 0 AND a.deleted_at IS NULL`;
  const keepAnswer = prepared(db, sql`INSERT INTO activity_answers (thread_id, community_id, country_code, day, hours) ${answerSelect} AND t.id = ${p('threadId')}`);

  const startOf = (day: string) => Date.parse(`${day}T00:00:00Z`);
  const recountPosts = async (communityId: number, day: string) => {
    const start = startOf(day);
    await clearPostBucket.run({ day, communityId });
    await postBucket.run({ day, communityId, start, end: start + 86_400_000 });
    await dayTotals.run({ day, communityId });
  };

  const rebuild = () =>
    transaction(db, async () => {
      await exec(db, sql`DELETE FROM activity_daily`);
      await exec(db, sql`DELETE FROM activity_answers`);
      await exec(db, sql`DELETE FROM activity_threads`);
      await exec(db, sql`
        INSERT INTO activity_daily (day, community_id, country_code, posts, members)
        SELECT ${DAY('p.created_at')}, t.community_id, coalesce(u.country_code, ''), count(*), 0
        FROM posts p JOIN threads t ON t.id = p.thread_id JOIN users u ON u.id = p.author_id
        WHERE ${VISIBLE_POST} GROUP BY ${DAY('p.created_at')}, t.community_id, coalesce(u.country_code, '')`);
      await exec(db, sql`
        INSERT INTO activity_daily (day, community_id, country_code, posts, members)
        SELECT ${DAY('created_at')}, 0, coalesce(country_code, ''), 0, count(*) FROM users GROUP BY ${DAY('created_at')}, coalesce(country_code, '')`);
      await exec(db, sql`
        INSERT INTO activity_daily (day, community_id, country_code, posts, members)
        SELECT ${DAY('m.created_at')}, m.community_id, coalesce(u.country_code, ''), 0, count(*)
        FROM community_members m JOIN users u ON u.id = m.user_id WHERE m.status = 'active'
        GROUP BY ${DAY('m.created_at')}, m.community_id, coalesce(u.country_code, '')
        ON CONFLICT (day, community_id, country_code) DO UPDATE SET members = excluded.members`);
      await exec(db, sql`INSERT INTO activity_threads (thread_id, community_id, hidden) SELECT id, community_id, hidden FROM threads`);
      await exec(db, sql`INSERT INTO activity_daily (day, community_id, country_code, posts, members) ${totalsSelect} GROUP BY day, community_id`);
      await exec(db, sql`INSERT INTO activity_answers (thread_id, community_id, country_code, day, hours) ${answerSelect}`);
    });

  /**
   * Recounts what a change may have moved: the given days (a post's), or, for a thread hidden,
   * shown or moved since it was counted, every day of its posts, where it is and where it was.
   */
  const coalesce = createCoalescer();
  const touchThread = (threadId: number, days: string[] | null) =>
    transaction(db, async () => {
      const thread = await threadOf.get({ threadId });
      const was = thread ? thread.countedIn : (await countedIn.get({ threadId }))?.communityId ?? null;
      const moved = !thread || was === null || was !== thread.communityId || Number(thread.hidden) !== Number(thread.countedHidden);
      const where = new Set<number>();
      if (thread) where.add(thread.communityId);
      if (was !== null) where.add(was);
      const touched = days ?? (moved ? (await threadDays.all({ threadId })).map((r) => r.day) : []);
      for (const communityId of where) for (const day of touched) await recountPosts(communityId, day);
      if (thread) await keepThread.run({ threadId, communityId: thread.communityId, hidden: thread.hidden });
      await dropAnswer.run({ threadId });
      await keepAnswer.run({ threadId });
    });

  // A handful of shapes (filters): each compiled once.
  const statements = new Map<string, Prepared<Record<string, unknown>>>();
  const compiled = (key: string, build: () => SQL) => {
    let statement = statements.get(key);
    if (!statement) statements.set(key, (statement = prepared(db, build())));
    return statement;
  };

  function where(filter: SeriesFilter, table: 'activity_daily' | 'activity_answers'): SQL {
    const parts: SQL[] = [sql.raw(`${table}.day BETWEEN `).append(sql`${p('from')} AND ${p('to')}`)];
    if (filter.communityId !== null) parts.push(sql.raw(`${table}.community_id = `).append(sql`${p('communityId')}`));
    if (filter.countryCode !== null) parts.push(sql.raw(`${table}.country_code = `).append(sql`${p('countryCode')}`));
    else if (table === 'activity_daily') parts.push(sql.raw(`${table}.country_code = '*'`));
    if (filter.publicOnly) parts.push(sql.raw(`${table}.community_id IN (`).append(sql`${PUBLIC_COMMUNITY_IDS})`));
    return sql.join(parts, sql` AND `);
  }
  const shape = (filter: SeriesFilter) => `${filter.communityId !== null} ${filter.countryCode !== null} ${filter.publicOnly}`;

  const params = (f: SeriesFilter) => ({ from: f.from, to: f.to, communityId: f.communityId, countryCode: f.countryCode });

  return {
    rebuild: (): Promise<void> => rebuild(),

    /** A post was written, approved, edited, hidden or shown again: its day in its thread's community. */
    async touchPost(threadId: number, postId: number): Promise<void> {
      const found = await postDay.get({ postId });
      if (!found) return touchThread(threadId, []);
      // The day's recount reads what is stored: replies arriving together to one thread share one
      // more run instead of each recounting the day behind the others' row locks.
      await coalesce(`${threadId}:${found.day}`, () => touchThread(threadId, [found.day]));
    },

    /** A thread changed: its answer; and, when it was hidden, shown or moved, every day its posts were written. */
    async touchThread(threadId: number): Promise<void> {
      await touchThread(threadId, null);
    },

    /** A new account: its registration day. */
    async touchUser(userId: number): Promise<void> {
      const found = await userDay.get({ userId });
      if (!found) return;
      const start = startOf(found.day);
      await transaction(db, async () => {
        await clearRegistrations.run({ day: found.day });
        await registrations.run({ day: found.day, start, end: start + 86_400_000 });
        await dayTotals.run({ day: found.day, communityId: 0 });
      });
    },

    /** Someone joined, left or was banned: the community's memberships, recounted (a few thousand rows at most). */
    touchMemberships: (communityId: number): Promise<void> =>
      transaction(db, async () => {
        await clearMemberships.run({ communityId });
        await memberships.run({ communityId });
        await communityTotals.run({ communityId });
      }),

    /** Visible posts per bucket. */
    async posts(filter: SeriesFilter): Promise<{ bucket: string; value: number }[]> {
      const statement = compiled(`posts ${shape(filter)}`, () => sql`SELECT day, sum(posts) AS value FROM activity_daily
         WHERE ${where(filter, 'activity_daily')} AND community_id <> 0 GROUP BY day ORDER BY day`);
      return fold((await statement.all(params(filter))) as { day: string; value: number | null }[], filter.interval);
    },

    /** New members per bucket: a community's new active members, or the network's new accounts without one. */
    async members(filter: SeriesFilter): Promise<{ bucket: string; value: number }[]> {
      const scope = filter.communityId === null ? sql`community_id = 0` : sql`community_id <> 0`;
      const unscoped = { ...filter, publicOnly: filter.communityId === null ? false : filter.publicOnly };
      const statement = compiled(`members ${shape(unscoped)}`, () => sql`SELECT day, sum(members) AS value FROM activity_daily
         WHERE ${where(unscoped, 'activity_daily')} AND ${scope} GROUP BY day ORDER BY day`);
      return fold((await statement.all(params(filter))) as { day: string; value: number | null }[], filter.interval);
    },

    /** Answer delays (hours) per bucket, in order, for counts and medians. */
    async answers(filter: SeriesFilter): Promise<{ bucket: string; hours: number }[]> {
      const statement = compiled(`answers ${shape(filter)}`, () => sql`SELECT day, hours FROM activity_answers WHERE ${where(filter, 'activity_answers')}`);
      const found = (await statement.all(params(filter))) as { day: string; hours: number }[];
      return found
        .map((r) => ({ bucket: bucketOf(r.day, filter.interval), hours: Number(r.hours) }))
        .sort((a, b) => (a.bucket < b.bucket ? -1 : a.bucket > b.bucket ? 1 : a.hours - b.hours));
    },
  };
}

export type RollupRepository = ReturnType<typeof createRollupRepository>;
