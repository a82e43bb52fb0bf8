import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { userWarnings } from '../../../db/schema/index.ts';

/**
 * Warnings are about the person: they go. Reports they filed and held posts stay (they are about
 * content; the reporter now shows as the anonymised account); the audit log keeps its actions.
 */
export function eraseModerationRows(db: Db, userId: number): Record<string, number> {
  return { user_warnings: db.delete(userWarnings).where(eq(userWarnings.userId, userId)).run().changes };
}
