import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { mailOutbox } from '../../../db/schema/index.ts';

/** Mail to an erased member, sent or waiting: it carries their address and name, and must not go out any more. */
export function eraseOutboxRows(db: Db, userId: number): Record<string, number> {
  return { mail_outbox: db.delete(mailOutbox).where(eq(mailOutbox.userId, userId)).run().changes };
}
