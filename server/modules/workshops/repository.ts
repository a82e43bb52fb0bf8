import { and, asc, desc, eq, gt, gte, inArray, isNotNull, isNull, lt, lte, max, or, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../../db/client.ts';
import { readableCommunity } from '../communities/readable.ts';
import {
  communities,
  communityMembers,
  users,
  workshopHosts,
  workshopMessages,
  workshopMutes,
  workshopQuestions,
  workshopRegistrations,
  workshops,
  workshopVotes,
  type WorkshopMessageRow,
  type WorkshopRow,
} from '../../../db/schema/index.ts';
import type { WorkshopPerson, WorkshopStatus } from '../../../shared/schemas/workshops.ts';

export type NewWorkshop = Omit<typeof workshops.$inferInsert, 'id'>;
export type MessageWithAuthor = WorkshopMessageRow & { author: WorkshopPerson };
export type QuestionWithPeople = typeof workshopQuestions.$inferSelect & { author: WorkshopPerson; answeredBy: WorkshopPerson | null };

const person = { id: users.id, username: users.username, displayName: users.displayName };

/** Which rows a listing status covers at `now` (see WORKSHOP_STATUSES). */
export function statusCondition(status: WorkshopStatus, now: Date | SQLWrapper): SQL {
  const scheduled = eq(workshops.room, 'scheduled');
  if (status === 'live') return or(eq(workshops.room, 'open'), and(scheduled, lte(workshops.startsAt, now), gt(workshops.endsAt, now)))!;
  if (status === 'upcoming') return and(scheduled, gt(workshops.startsAt, now))!;
  return or(eq(workshops.room, 'closed'), and(scheduled, lte(workshops.endsAt, now)))!;
}

/**
 * The SQL twin of the workshop page's read rule (context.ts `access`): its community readable
 * by the viewer (the one condition, communities/readable.ts), or the viewer one of its hosts
 * from outside the community (`workshopPolicy.readsAsInvitedHost`: no membership, or pending;
 * a banned host is not let in by being a host).
 */
export function readableWorkshop(viewerId: number | SQLWrapper | undefined): SQL {
  const community = readableCommunity(workshops.communityId, viewerId);
  if (viewerId === undefined) return community;
  const invitedHost = sql`(EXISTS (SELECT 1 FROM ${workshopHosts} WHERE ${workshopHosts.workshopId} = ${workshops.id} AND ${workshopHosts.userId} = ${viewerId})
    AND NOT EXISTS (SELECT 1 FROM ${communityMembers} WHERE ${communityMembers.communityId} = ${workshops.communityId}
                    AND ${communityMembers.userId} = ${viewerId} AND ${communityMembers.status} <> 'pending'))`;
  return or(community, invitedHost)!;
}

export function createWorkshopsRepository(db: Db) {
  const byIdStmt = db.select().from(workshops).where(eq(workshops.id, sql.placeholder('id'))).prepare();
  const hostStmt = db
    .select({ userId: workshopHosts.userId })
    .from(workshopHosts)
    .where(and(eq(workshopHosts.workshopId, sql.placeholder('workshopId')), eq(workshopHosts.userId, sql.placeholder('userId'))))
    .prepare();
  const mutedStmt = db
    .select({ userId: workshopMutes.userId })
    .from(workshopMutes)
    .where(and(eq(workshopMutes.workshopId, sql.placeholder('workshopId')), eq(workshopMutes.userId, sql.placeholder('userId'))))
    .prepare();
  const lastMessageStmt = db
    .select({ at: max(workshopMessages.createdAt) })
    .from(workshopMessages)
    .where(and(eq(workshopMessages.workshopId, sql.placeholder('workshopId')), eq(workshopMessages.authorId, sql.placeholder('authorId'))))
    .prepare();
  const messageStmt = db
    .select({ message: workshopMessages, author: person })
    .from(workshopMessages)
    .innerJoin(users, eq(users.id, workshopMessages.authorId))
    .where(eq(workshopMessages.id, sql.placeholder('id')))
    .prepare();

  const withAuthor = (row: { message: WorkshopMessageRow; author: WorkshopPerson }): MessageWithAuthor => ({ ...row.message, author: row.author });

  return {
    /** The member's workshop registrations for their data export (issue 19); titles only of workshops they may read. */
    registrationsForExport(userId: number) {
      return db
        .select({
          workshopId: workshopRegistrations.workshopId,
          title: sql<string | null>`CASE WHEN ${readableCommunity(workshops.communityId, userId)} THEN ${workshops.title} END`,
          startsAt: workshops.startsAt,
          registeredAt: workshopRegistrations.createdAt,
        })
        .from(workshopRegistrations)
        .innerJoin(workshops, eq(workshops.id, workshopRegistrations.workshopId))
        .innerJoin(communities, eq(communities.id, workshops.communityId))
        .where(eq(workshopRegistrations.userId, userId))
        .orderBy(asc(workshopRegistrations.createdAt))
        .all();
    },

    /** The member's own chat messages in workshops, for their data export (issue 19). */
    messagesForExport(userId: number, afterId: number, limit: number) {
      return db
        .select({ id: workshopMessages.id, workshopId: workshopMessages.workshopId, body: workshopMessages.body, bodyHtml: workshopMessages.bodyHtml, createdAt: workshopMessages.createdAt })
        .from(workshopMessages)
        .where(and(eq(workshopMessages.authorId, userId), isNull(workshopMessages.deletedAt), gt(workshopMessages.id, afterId)))
        .orderBy(asc(workshopMessages.id))
        .limit(limit)
        .all();
    },

    /** The member's own questions in workshops, for their data export. */
    questionsForExport(userId: number) {
      return db
        .select({ id: workshopQuestions.id, workshopId: workshopQuestions.workshopId, body: workshopQuestions.body, voteCount: workshopQuestions.voteCount, answeredAt: workshopQuestions.answeredAt, createdAt: workshopQuestions.createdAt })
        .from(workshopQuestions)
        .where(eq(workshopQuestions.authorId, userId))
        .orderBy(asc(workshopQuestions.id))
        .all();
    },

    findById: (id: number): WorkshopRow | undefined => byIdStmt.get({ id }),

    create(row: NewWorkshop, hostIds: number[]): WorkshopRow {
      return db.transaction((tx) => {
        const created = tx.insert(workshops).values(row).returning().get();
        tx.insert(workshopHosts)
          .values(hostIds.map((userId, position) => ({ workshopId: created.id, userId, position })))
          .run();
        return created;
      });
    },

    /** Hosts of several workshops, in their listed order, in one query. */
    hostsOf(workshopIds: number[]): Map<number, WorkshopPerson[]> {
      const out = new Map<number, WorkshopPerson[]>(workshopIds.map((id) => [id, []]));
      if (workshopIds.length === 0) return out;
      const rows = db
        .select({ workshopId: workshopHosts.workshopId, ...person })
        .from(workshopHosts)
        .innerJoin(users, eq(users.id, workshopHosts.userId))
        .where(inArray(workshopHosts.workshopId, workshopIds))
        .orderBy(asc(workshopHosts.position))
        .all();
      for (const { workshopId, ...host } of rows) out.get(workshopId)?.push(host);
      return out;
    },

    isHost: (workshopId: number, userId: number) => hostStmt.get({ workshopId, userId }) !== undefined,

    /** A site-wide suspension still on record (an invited host has no membership row to carry it). */
    suspendedUntil: (userId: number): Date | null =>
      db.select({ until: users.suspendedUntil }).from(users).where(eq(users.id, userId)).get()?.until ?? null,

    userExists: (userId: number) => db.select({ id: users.id }).from(users).where(eq(users.id, userId)).get() !== undefined,

    /** Users by username (lower-cased), for naming hosts. */
    usersByUsername(usernames: string[]): WorkshopPerson[] {
      if (usernames.length === 0) return [];
      return db.select(person).from(users).where(inArray(users.username, usernames)).all();
    },

    /**
     * Workshops the viewer may see (`readableWorkshop`), keyset on (startsAt, id): ascending,
     * or descending for past ones.
     */
    list(options: {
      viewerId?: number;
      communityId?: number;
      status?: WorkshopStatus;
      now: Date;
      after: [number, number] | null;
      limit: number;
    }): WorkshopRow[] {
      const conditions: (SQL | undefined)[] = [readableWorkshop(options.viewerId)];
      if (options.communityId !== undefined) conditions.push(eq(workshops.communityId, options.communityId));
      if (options.status) conditions.push(statusCondition(options.status, options.now));
      const descending = options.status === 'past';
      if (options.after) {
        const [at, id] = options.after;
        const moment = new Date(at);
        conditions.push(
          descending
            ? or(lt(workshops.startsAt, moment), and(eq(workshops.startsAt, moment), lt(workshops.id, id)))
            : or(gt(workshops.startsAt, moment), and(eq(workshops.startsAt, moment), gt(workshops.id, id))),
        );
      }
      const order = descending ? [desc(workshops.startsAt), desc(workshops.id)] : [asc(workshops.startsAt), asc(workshops.id)];
      return db
        .select({ workshop: workshops })
        .from(workshops)
        .innerJoin(communities, eq(communities.id, workshops.communityId))
        .where(and(...conditions))
        .orderBy(...order)
        .limit(options.limit)
        .all()
        .map((r) => r.workshop);
    },

    /**
     * Workshops anyone may see (`readableWorkshop` for an anonymous viewer), in order of id
     * after a keyset position, with the moments their page changed: what crawlers are offered.
     */
    readableByAnyone(afterId: number, limit: number): { id: number; createdAt: Date; openedAt: Date | null; closedAt: Date | null }[] {
      return db
        .select({ id: workshops.id, createdAt: workshops.createdAt, openedAt: workshops.openedAt, closedAt: workshops.closedAt })
        .from(workshops)
        .innerJoin(communities, eq(communities.id, workshops.communityId))
        .where(and(readableWorkshop(undefined), gt(workshops.id, afterId)))
        .orderBy(asc(workshops.id))
        .limit(limit)
        .all();
    },

    registeredAmong(workshopIds: number[], userId: number | undefined): Set<number> {
      if (userId === undefined || workshopIds.length === 0) return new Set();
      const rows = db
        .select({ id: workshopRegistrations.workshopId })
        .from(workshopRegistrations)
        .where(and(eq(workshopRegistrations.userId, userId), inArray(workshopRegistrations.workshopId, workshopIds)))
        .all();
      return new Set(rows.map((r) => r.id));
    },

    /** Registers unless full; one transaction, so two last seats cannot both be taken. */
    register(workshopId: number, userId: number, capacity: number | null): 'registered' | 'already' | 'full' {
      return db.transaction((tx) => {
        const existing = tx
          .select({ userId: workshopRegistrations.userId })
          .from(workshopRegistrations)
          .where(and(eq(workshopRegistrations.workshopId, workshopId), eq(workshopRegistrations.userId, userId)))
          .get();
        if (existing) return 'already';
        const { count } = tx.select({ count: workshops.registrationCount }).from(workshops).where(eq(workshops.id, workshopId)).get()!;
        if (capacity !== null && count >= capacity) return 'full';
        tx.insert(workshopRegistrations).values({ workshopId, userId }).run();
        tx.update(workshops).set({ registrationCount: sql`${workshops.registrationCount} + 1` }).where(eq(workshops.id, workshopId)).run();
        return 'registered';
      });
    },

    unregister(workshopId: number, userId: number): void {
      db.transaction((tx) => {
        const removed = tx
          .delete(workshopRegistrations)
          .where(and(eq(workshopRegistrations.workshopId, workshopId), eq(workshopRegistrations.userId, userId)))
          .run();
        if (removed.changes > 0) {
          tx.update(workshops).set({ registrationCount: sql`${workshops.registrationCount} - 1` }).where(eq(workshops.id, workshopId)).run();
        }
      });
    },

    update(workshopId: number, values: Partial<Pick<WorkshopRow, 'room' | 'openedAt' | 'closedAt' | 'slowModeSeconds' | 'pinnedMessageId' | 'publishedThreadId'>>): void {
      db.update(workshops).set(values).where(eq(workshops.id, workshopId)).run();
    },

    insertMessage(row: { workshopId: number; authorId: number; body: string; bodyHtml: string; createdAt: Date }): number {
      return db.insert(workshopMessages).values(row).returning({ id: workshopMessages.id }).get().id;
    },

    findMessage(id: number): MessageWithAuthor | undefined {
      const row = messageStmt.get({ id });
      return row && withAuthor(row);
    },

    deleteMessage(id: number, at: Date): void {
      db.update(workshopMessages).set({ deletedAt: at }).where(eq(workshopMessages.id, id)).run();
    },

    lastMessageAt(workshopId: number, authorId: number): Date | null {
      const at = lastMessageStmt.get({ workshopId, authorId })?.at;
      return at === null || at === undefined ? null : new Date(at as unknown as number);
    },

    /** Visible messages after an id, oldest first; `newest` takes the last ones instead. */
    messages(workshopId: number, options: { afterId?: number; newest?: boolean; limit: number }): MessageWithAuthor[] {
      const rows = db
        .select({ message: workshopMessages, author: person })
        .from(workshopMessages)
        .innerJoin(users, eq(users.id, workshopMessages.authorId))
        .where(
          and(
            eq(workshopMessages.workshopId, workshopId),
            isNull(workshopMessages.deletedAt),
            options.afterId !== undefined ? gt(workshopMessages.id, options.afterId) : undefined,
          ),
        )
        .orderBy(options.newest ? desc(workshopMessages.id) : asc(workshopMessages.id))
        .limit(options.limit)
        .all()
        .map(withAuthor);
      return options.newest ? rows.reverse() : rows;
    },

    deletedMessageIds(workshopId: number, upToId: number): number[] {
      return db
        .select({ id: workshopMessages.id })
        .from(workshopMessages)
        .where(and(eq(workshopMessages.workshopId, workshopId), isNotNull(workshopMessages.deletedAt), lte(workshopMessages.id, upToId)))
        .all()
        .map((r) => r.id);
    },

    insertQuestion(row: { workshopId: number; authorId: number; body: string; bodyHtml: string; createdAt: Date }): number {
      return db.insert(workshopQuestions).values(row).returning({ id: workshopQuestions.id }).get().id;
    },

    findQuestion(id: number) {
      return db.select().from(workshopQuestions).where(eq(workshopQuestions.id, id)).get();
    },

    /** Ranked: unanswered first, then by votes, then the oldest first. */
    questions(workshopId: number): QuestionWithPeople[] {
      const answerer = alias(users, 'answerer');
      return db
        .select({
          question: workshopQuestions,
          author: person,
          answererUsername: answerer.username,
          answererName: answerer.displayName,
        })
        .from(workshopQuestions)
        .innerJoin(users, eq(users.id, workshopQuestions.authorId))
        .leftJoin(answerer, eq(answerer.id, workshopQuestions.answeredById))
        .where(eq(workshopQuestions.workshopId, workshopId))
        .orderBy(sql`${workshopQuestions.answeredAt} IS NOT NULL`, desc(workshopQuestions.voteCount), asc(workshopQuestions.id))
        .all()
        .map((r) => ({
          ...r.question,
          author: r.author,
          answeredBy:
            r.question.answeredById !== null && r.answererUsername !== null
              ? { id: r.question.answeredById, username: r.answererUsername, displayName: r.answererName ?? '' }
              : null,
        }));
    },

    /** One vote per person: false when this person had voted already. */
    vote(questionId: number, userId: number): boolean {
      return db.transaction((tx) => {
        const inserted = tx.insert(workshopVotes).values({ questionId, userId }).onConflictDoNothing().run();
        if (inserted.changes === 0) return false;
        tx.update(workshopQuestions).set({ voteCount: sql`${workshopQuestions.voteCount} + 1` }).where(eq(workshopQuestions.id, questionId)).run();
        return true;
      });
    },

    votedQuestionIds(workshopId: number, userId: number): number[] {
      return db
        .select({ id: workshopVotes.questionId })
        .from(workshopVotes)
        .innerJoin(workshopQuestions, eq(workshopQuestions.id, workshopVotes.questionId))
        .where(and(eq(workshopQuestions.workshopId, workshopId), eq(workshopVotes.userId, userId)))
        .all()
        .map((r) => r.id);
    },

    answer(questionId: number, values: { answeredById: number; answer: string | null; answerHtml: string | null; at: Date }): void {
      db.update(workshopQuestions)
        .set({ answeredById: values.answeredById, answer: values.answer, answerHtml: values.answerHtml, answeredAt: values.at })
        .where(eq(workshopQuestions.id, questionId))
        .run();
    },

    isMuted: (workshopId: number, userId: number) => mutedStmt.get({ workshopId, userId }) !== undefined,

    mute(workshopId: number, userId: number, mutedById: number): boolean {
      return db.insert(workshopMutes).values({ workshopId, userId, mutedById }).onConflictDoNothing().run().changes > 0;
    },

    unmute(workshopId: number, userId: number): boolean {
      return db.delete(workshopMutes).where(and(eq(workshopMutes.workshopId, workshopId), eq(workshopMutes.userId, userId))).run().changes > 0;
    },

    /** Upcoming and recent workshops of one community, for its calendar feed. */
    forFeed(communityId: number, since: Date, limit: number): WorkshopRow[] {
      return db
        .select()
        .from(workshops)
        .where(and(eq(workshops.communityId, communityId), gte(workshops.endsAt, since)))
        .orderBy(asc(workshops.startsAt))
        .limit(limit)
        .all();
    },
  };
}

export type WorkshopsRepository = ReturnType<typeof createWorkshopsRepository>;
