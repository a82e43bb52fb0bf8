import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { mailBounces, mailReplyKeys } from '../../../db/schema/index.ts';

/** An erased member's reply-by-mail keys (a reply by mail can no longer post as them) and bounce counts (their address). */
export function eraseInboundMailRows(db: Db, userId: number): Record<string, number> {
  return {
    mail_reply_keys: db.delete(mailReplyKeys).where(eq(mailReplyKeys.userId, userId)).run().changes,
    mail_bounces: db.delete(mailBounces).where(eq(mailBounces.userId, userId)).run().changes,
  };
}
