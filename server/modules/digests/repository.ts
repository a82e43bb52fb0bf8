import { and, eq, isNull, ne, or, sql } from 'drizzle-orm';
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
  const frequencyStmt = db
    .select({ frequency: mailDigests.frequency })
    .from(mailDigests)
    .where(eq(mailDigests.userId, sql.placeholder('userId')))
    .prepare();

  // Prepared once: a run claims one period per member (10,000 a week).
  const claimStmt = db
    .insert(mailDigests)
    .values({
      userId: sql.placeholder('userId'),
      frequency: sql.placeholder('frequency'),
      lastPeriodKey: sql.placeholder('key'),
      // Unix milliseconds as the column stores them (null: no digest sent).
      lastSentAt: sql`${sql.placeholder('sentAt')}`,
      updatedAt: sql`${sql.placeholder('now')}`,
    })
    .onConflictDoUpdate({
      target: mailDigests.userId,
      set: {
        lastPeriodKey: sql`excluded.last_period_key`,
        // Set only when a digest goes out: "nothing new" keeps the last one's moment.
        lastSentAt: sql`coalesce(excluded.last_sent_at, ${mailDigests.lastSentAt})`,
        updatedAt: sql`excluded.updated_at`,
      },
      setWhere: sql`${mailDigests.lastPeriodKey} IS NULL OR ${mailDigests.lastPeriodKey} <> excluded.last_period_key`,
    })
    .prepare();

  return {
    transaction: <T>(write: () => T): T => db.transaction(write),

    frequencyOf(userId: number): DigestFrequency {
      return frequencyStmt.get({ userId })?.frequency ?? 'weekly';
    },

    setFrequency(userId: number, frequency: DigestFrequency): void {
      db.insert(mailDigests)
        .values({ userId, frequency })
        .onConflictDoUpdate({ target: mailDigests.userId, set: { frequency, updatedAt: new Date() } })
        .run();
    },

    /**
     * Everyone whose period is not done yet, in one query: no row means weekly, never done.
     * `username` narrows the run to one member (`npm run mail:digests -- --user`).
     */
    dueMembers(keys: Record<DigestSchedule, string>, username?: string): DueMember[] {
      const frequency = sql<DigestFrequency>`coalesce(${mailDigests.frequency}, 'weekly')`;
      return db
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
        .orderBy(users.id)
        .all();
    },

    /** The members (of those asked) seen on the site at or after `since`, by their sessions. */
    activeSince(since: Date): Set<number> {
      const rows = db
        .selectDistinct({ userId: sessions.userId })
        .from(sessions)
        .where(sql`${sessions.lastSeenAt} >= ${since.getTime()}`)
        .all();
      return new Set(rows.map((r) => r.userId));
    },

    /**
     * Marks the member's period done, unless it already is (another run got there first):
     * true when this call claimed it. `sentAt` is set only when a digest goes out.
     */
    claimPeriod(userId: number, frequency: DigestSchedule, key: string, sentAt: Date | null): boolean {
      return claimStmt.run({ userId, frequency, key, sentAt: sentAt?.getTime() ?? null, now: Date.now() }).changes > 0;
    },
  };
}

export type DigestsRepository = ReturnType<typeof createDigestsRepository>;
