import { eq } from 'drizzle-orm';
import { changed } from '../../../db/access.ts';
import type { Db } from '../../../db/client.ts';
import { drafts } from '../../../db/schema/index.ts';

/** An erased member's unsent drafts. */
export async function eraseDraftRows(db: Db, userId: number): Promise<Record<string, number>> {
  return { drafts: changed(await db.delete(drafts).where(eq(drafts.userId, userId))) };
}
