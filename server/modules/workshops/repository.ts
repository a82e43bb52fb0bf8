import { and, asc, desc, eq, gt, gte, inArray, isNotNull, isNull, lt, lte, or, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../../db/client.ts';
import { changed, prepared, preparedQuery, transaction } from '../../../db/access.ts';
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
  // Asked on every chat message: compiled once.
  const hostStmt = prepared(
    db,
    sql`SELECT 1 AS found FROM ${workshopHosts} WHERE ${workshopHosts.workshopId} = ${sql.placeholder('workshopId')} AND ${workshopHosts.userId} = ${sql.placeholder('userId')}`,
  );
  // Every chat message is read back with its author to be sent to the room: compiled once.
  const messageStmt = preparedQuery<{ message: WorkshopMessageRow; author: WorkshopPerson }>(db, (d) =>
    d
      .select({ message: workshopMessages, author: person })
      .from(workshopMessages)
      .innerJoin(users, eq(users.id, workshopMessages.authorId))
      .where(eq(workshopMessages.id, sql.placeholder('id'))),
  );
  const mutedStmt = prepared(
    db,
    sql`SELECT 1 AS found FROM ${workshopMutes} WHERE ${workshopMutes.workshopId} = ${sql.placeholder('workshopId')} AND ${workshopMutes.userId} = ${sql.placeholder('userId')}`,
  );
  const lastMessageStmt = prepared<{ at: number | null }>(
    db,
    sql`SELECT max(${workshopMessages.createdAt}) AS at FROM ${workshopMessages}
        WHERE ${workshopMessages.workshopId} = ${sql.placeholder('workshopId')} AND ${workshopMessages.authorId} = ${sql.placeholder('authorId')}`,
  );

  const withAuthor = (row: { message: WorkshopMessageRow; author: WorkshopPerson }): MessageWithAuthor => ({ ...row.message, author: row.author });

  return {
    /** The member's workshop registrations for their data export (issue 19); titles only of workshops they may read. */
    async registrationsForExport(userId: number) {
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
        .orderBy(asc(workshopRegistrations.createdAt));
    },

    /** The member's own chat messages in workshops, for their data export (issue 19). */
    async messagesForExport(userId: number, afterId: number, limit: number) {
      return db
        .select({ id: workshopMessages.id, workshopId: workshopMessages.workshopId, body: workshopMessages.body, bodyHtml: workshopMessages.bodyHtml, createdAt: workshopMessages.createdAt })
        .from(workshopMessages)
        .where(and(eq(workshopMessages.authorId, userId), isNull(workshopMessages.deletedAt), gt(workshopMessages.id, afterId)))
        .orderBy(asc(workshopMessages.id))
        .limit(limit);
    },

    /** The member's own questions in workshops, for their data export. */
    async questionsForExport(userId: number) {
      return db
        .select({ id: workshopQuestions.id, workshopId: workshopQuestions.workshopId, body: workshopQuestions.body, voteCount: workshopQuestions.voteCount, answeredAt: workshopQuestions.answeredAt, createdAt: workshopQuestions.createdAt })
        .from(workshopQuestions)
        .where(eq(workshopQuestions.authorId, userId))
        .orderBy(asc(workshopQuestions.id));
    },

    findById: async (id: number): Promise<WorkshopRow | undefined> => (await db.select().from(workshops).where(eq(workshops.id, id)).limit(1))[0],

    create(row: NewWorkshop, hostIds: number[]): Promise<WorkshopRow> {
      return transaction(db, async () => {
        const [created] = await db.insert(workshops).values(row).returning();
        await db.insert(workshopHosts).values(hostIds.map((userId, position) => ({ workshopId: created!.id, userId, position })));
        return created!;
      });
    },

    /** Hosts of several workshops, in their listed order, in one query. */
    async hostsOf(workshopIds: number[]): Promise<Map<number, WorkshopPerson[]>> {
      const out = new Map<number, WorkshopPerson[]>(workshopIds.map((id) => [id, []]));
      if (workshopIds.length === 0) return out;
      const rows = await db
        .select({ workshopId: workshopHosts.workshopId, ...person })
        .from(workshopHosts)
        .innerJoin(users, eq(users.id, workshopHosts.userId))
        .where(inArray(workshopHosts.workshopId, workshopIds))
        .orderBy(asc(workshopHosts.position));
      for (const { workshopId, ...host } of rows) out.get(workshopId)?.push(host);
      return out;
    },

    isHost: async (workshopId: number, userId: number): Promise<boolean> => (await hostStmt.get({ workshopId, userId })) !== undefined,

    /** A site-wide suspension still on record (an invited host has no membership row to carry it). */
    suspendedUntil: async (userId: number): Promise<Date | null> =>
      (await db.select({ until: users.suspendedUntil }).from(users).where(eq(users.id, userId)).limit(1))[0]?.until ?? null,

    userExists: async (userId: number): Promise<boolean> => (await db.select({ id: users.id }).from(users).where(eq(users.id, userId)).limit(1)).length > 0,

    /** Users by username (lower-cased), for naming hosts. */
    async usersByUsername(usernames: string[]): Promise<WorkshopPerson[]> {
      if (usernames.length === 0) return [];
      return db.select(person).from(users).where(inArray(users.username, usernames));
    },

    /**
     * Workshops the viewer may see (`readableWorkshop`), keyset on (startsAt, id): ascending,
     * or descending for past ones.
     */
    async list(options: {
      viewerId?: number;
      communityId?: number;
      status?: WorkshopStatus;
      now: Date;
      after: [number, number] | null;
      limit: number;
    }): Promise<WorkshopRow[]> {
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
      const rows = await db
        .select({ workshop: workshops })
        .from(workshops)
        .innerJoin(communities, eq(communities.id, workshops.communityId))
        .where(and(...conditions))
        .orderBy(...order)
        .limit(options.limit);
      return rows.map((r) => r.workshop);
    },

    /**
     * Workshops anyone may see (`readableWorkshop` for an anonymous viewer), in order of id
     * after a keyset position, with the moments their page changed: what crawlers are offered.
     */
    async readableByAnyone(afterId: number, limit: number): Promise<{ id: number; createdAt: Date; openedAt: Date | null; closedAt: Date | null }[]> {
      return db
        .select({ id: workshops.id, createdAt: workshops.createdAt, openedAt: workshops.openedAt, closedAt: workshops.closedAt })
        .from(workshops)
        .innerJoin(communities, eq(communities.id, workshops.communityId))
        .where(and(readableWorkshop(undefined), gt(workshops.id, afterId)))
        .orderBy(asc(workshops.id))
        .limit(limit);
    },

    async registeredAmong(workshopIds: number[], userId: number | undefined): Promise<Set<number>> {
      if (userId === undefined || workshopIds.length === 0) return new Set();
      const rows = await db
        .select({ id: workshopRegistrations.workshopId })
        .from(workshopRegistrations)
        .where(and(eq(workshopRegistrations.userId, userId), inArray(workshopRegistrations.workshopId, workshopIds)));
      return new Set(rows.map((r) => r.id));
    },

    /** Registers unless full; one transaction, so two last seats cannot both be taken. */
    register(workshopId: number, userId: number, capacity: number | null): Promise<'registered' | 'already' | 'full'> {
      return transaction(db, async () => {
        const [existing] = await db
          .select({ userId: workshopRegistrations.userId })
          .from(workshopRegistrations)
          .where(and(eq(workshopRegistrations.workshopId, workshopId), eq(workshopRegistrations.userId, userId)))
          .limit(1);
        if (existing) return 'already';
        // Locked on PostgreSQL too (FOR UPDATE is not SQLite's): the counter is bumped by one guarded statement instead.
        const bumped = changed(
          await db
            .update(workshops)
            .set({ registrationCount: sql`${workshops.registrationCount} + 1` })
            .where(and(eq(workshops.id, workshopId), capacity === null ? undefined : lt(workshops.registrationCount, capacity))),
        );
        if (bumped === 0) return 'full';
        const inserted = changed(await db.insert(workshopRegistrations).values({ workshopId, userId }).onConflictDoNothing());
        if (inserted === 0) {
          await db.update(workshops).set({ registrationCount: sql`${workshops.registrationCount} - 1` }).where(eq(workshops.id, workshopId));
          return 'already';
        }
        return 'registered';
      });
    },

    async unregister(workshopId: number, userId: number): Promise<void> {
      await transaction(db, async () => {
        const removed = changed(
          await db.delete(workshopRegistrations).where(and(eq(workshopRegistrations.workshopId, workshopId), eq(workshopRegistrations.userId, userId))),
        );
        if (removed > 0) {
          await db.update(workshops).set({ registrationCount: sql`${workshops.registrationCount} - 1` }).where(eq(workshops.id, workshopId));
        }
      });
    },

    async update(workshopId: number, values: Partial<Pick<WorkshopRow, 'room' | 'openedAt' | 'closedAt' | 'slowModeSeconds' | 'pinnedMessageId' | 'publishedThreadId'>>): Promise<void> {
      await db.update(workshops).set(values).where(eq(workshops.id, workshopId));
    },

    async insertMessage(row: { workshopId: number; authorId: number; body: string; bodyHtml: string; createdAt: Date }): Promise<number> {
      return (await db.insert(workshopMessages).values(row).returning({ id: workshopMessages.id }))[0]!.id;
    },

    async findMessage(id: number): Promise<MessageWithAuthor | undefined> {
      const row = await messageStmt.get({ id });
      return row && withAuthor(row);
    },

    async deleteMessage(id: number, at: Date): Promise<void> {
      await db.update(workshopMessages).set({ deletedAt: at }).where(eq(workshopMessages.id, id));
    },

    async lastMessageAt(workshopId: number, authorId: number): Promise<Date | null> {
      const at = (await lastMessageStmt.get({ workshopId, authorId }))?.at;
      return at === null || at === undefined ? null : new Date(Number(at));
    },

    /** Visible messages after an id, oldest first; `newest` takes the last ones instead. */
    async messages(workshopId: number, options: { afterId?: number; newest?: boolean; limit: number }): Promise<MessageWithAuthor[]> {
      const found = await db
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
        .limit(options.limit);
      const rows = found.map(withAuthor);
      return options.newest ? rows.reverse() : rows;
    },

    async deletedMessageIds(workshopId: number, upToId: number): Promise<number[]> {
      const rows = await db
        .select({ id: workshopMessages.id })
        .from(workshopMessages)
        .where(and(eq(workshopMessages.workshopId, workshopId), isNotNull(workshopMessages.deletedAt), lte(workshopMessages.id, upToId)));
      return rows.map((r) => r.id);
    },

    async insertQuestion(row: { workshopId: number; authorId: number; body: string; bodyHtml: string; createdAt: Date }): Promise<number> {
      return (await db.insert(workshopQuestions).values(row).returning({ id: workshopQuestions.id }))[0]!.id;
    },

    async findQuestion(id: number) {
      return (await db.select().from(workshopQuestions).where(eq(workshopQuestions.id, id)).limit(1))[0];
    },

    /** Ranked: unanswered first, then by votes, then the oldest first. */
    async questions(workshopId: number): Promise<QuestionWithPeople[]> {
      const answerer = alias(users, 'answerer');
      const rows = await db
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
        .orderBy(sql`${workshopQuestions.answeredAt} IS NOT NULL`, desc(workshopQuestions.voteCount), asc(workshopQuestions.id));
      return rows.map((r) => ({
          ...r.question,
          author: r.author,
          answeredBy:
            r.question.answeredById !== null && r.answererUsername !== null
              ? { id: r.question.answeredById, username: r.answererUsername, displayName: r.answererName ?? '' }
              : null,
        }));
    },

    /** One vote per person: false when this person had voted already. */
    vote(questionId: number, userId: number): Promise<boolean> {
      return transaction(db, async () => {
        const inserted = changed(await db.insert(workshopVotes).values({ questionId, userId }).onConflictDoNothing());
        if (inserted === 0) return false;
        await db.update(workshopQuestions).set({ voteCount: sql`${workshopQuestions.voteCount} + 1` }).where(eq(workshopQuestions.id, questionId));
        return true;
      });
    },

    async votedQuestionIds(workshopId: number, userId: number): Promise<number[]> {
      const rows = await db
        .select({ id: workshopVotes.questionId })
        .from(workshopVotes)
        .innerJoin(workshopQuestions, eq(workshopQuestions.id, workshopVotes.questionId))
        .where(and(eq(workshopQuestions.workshopId, workshopId), eq(workshopVotes.userId, userId)));
      return rows.map((r) => r.id);
    },

    async answer(questionId: number, values: { answeredById: number; answer: string | null; answerHtml: string | null; at: Date }): Promise<void> {
      await db
        .update(workshopQuestions)
        .set({ answeredById: values.answeredById, answer: values.answer, answerHtml: values.answerHtml, answeredAt: values.at })
        .where(eq(workshopQuestions.id, questionId));
    },

    isMuted: async (workshopId: number, userId: number): Promise<boolean> => (await mutedStmt.get({ workshopId, userId })) !== undefined,

    async mute(workshopId: number, userId: number, mutedById: number): Promise<boolean> {
      return changed(await db.insert(workshopMutes).values({ workshopId, userId, mutedById }).onConflictDoNothing()) > 0;
    },

    async unmute(workshopId: number, userId: number): Promise<boolean> {
      return changed(await db.delete(workshopMutes).where(and(eq(workshopMutes.workshopId, workshopId), eq(workshopMutes.userId, userId)))) > 0;
    },

    /** Upcoming and recent workshops of one community, for its calendar feed. */
    async forFeed(communityId: number, since: Date, limit: number): Promise<WorkshopRow[]> {
      return db
        .select()
        .from(workshops)
        .where(and(eq(workshops.communityId, communityId), gte(workshops.endsAt, since)))
        .orderBy(asc(workshops.startsAt))
        .limit(limit);
    },
  };
}

export type WorkshopsRepository = ReturnType<typeof createWorkshopsRepository>;
