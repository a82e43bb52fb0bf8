import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { mailDigests } from '../../../db/schema/index.ts';

/** An erased member's digest settings and schedule. */
export function eraseDigestRows(db: Db, userId: number): Record<string, number> {
  return { mail_digests: db.delete(mailDigests).where(eq(mailDigests.userId, userId)).run().changes };
}
