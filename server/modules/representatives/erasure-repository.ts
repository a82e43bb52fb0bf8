import { eq } from 'drizzle-orm';
import { changed } from '../../../db/access.ts';
import type { Db } from '../../../db/client.ts';
import { institutionRepresentatives } from '../../../db/schema/index.ts';

/** An erased member no longer represents any institution. */
export async function eraseRepresentativeRows(db: Db, userId: number): Promise<Record<string, number>> {
  return { institution_representatives: changed(await db.delete(institutionRepresentatives).where(eq(institutionRepresentatives.userId, userId))) };
}
