import { eq } from 'drizzle-orm';
import { changed } from '../../../db/access.ts';
import type { Db } from '../../../db/client.ts';
import { agreementPeople } from '../../../db/schema/index.ts';

/** An erased member is no longer one of an agreement's nominated people (the agreement itself is the institutions'). */
export async function eraseAgreementRows(db: Db, userId: number): Promise<Record<string, number>> {
  return { agreement_people: changed(await db.delete(agreementPeople).where(eq(agreementPeople.userId, userId))) };
}
