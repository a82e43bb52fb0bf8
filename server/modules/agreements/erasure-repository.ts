import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { agreementPeople } from '../../../db/schema/index.ts';

/** An erased member is no longer one of an agreement's nominated people (the agreement itself is the institutions'). */
export function eraseAgreementRows(db: Db, userId: number): Record<string, number> {
  return { agreement_people: db.delete(agreementPeople).where(eq(agreementPeople.userId, userId)).run().changes };
}
