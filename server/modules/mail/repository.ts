import { and, desc, eq, inArray, lt, lte, sql } from 'drizzle-orm';
import { changed } from '../../../db/access.ts';
import type { Db } from '../../../db/client.ts';
import { mailOutbox, type MailOutboxRow, type MailStatus, type NewMailOutboxRow } from '../../../db/schema/index.ts';

/** The database or the transaction a caller is in: an enqueue commits with what caused it. */
export type MailWriter = Pick<Db, 'insert'>;

export type NewOutboxMessage = Omit<NewMailOutboxRow, 'id' | 'attempts' | 'sentAt' | 'createdAt' | 'updatedAt'>;

/** What the admins' list shows of a message: everything but its parts and headers. */
const summary = {
  id: mailOutbox.id,
  recipient: mailOutbox.recipient,
  userId: mailOutbox.userId,
  kind: mailOutbox.kind,
  transactional: mailOutbox.transactional,
  locale: mailOutbox.locale,
  subject: mailOutbox.subject,
  eventKey: mailOutbox.eventKey,
  status: mailOutbox.status,
  attempts: mailOutbox.attempts,
  nextAttemptAt: mailOutbox.nextAttemptAt,
  lastError: mailOutbox.lastError,
  sentAt: mailOutbox.sentAt,
  createdAt: mailOutbox.createdAt,
  updatedAt: mailOutbox.updatedAt,
};
export type OutboxSummaryRow = Omit<MailOutboxRow, 'html' | 'text' | 'headers' | 'attachments' | 'bounceKey'>;

/** The outbox table's one owner: enqueue, claim, settle, and the admins' reads. */
export function createOutboxRepository(db: Db) {
  return {
    /** Inserts the message unless one with the same event key exists; returns its id, or null when it did. */
    async insert(writer: MailWriter, message: NewOutboxMessage): Promise<number | null> {
      const [row] = await writer
        .insert(mailOutbox)
        .values(message)
        .onConflictDoNothing({ target: mailOutbox.eventKey })
        .returning({ id: mailOutbox.id });
      return row?.id ?? null;
    },

    /**
     * Claims up to `limit` due messages for one sending attempt: their due time moves ahead by
     * the lease and their attempts count up, in one statement, so two senders never take the
     * same row and a sender killed mid-send leaves rows that come due again after the lease.
     */
    async claimDue(now: Date, leaseMs: number, limit: number): Promise<MailOutboxRow[]> {
      const due = db
        .select({ id: mailOutbox.id })
        .from(mailOutbox)
        .where(and(eq(mailOutbox.status, 'pending'), lte(mailOutbox.nextAttemptAt, now)))
        .orderBy(mailOutbox.nextAttemptAt, mailOutbox.id)
        .limit(limit);
      return await db
        .update(mailOutbox)
        .set({ attempts: sql`${mailOutbox.attempts} + 1`, nextAttemptAt: new Date(now.getTime() + leaseMs), updatedAt: now })
        .where(and(inArray(mailOutbox.id, due), eq(mailOutbox.status, 'pending'), lte(mailOutbox.nextAttemptAt, now)))
        .returning();
    },

    /** When the next pending message comes due, or null when none is pending. */
    async nextDueAt(): Promise<Date | null> {
      const [row] = await db
        .select({ at: sql<number | null>`min(${mailOutbox.nextAttemptAt})` })
        .from(mailOutbox)
        .where(eq(mailOutbox.status, 'pending'));
      return row?.at == null ? null : new Date(row.at);
    },

    async markSent(id: number, at: Date): Promise<void> {
      await db.update(mailOutbox).set({ status: 'sent', sentAt: at, lastError: null, updatedAt: at }).where(eq(mailOutbox.id, id));
    },

    /** A failed attempt: due again at `retryAt`, or failed for good when that is null. */
    async markAttemptFailed(id: number, error: string, retryAt: Date | null, at: Date): Promise<void> {
      await db
        .update(mailOutbox)
        .set(
          retryAt
            ? { lastError: error, nextAttemptAt: retryAt, updatedAt: at }
            : { status: 'failed', lastError: error, updatedAt: at },
        )
        .where(and(eq(mailOutbox.id, id), eq(mailOutbox.status, 'pending')));
    },

    /** A failed message goes back to the queue, due now, its attempts counted afresh. */
    async requeueFailed(id: number, now: Date): Promise<boolean> {
      return (
        changed(
          await db
            .update(mailOutbox)
            .set({ status: 'pending', attempts: 0, nextAttemptAt: now, updatedAt: now })
            .where(and(eq(mailOutbox.id, id), eq(mailOutbox.status, 'failed'))),
        ) > 0
      );
    },

    async findById(id: number): Promise<MailOutboxRow | undefined> {
      return (await db.select().from(mailOutbox).where(eq(mailOutbox.id, id)).limit(1))[0];
    },

    /** Those of these event keys already enqueued (a scheduler skips what it has done). */
    async existingEventKeys(eventKeys: string[]): Promise<Set<string>> {
      if (eventKeys.length === 0) return new Set();
      const rows = await db.select({ key: mailOutbox.eventKey }).from(mailOutbox).where(inArray(mailOutbox.eventKey, eventKeys));
      return new Set(rows.map((row) => row.key));
    },

    /** The message a bounce is about, by its envelope sender's key. */
    async findByBounceKey(bounceKey: string): Promise<Pick<MailOutboxRow, 'id' | 'recipient' | 'userId'> | undefined> {
      const [row] = await db
        .select({ id: mailOutbox.id, recipient: mailOutbox.recipient, userId: mailOutbox.userId })
        .from(mailOutbox)
        .where(eq(mailOutbox.bounceKey, bounceKey))
        .limit(1);
      return row;
    },

    async findByEventKey(eventKey: string): Promise<MailOutboxRow | undefined> {
      return (await db.select().from(mailOutbox).where(eq(mailOutbox.eventKey, eventKey)).limit(1))[0];
    },

    /** Newest first, keyset by id. */
    async list(filter: { status?: MailStatus; beforeId?: number; limit: number }): Promise<OutboxSummaryRow[]> {
      return await db
        .select(summary)
        .from(mailOutbox)
        .where(
          and(
            filter.status ? eq(mailOutbox.status, filter.status) : undefined,
            filter.beforeId !== undefined ? lt(mailOutbox.id, filter.beforeId) : undefined,
          ),
        )
        .orderBy(desc(mailOutbox.id))
        .limit(filter.limit);
    },
  };
}

export type OutboxRepository = ReturnType<typeof createOutboxRepository>;
