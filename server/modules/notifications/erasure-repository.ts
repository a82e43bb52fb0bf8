import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { changed } from '../../../db/access.ts';
import { notifications } from '../../../db/schema/index.ts';

/**
 * An erased member's own notifications. Others' notifications about what the member did keep
 * their actor: it now leads to the anonymised account ("Deleted member").
 */
export async function eraseNotificationRows(db: Db, userId: number): Promise<Record<string, number>> {
  return { notifications: changed(await db.delete(notifications).where(eq(notifications.userId, userId))) };
}
