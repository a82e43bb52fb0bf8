import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { drafts } from '../../../db/schema/index.ts';

/** An erased member's unsent drafts. */
export function eraseDraftRows(db: Db, userId: number): Record<string, number> {
  return { drafts: db.delete(drafts).where(eq(drafts.userId, userId)).run().changes };
}
