import { eq } from 'drizzle-orm';
import { changed } from '../../../db/access.ts';
import type { Db } from '../../../db/client.ts';
import { mailPreferences, notificationMailState } from '../../../db/schema/index.ts';

/** An erased member's mail preferences and what was decided about mailing their notifications. */
export async function eraseNotificationMailRows(db: Db, userId: number): Promise<Record<string, number>> {
  return {
    notification_mail_state: changed(await db.delete(notificationMailState).where(eq(notificationMailState.userId, userId))),
    mail_preferences: changed(await db.delete(mailPreferences).where(eq(mailPreferences.userId, userId))),
  };
}
