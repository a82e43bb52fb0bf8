import { eq } from 'drizzle-orm';
import { changed } from '../../../db/access.ts';
import type { Db } from '../../../db/client.ts';
import { specialists } from '../../../db/schema/index.ts';

/**
 * A specialist record is the institution's (a CV it published): it stays, but no longer names
 * the erased account as its owner. Contributions (records created, corrections proposed,
 * revisions) are institutional records too and keep their ids, which lead to the anonymised account.
 */
export async function eraseKnowledgeRows(db: Db, userId: number): Promise<Record<string, number>> {
  return { specialists: changed(await db.update(specialists).set({ userId: null }).where(eq(specialists.userId, userId))) };
}
