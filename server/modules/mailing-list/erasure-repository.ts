import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { mailingListSubscriptions } from '../../../db/schema/index.ts';

/** An erased member's mailing-list subscriptions. */
export function eraseMailingListRows(db: Db, userId: number): Record<string, number> {
  return { mailing_list_subscriptions: db.delete(mailingListSubscriptions).where(eq(mailingListSubscriptions.userId, userId)).run().changes };
}
