import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { mailPreferences, notificationMailState } from '../../../db/schema/index.ts';

/** An erased member's mail preferences and what was decided about mailing their notifications. */
export function eraseNotificationMailRows(db: Db, userId: number): Record<string, number> {
  return {
    notification_mail_state: db.delete(notificationMailState).where(eq(notificationMailState.userId, userId)).run().changes,
    mail_preferences: db.delete(mailPreferences).where(eq(mailPreferences.userId, userId)).run().changes,
  };
}
