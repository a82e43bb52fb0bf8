import { eq } from 'drizzle-orm';
import { changed } from '../../../db/access.ts';
import type { Db } from '../../../db/client.ts';
import { mailingListSubscriptions } from '../../../db/schema/index.ts';

/** An erased member's mailing-list subscriptions. */
export async function eraseMailingListRows(db: Db, userId: number): Promise<Record<string, number>> {
  return { mailing_list_subscriptions: changed(await db.delete(mailingListSubscriptions).where(eq(mailingListSubscriptions.userId, userId))) };
}
