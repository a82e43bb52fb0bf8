import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { changed } from '../../../db/access.ts';
import { greatest } from '../../../db/dialect.ts';
import { workshopHosts, workshopMessages, workshopMutes, workshopQuestions, workshopRegistrations, workshops, workshopVotes } from '../../../db/schema/index.ts';

/**
 * An erased member's places in workshops: registrations (the counts follow), host roles, votes
 * (the questions' counts follow), mutes. Chat messages stay in the transcript under "Deleted
 * member", or are deleted like their posts when the member asked for their posts removed.
 */
export async function eraseWorkshopRows(db: Db, userId: number, options: { removeMessages: boolean }): Promise<Record<string, number>> {
  const registeredIn = (await db.select({ id: workshopRegistrations.workshopId }).from(workshopRegistrations).where(eq(workshopRegistrations.userId, userId))).map((r) => r.id);
  const registrations = changed(await db.delete(workshopRegistrations).where(eq(workshopRegistrations.userId, userId)));
  if (registeredIn.length) {
    await db
      .update(workshops)
      .set({ registrationCount: sql`${greatest(sql`${workshops.registrationCount} - 1`, 0)}` })
      .where(inArray(workshops.id, registeredIn));
  }
  const votedFor = (await db.select({ id: workshopVotes.questionId }).from(workshopVotes).where(eq(workshopVotes.userId, userId))).map((r) => r.id);
  const votes = changed(await db.delete(workshopVotes).where(eq(workshopVotes.userId, userId)));
  if (votedFor.length) {
    await db
      .update(workshopQuestions)
      .set({ voteCount: sql`${greatest(sql`${workshopQuestions.voteCount} - 1`, 0)}` })
      .where(inArray(workshopQuestions.id, votedFor));
  }
  const messages = options.removeMessages
    ? changed(await db.update(workshopMessages).set({ deletedAt: new Date() }).where(and(eq(workshopMessages.authorId, userId), isNull(workshopMessages.deletedAt))))
    : 0;
  return {
    workshop_registrations: registrations,
    workshop_votes: votes,
    workshop_hosts: changed(await db.delete(workshopHosts).where(eq(workshopHosts.userId, userId))),
    workshop_mutes: changed(await db.delete(workshopMutes).where(eq(workshopMutes.userId, userId))),
    workshop_messages_removed: messages,
  };
}
