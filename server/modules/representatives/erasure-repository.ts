import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { institutionRepresentatives } from '../../../db/schema/index.ts';

/** An erased member no longer represents any institution. */
export function eraseRepresentativeRows(db: Db, userId: number): Record<string, number> {
  return { institution_representatives: db.delete(institutionRepresentatives).where(eq(institutionRepresentatives.userId, userId)).run().changes };
}
