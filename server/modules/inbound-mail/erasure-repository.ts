import { eq } from 'drizzle-orm';
import { changed } from '../../../db/access.ts';
import type { Db } from '../../../db/client.ts';
import { mailBounces, mailReplyKeys } from '../../../db/schema/index.ts';

/** An erased member's reply-by-mail keys (a reply by mail can no longer post as them) and bounce counts (their address). */
export async function eraseInboundMailRows(db: Db, userId: number): Promise<Record<string, number>> {
  return {
    mail_reply_keys: changed(await db.delete(mailReplyKeys).where(eq(mailReplyKeys.userId, userId))),
    mail_bounces: changed(await db.delete(mailBounces).where(eq(mailBounces.userId, userId))),
  };
}
