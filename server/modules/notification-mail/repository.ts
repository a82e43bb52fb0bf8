import { and, asc, eq, gte, inArray, sql } from 'drizzle-orm';
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
  const pendingStmt = db
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
      sql`${notifications.id} >= ${sql.placeholder('fromId')}
        AND NOT EXISTS (SELECT 1 FROM ${notificationMailState} s WHERE s.notification_id = ${notifications.id})`,
    )
    .orderBy(asc(notifications.id))
    .limit(sql.placeholder('limit'))
    .prepare();

  const waitingStmt = db
    .select({ id: notifications.id })
    .from(notifications)
    .where(
      sql`${notifications.userId} = ${sql.placeholder('userId')} AND ${notifications.threadId} = ${sql.placeholder('threadId')}
        AND ${notifications.id} >= ${sql.placeholder('fromId')}
        AND NOT EXISTS (SELECT 1 FROM ${notificationMailState} s WHERE s.notification_id = ${notifications.id})`,
    )
    .limit(1)
    .prepare();

  const setting = (name: string): string | undefined =>
    db.select({ value: notificationMailSettings.value }).from(notificationMailSettings).where(eq(notificationMailSettings.name, name)).get()?.value;

  return {
    transaction: <T>(work: (tx: Db) => T): T => db.transaction((tx) => work(tx as unknown as Db)),

    setting,

    /** Sets a value only when none is there yet; returns the value that is stored. */
    settingOnce(name: string, value: () => string): string {
      db.insert(notificationMailSettings).values({ name, value: value() }).onConflictDoNothing().run();
      return setting(name)!;
    },

    saveSetting(name: string, value: string): void {
      db.insert(notificationMailSettings).values({ name, value }).onConflictDoUpdate({ target: notificationMailSettings.name, set: { value } }).run();
    },

    /** The newest notification id (where mail starts on an install that had none). */
    lastNotificationId: (): number => db.get<{ id: number | null }>(sql`SELECT max(id) AS id FROM ${notifications}`)?.id ?? 0,

    /** Notifications nothing was decided about yet, from an id on, oldest first. */
    pending: (fromId: number, limit: number): PendingNotification[] => pendingStmt.all({ fromId, limit }) as PendingNotification[],

    decide(writer: Db, decisions: Decision[], at: Date): void {
      if (decisions.length === 0) return;
      writer
        .insert(notificationMailState)
        .values(decisions.map((d) => ({ notificationId: d.notificationId, userId: d.userId, outcome: d.outcome, batchKey: d.batchKey ?? null, decidedAt: at })))
        .onConflictDoNothing()
        .run();
    },

    /** Opening a thread counts as seeing what is waiting about it: it is not mailed. */
    markThreadSeen(userId: number, threadId: number, fromId: number, at: Date): number {
      // Reading a thread is frequent: write only when something is waiting about it.
      if (!waitingStmt.get({ userId, threadId, fromId })) return 0;
      return db.run(
        sql`INSERT INTO ${notificationMailState} (notification_id, user_id, outcome, batch_key, decided_at)
            SELECT n.id, n.user_id, 'seen', NULL, ${at.getTime()} FROM ${notifications} n
            WHERE n.user_id = ${userId} AND n.thread_id = ${threadId} AND n.id >= ${fromId}
              AND NOT EXISTS (SELECT 1 FROM ${notificationMailState} s WHERE s.notification_id = n.id)
            ON CONFLICT DO NOTHING`,
      ).changes;
    },

    /** Mails (batches) sent to a member since a moment: the hourly cap counts these. */
    mailedSince(userId: number, since: Date): number {
      return (
        db.get<{ n: number }>(
          sql`SELECT count(DISTINCT batch_key) AS n FROM ${notificationMailState}
              WHERE user_id = ${userId} AND outcome = 'mailed' AND decided_at >= ${since.getTime()}`,
        )?.n ?? 0
      );
    },

    /** Ids of the notifications held for the digest, created since a moment, oldest first. */
    heldSince(userId: number, since: Date): number[] {
      return db
        .select({ id: notifications.id })
        .from(notificationMailState)
        .innerJoin(notifications, eq(notifications.id, notificationMailState.notificationId))
        .where(and(eq(notificationMailState.userId, userId), eq(notificationMailState.outcome, 'held'), gte(notifications.createdAt, since)))
        .orderBy(asc(notifications.id))
        .all()
        .map((r) => r.id);
    },

    /** The same for many members at once (the digest asks for a batch), with each one's language. */
    heldSinceMany(userIds: number[], since: Date): { userId: number; id: number; locale: 'es' | 'pt' | 'en' | null }[] {
      const rows: { userId: number; id: number; locale: 'es' | 'pt' | 'en' | null }[] = [];
      for (let i = 0; i < userIds.length; i += 500) {
        rows.push(
          ...db
            .select({ userId: notificationMailState.userId, id: notifications.id, locale: users.locale })
            .from(notificationMailState)
            .innerJoin(notifications, eq(notifications.id, notificationMailState.notificationId))
            .innerJoin(users, eq(users.id, notificationMailState.userId))
            .where(
              and(inArray(notificationMailState.userId, userIds.slice(i, i + 500)), eq(notificationMailState.outcome, 'held'), gte(notifications.createdAt, since)),
            )
            .orderBy(asc(notifications.id))
            .all(),
        );
      }
      return rows;
    },

    outcomeOf(notificationId: number): NotifyMailOutcome | undefined {
      return db
        .select({ outcome: notificationMailState.outcome })
        .from(notificationMailState)
        .where(eq(notificationMailState.notificationId, notificationId))
        .get()?.outcome;
    },

    /** The cooked (sanitized) HTML and plain text of posts, for quoting. */
    postBodies(ids: number[]): Map<number, { html: string; text: string | null }> {
      if (ids.length === 0) return new Map();
      const rows = db.select({ id: posts.id, html: posts.bodyHtml, text: posts.bodyText }).from(posts).where(inArray(posts.id, ids)).all();
      return new Map(rows.map((r) => [r.id, { html: r.html, text: r.text }]));
    },

    /** The member's choices: the notification kinds' modes, `workshop_reminder` and `reaction` ('never' when off). */
    preferences(userId: number): Partial<Record<NotifyMailKind | 'workshop_reminder' | 'reaction', NotifyMailMode>> {
      return db.select({ modes: mailPreferences.modes }).from(mailPreferences).where(eq(mailPreferences.userId, userId)).get()?.modes ?? {};
    },

    savePreferences(userId: number, modes: Partial<Record<NotifyMailKind | 'workshop_reminder' | 'reaction', NotifyMailMode>>): void {
      db.insert(mailPreferences)
        .values({ userId, modes })
        .onConflictDoUpdate({ target: mailPreferences.userId, set: { modes, updatedAt: new Date() } })
        .run();
    },

    userExists: (userId: number): boolean => db.select({ id: users.id }).from(users).where(eq(users.id, userId)).get() !== undefined,
  };
}

export type NotificationMailRepository = ReturnType<typeof createNotificationMailRepository>;
