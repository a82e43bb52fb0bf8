import { and, asc, eq, gte, inArray, sql } from 'drizzle-orm';
import { exec, prepared, row, transaction } from '../../../db/access.ts';
import type { Db } from '../../../db/client.ts';
import {
  mailPreferences,
  notificationMailSettings,
  notificationMailState,
  notifications,
  posts,
  users,
  type NotifyMailOutcome,
} from '../../../db/schema/index.ts';
import type { NotifyMailKind, NotifyMailMode } from '../../../shared/schemas/notification-mail.ts';

type MailModes = Partial<Record<NotifyMailKind | 'workshop_reminder' | 'reaction', NotifyMailMode>>;

export interface PendingNotification {
  id: number;
  userId: number;
  kind: (typeof notifications.$inferSelect)['kind'];
  threadId: number | null;
  postId: number | null;
  createdAt: Date;
  readAt: Date | null;
  email: string;
  locale: 'es' | 'pt' | 'en' | null;
  displayName: string;
}

export interface Decision {
  notificationId: number;
  userId: number;
  outcome: NotifyMailOutcome;
  batchKey?: string | null;
}

/** Notification mail's own tables: preferences, what became of each notification, the install's secret. */
export function createNotificationMailRepository(db: Db) {
  const pendingQuery = (fromId: number, limit: number) => db
    .select({
      id: notifications.id,
      userId: notifications.userId,
      kind: notifications.kind,
      threadId: notifications.threadId,
      postId: notifications.postId,
      createdAt: notifications.createdAt,
      readAt: notifications.readAt,
      email: users.email,
      locale: users.locale,
      displayName: users.displayName,
    })
    .from(notifications)
    .innerJoin(users, eq(users.id, notifications.userId))
    .where(
      sql`${notifications.id} >= ${fromId}
        AND NOT EXISTS (SELECT 1 FROM ${notificationMailState} s WHERE s.notification_id = ${notifications.id})`,
    )
    .orderBy(asc(notifications.id))
    .limit(limit);

  // Reading a thread asks this each time: compiled once.
  const waitingStmt = prepared<{ id: number }>(
    db,
    sql`SELECT n.id FROM ${notifications} n
        WHERE n.user_id = ${sql.placeholder('userId')} AND n.thread_id = ${sql.placeholder('threadId')}
          AND n.id >= ${sql.placeholder('fromId')}
          AND NOT EXISTS (SELECT 1 FROM ${notificationMailState} s WHERE s.notification_id = n.id)
        LIMIT 1`,
  );

  const setting = async (name: string): Promise<string | undefined> =>
    (await db.select({ value: notificationMailSettings.value }).from(notificationMailSettings).where(eq(notificationMailSettings.name, name)).limit(1))[0]?.value;

  return {
    setting,

    /** Sets a value only when none is there yet; returns the value that is stored. */
    async settingOnce(name: string, value: () => string | Promise<string>): Promise<string> {
      await db.insert(notificationMailSettings).values({ name, value: await value() }).onConflictDoNothing();
      return (await setting(name))!;
    },

    async saveSetting(name: string, value: string): Promise<void> {
      await db.insert(notificationMailSettings).values({ name, value }).onConflictDoUpdate({ target: notificationMailSettings.name, set: { value } });
    },

    /** The newest notification id (where mail starts on an install that had none). */
    lastNotificationId: async (): Promise<number> => (await row<{ id: number | null }>(db, sql`SELECT max(id) AS id FROM ${notifications}`))?.id ?? 0,

    /** Notifications nothing was decided about yet, from an id on, oldest first. */
    pending: async (fromId: number, limit: number): Promise<PendingNotification[]> => (await pendingQuery(fromId, limit)) as PendingNotification[],

    /** `writer`: kept for callers that pass the database; inside `transaction(db, …)` the write joins it anyway. */
    async decide(writer: Db, decisions: Decision[], at: Date): Promise<void> {
      if (decisions.length === 0) return;
      await writer
        .insert(notificationMailState)
        .values(decisions.map((d) => ({ notificationId: d.notificationId, userId: d.userId, outcome: d.outcome, batchKey: d.batchKey ?? null, decidedAt: at })))
        .onConflictDoNothing();
    },

    /** Opening a thread counts as seeing what is waiting about it: it is not mailed. */
    async markThreadSeen(userId: number, threadId: number, fromId: number, at: Date): Promise<number> {
      // Reading a thread is frequent: write only when something is waiting about it.
      if (!(await waitingStmt.get({ userId, threadId, fromId }))) return 0;
      return exec(
        db,
        sql`INSERT INTO ${notificationMailState} (notification_id, user_id, outcome, batch_key, decided_at)
            SELECT n.id, n.user_id, 'seen', NULL, CAST(${at.getTime()} AS bigint) FROM ${notifications} n
            WHERE n.user_id = ${userId} AND n.thread_id = ${threadId} AND n.id >= ${fromId}
              AND NOT EXISTS (SELECT 1 FROM ${notificationMailState} s WHERE s.notification_id = n.id)
            ON CONFLICT DO NOTHING`,
      );
    },

    /** Mails (batches) sent to a member since a moment: the hourly cap counts these. */
    async mailedSince(userId: number, since: Date): Promise<number> {
      return (
        (
          await row<{ n: number }>(
            db,
            sql`SELECT count(DISTINCT batch_key) AS n FROM ${notificationMailState}
              WHERE user_id = ${userId} AND outcome = 'mailed' AND decided_at >= ${since.getTime()}`,
          )
        )?.n ?? 0
      );
    },

    /** Ids of the notifications held for the digest, created since a moment, oldest first. */
    async heldSince(userId: number, since: Date): Promise<number[]> {
      return (
        await db
        .select({ id: notifications.id })
        .from(notificationMailState)
        .innerJoin(notifications, eq(notifications.id, notificationMailState.notificationId))
        .where(and(eq(notificationMailState.userId, userId), eq(notificationMailState.outcome, 'held'), gte(notifications.createdAt, since)))
        .orderBy(asc(notifications.id))
      ).map((r) => r.id);
    },

    /** The same for many members at once (the digest asks for a batch), with each one's language. */
    async heldSinceMany(userIds: number[], since: Date): Promise<{ userId: number; id: number; locale: 'es' | 'pt' | 'en' | null }[]> {
      const rows: { userId: number; id: number; locale: 'es' | 'pt' | 'en' | null }[] = [];
      for (let i = 0; i < userIds.length; i += 500) {
        rows.push(
          ...(await db
            .select({ userId: notificationMailState.userId, id: notifications.id, locale: users.locale })
            .from(notificationMailState)
            .innerJoin(notifications, eq(notifications.id, notificationMailState.notificationId))
            .innerJoin(users, eq(users.id, notificationMailState.userId))
            .where(
              and(inArray(notificationMailState.userId, userIds.slice(i, i + 500)), eq(notificationMailState.outcome, 'held'), gte(notifications.createdAt, since)),
            )
            .orderBy(asc(notifications.id))),
        );
      }
      return rows;
    },

    async outcomeOf(notificationId: number): Promise<NotifyMailOutcome | undefined> {
      const [found] = await db
        .select({ outcome: notificationMailState.outcome })
        .from(notificationMailState)
        .where(eq(notificationMailState.notificationId, notificationId))
        .limit(1);
      return found?.outcome;
    },

    /** The cooked (sanitized) HTML and plain text of posts, for quoting. */
    async postBodies(ids: number[]): Promise<Map<number, { html: string; text: string | null }>> {
      if (ids.length === 0) return new Map();
      const rows = await db.select({ id: posts.id, html: posts.bodyHtml, text: posts.bodyText }).from(posts).where(inArray(posts.id, ids));
      return new Map(rows.map((r) => [r.id, { html: r.html, text: r.text }]));
    },

    /** The member's choices: the notification kinds' modes, `workshop_reminder` and `reaction` ('never' when off). */
    async preferences(userId: number): Promise<Partial<Record<NotifyMailKind | 'workshop_reminder' | 'reaction', NotifyMailMode>>> {
      return (await db.select({ modes: mailPreferences.modes }).from(mailPreferences).where(eq(mailPreferences.userId, userId)).limit(1))[0]?.modes ?? {};
    },

    async savePreferences(userId: number, modes: Partial<Record<NotifyMailKind | 'workshop_reminder' | 'reaction', NotifyMailMode>>): Promise<void> {
      await db
        .insert(mailPreferences)
        .values({ userId, modes })
        .onConflictDoUpdate({ target: mailPreferences.userId, set: { modes, updatedAt: new Date() } });
    },

    /** Reads the member's choices and writes them changed, as one: two changes at once both count. */
    async updatePreferences(userId: number, change: (modes: MailModes) => MailModes): Promise<void> {
      await transaction(db, async () => {
        await this.savePreferences(userId, change(await this.preferences(userId)));
      });
    },

    userExists: async (userId: number): Promise<boolean> => (await db.select({ id: users.id }).from(users).where(eq(users.id, userId)).limit(1)).length > 0,
  };
}

export type NotificationMailRepository = ReturnType<typeof createNotificationMailRepository>;
