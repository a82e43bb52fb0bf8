import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { bookmarks } from '../../../db/schema/index.ts';

/** An erased member's bookmarks (and so their reminders). */
export function eraseBookmarkRows(db: Db, userId: number): Record<string, number> {
  return { bookmarks: db.delete(bookmarks).where(eq(bookmarks.userId, userId)).run().changes };
}
