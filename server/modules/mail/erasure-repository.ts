import { eq } from 'drizzle-orm';
import { changed } from '../../../db/access.ts';
import type { Db } from '../../../db/client.ts';
import { mailOutbox } from '../../../db/schema/index.ts';

/** Mail to an erased member, sent or waiting: it carries their address and name, and must not go out any more. */
export async function eraseOutboxRows(db: Db, userId: number): Promise<Record<string, number>> {
  return { mail_outbox: changed(await db.delete(mailOutbox).where(eq(mailOutbox.userId, userId))) };
}
