import { createHash } from 'node:crypto';
import { and, eq, gte, sql } from 'drizzle-orm';
import { changed } from '../../../db/access.ts';
import type { Db } from '../../../db/client.ts';
import { mailBounces, mailInboundMessages, mailReplyKeys } from '../../../db/schema/index.ts';
import { perDatabase } from '../area.ts';

/** The database or the transaction of the mail being enqueued: a key commits with its message. */
export type KeyWriter = Pick<Db, 'insert'>;

/** Hard bounces after which an address gets no more mail. */
export const HARD_BOUNCE_LIMIT = 3;

export const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');

/** The inbound mail area's tables: reply keys, bounces per address, mail already handled. */
export function createInboundMailRepository(db: Db) {
  return {
    /** Records a reply key (by its hash) for a recipient and a thread, inside the caller's write. */
    async insertReplyKey(writer: KeyWriter, key: string, userId: number, threadId: number): Promise<void> {
      await writer.insert(mailReplyKeys).values({ keyHash: hashKey(key), userId, threadId });
    },

    async findReplyKey(key: string): Promise<{ userId: number; threadId: number } | undefined> {
      const [row] = await db
        .select({ userId: mailReplyKeys.userId, threadId: mailReplyKeys.threadId })
        .from(mailReplyKeys)
        .where(eq(mailReplyKeys.keyHash, hashKey(key)))
        .limit(1);
      return row;
    },

    /** Claims a received Message-ID; false when it was handled before. */
    async claimMessage(messageId: string, kind: 'reply' | 'bounce'): Promise<boolean> {
      const [row] = await db
        .insert(mailInboundMessages)
        .values({ messageId, kind, outcome: 'received' })
        .onConflictDoNothing({ target: mailInboundMessages.messageId })
        .returning({ id: mailInboundMessages.id });
      return row !== undefined;
    },

    /** Forgets a claim whose handling failed unexpectedly, so the sender's retry is handled. */
    async releaseMessage(messageId: string): Promise<void> {
      await db.delete(mailInboundMessages).where(eq(mailInboundMessages.messageId, messageId));
    },

    async settleMessage(messageId: string, outcome: string): Promise<void> {
      await db.update(mailInboundMessages).set({ outcome }).where(eq(mailInboundMessages.messageId, messageId));
    },

    /** One more hard bounce of this member's address; returns the count. */
    async countHardBounce(userId: number, address: string, status: string, at: Date): Promise<number> {
      const [row] = await db
        .insert(mailBounces)
        .values({ userId, address: address.toLowerCase(), hardBounces: 1, lastStatus: status, lastBounceAt: at })
        .onConflictDoUpdate({
          target: [mailBounces.userId, mailBounces.address],
          set: { hardBounces: sql`${mailBounces.hardBounces} + 1`, lastStatus: status, lastBounceAt: at },
        })
        .returning({ count: mailBounces.hardBounces });
      return row?.count ?? 0;
    },

    /** Whether this member's address has bounced too often to be mailed. */
    async isBouncing(userId: number, address: string): Promise<boolean> {
      const [row] = await db
        .select({ id: mailBounces.id })
        .from(mailBounces)
        .where(and(eq(mailBounces.userId, userId), eq(mailBounces.address, address.toLowerCase()), gte(mailBounces.hardBounces, HARD_BOUNCE_LIMIT)))
        .limit(1);
      return row !== undefined;
    },

    /** Forgets a member's bounces (an admin says the address works again). */
    async clearBounces(userId: number): Promise<boolean> {
      return changed(await db.delete(mailBounces).where(eq(mailBounces.userId, userId))) > 0;
    },
  };
}

export type InboundMailRepository = ReturnType<typeof createInboundMailRepository>;

/** Built once per database: the mail area (keys, refusals) and the users area (the banner) read it too. */
export const inboundMailRepositories = perDatabase((database) => ({ inbound: createInboundMailRepository(database.db) }));
