import { and, eq, isNull, ne, or, sql } from 'drizzle-orm';
import { prepared, transaction } from '../../../db/access.ts';
import type { Db } from '../../../db/client.ts';
import { mailDigests, sessions, users, type DigestFrequency } from '../../../db/schema/index.ts';
import type { DigestSchedule } from './period.ts';

/** A member whose digest is due in this run, with what the mail needs to address them. */
export interface DueMember {
  id: number;
  username: string;
  email: string;
  displayName: string;
  locale: 'es' | 'pt' | 'en' | null;
  /** The member's time zone (settings), null: UTC. */
  timeZone?: string | null;
  institutionId: number | null;
  frequency: DigestSchedule;
  lastSentAt: Date | null;
}

/** The digest preferences and the record of the periods done (the `mail_digests` table). */
export function createDigestsRepository(db: Db) {
  const frequencyStmt = prepared<{ frequency: DigestFrequency }>(
    db,
    sql`SELECT frequency FROM ${mailDigests} WHERE user_id = ${sql.placeholder('userId')}`,
  );

  // Prepared once: a run claims one period per member (10,000 a week). The claim is one guarded
  // statement: a period another run already closed is left as it is (no row changed).
  const claimStmt = prepared(
    db,
    sql`INSERT INTO ${mailDigests} (user_id, frequency, last_period_key, last_sent_at, updated_at)
        VALUES (${sql.placeholder('userId')}, ${sql.placeholder('frequency')}, ${sql.placeholder('key')}, ${sql.placeholder('sentAt')}, ${sql.placeholder('now')})
        ON CONFLICT (user_id) DO UPDATE SET
          last_period_key = excluded.last_period_key,
          last_sent_at = coalesce(excluded.last_sent_at, ${mailDigests}.last_sent_at),
          updated_at = excluded.updated_at
        WHERE ${mailDigests}.last_period_key IS NULL OR ${mailDigests}.last_period_key <> excluded.last_period_key`,
  );

  return {
    /** Runs `work` in one transaction of this database (every repository's writes in it join it). */
    transaction: <T>(work: () => Promise<T>): Promise<T> => transaction(db, work),

    async frequencyOf(userId: number): Promise<DigestFrequency> {
      return (await frequencyStmt.get({ userId }))?.frequency ?? 'weekly';
    },

    async setFrequency(userId: number, frequency: DigestFrequency): Promise<void> {
      await db
        .insert(mailDigests)
        .values({ userId, frequency })
        .onConflictDoUpdate({ target: mailDigests.userId, set: { frequency, updatedAt: new Date() } });
    },

    /**
     * Everyone whose period is not done yet, in one query: no row means weekly, never done.
     * `username` narrows the run to one member (`npm run mail:digests -- --user`).
     */
    async dueMembers(keys: Record<DigestSchedule, string>, username?: string): Promise<DueMember[]> {
      const frequency = sql<DigestFrequency>`coalesce(${mailDigests.frequency}, 'weekly')`;
      return await db
        .select({
          id: users.id,
          username: users.username,
          email: users.email,
          displayName: users.displayName,
          locale: users.locale,
          timeZone: users.timeZone,
          institutionId: users.institutionId,
          frequency: sql<DigestSchedule>`${frequency}`,
          lastSentAt: mailDigests.lastSentAt,
        })
        .from(users)
        .leftJoin(mailDigests, eq(mailDigests.userId, users.id))
        .where(
          and(
            username === undefined ? undefined : eq(users.username, username.toLowerCase()),
            or(
              and(sql`${frequency} = 'daily'`, or(isNull(mailDigests.lastPeriodKey), ne(mailDigests.lastPeriodKey, keys.daily))),
              and(sql`${frequency} = 'weekly'`, or(isNull(mailDigests.lastPeriodKey), ne(mailDigests.lastPeriodKey, keys.weekly))),
            ),
          ),
        )
        .orderBy(users.id);
    },

    /** The members (of those asked) seen on the site at or after `since`, by their sessions. */
    async activeSince(since: Date): Promise<Set<number>> {
      const rows = await db
        .selectDistinct({ userId: sessions.userId })
        .from(sessions)
        .where(sql`${sessions.lastSeenAt} >= ${since.getTime()}`);
      return new Set(rows.map((r) => r.userId));
    },

    /**
     * Marks the member's period done, unless it already is (another run got there first):
     * true when this call claimed it. `sentAt` is set only when a digest goes out.
     */
    async claimPeriod(userId: number, frequency: DigestSchedule, key: string, sentAt: Date | null): Promise<boolean> {
      return (await claimStmt.run({ userId, frequency, key, sentAt: sentAt?.getTime() ?? null, now: Date.now() })) > 0;
    },
  };
}

export type DigestsRepository = ReturnType<typeof createDigestsRepository>;
