import { eq } from 'drizzle-orm';
import { changed } from '../../../db/access.ts';
import type { Db } from '../../../db/client.ts';
import { mailDigests } from '../../../db/schema/index.ts';

/** An erased member's digest settings and schedule. */
export async function eraseDigestRows(db: Db, userId: number): Promise<Record<string, number>> {
  return { mail_digests: changed(await db.delete(mailDigests).where(eq(mailDigests.userId, userId))) };
}
