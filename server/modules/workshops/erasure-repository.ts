import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { workshopHosts, workshopMessages, workshopMutes, workshopQuestions, workshopRegistrations, workshops, workshopVotes } from '../../../db/schema/index.ts';

/**
 * An erased member's places in workshops: registrations (the counts follow), host roles, votes
 * (the questions' counts follow), mutes. Chat messages stay in the transcript under "Deleted
 * member", or are deleted like their posts when the member asked for their posts removed.
 */
export function eraseWorkshopRows(db: Db, userId: number, options: { removeMessages: boolean }): Record<string, number> {
  const registeredIn = db.select({ id: workshopRegistrations.workshopId }).from(workshopRegistrations).where(eq(workshopRegistrations.userId, userId)).all().map((r) => r.id);
  const registrations = db.delete(workshopRegistrations).where(eq(workshopRegistrations.userId, userId)).run().changes;
  if (registeredIn.length) {
    db.update(workshops)
      .set({ registrationCount: sql`max(${workshops.registrationCount} - 1, 0)` })
      .where(inArray(workshops.id, registeredIn))
      .run();
  }
  const votedFor = db.select({ id: workshopVotes.questionId }).from(workshopVotes).where(eq(workshopVotes.userId, userId)).all().map((r) => r.id);
  const votes = db.delete(workshopVotes).where(eq(workshopVotes.userId, userId)).run().changes;
  if (votedFor.length) {
    db.update(workshopQuestions)
      .set({ voteCount: sql`max(${workshopQuestions.voteCount} - 1, 0)` })
      .where(inArray(workshopQuestions.id, votedFor))
      .run();
  }
  const messages = options.removeMessages
    ? db.update(workshopMessages).set({ deletedAt: new Date() }).where(and(eq(workshopMessages.authorId, userId), isNull(workshopMessages.deletedAt))).run().changes
    : 0;
  return {
    workshop_registrations: registrations,
    workshop_votes: votes,
    workshop_hosts: db.delete(workshopHosts).where(eq(workshopHosts.userId, userId)).run().changes,
    workshop_mutes: db.delete(workshopMutes).where(eq(workshopMutes.userId, userId)).run().changes,
    workshop_messages_removed: messages,
  };
}
