import { eq } from 'drizzle-orm';
import { changed } from '../../../db/access.ts';
import type { Db } from '../../../db/client.ts';
import { bookmarks } from '../../../db/schema/index.ts';

/** An erased member's bookmarks (and so their reminders). */
export async function eraseBookmarkRows(db: Db, userId: number): Promise<Record<string, number>> {
  return { bookmarks: changed(await db.delete(bookmarks).where(eq(bookmarks.userId, userId))) };
}
