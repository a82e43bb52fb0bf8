import type {
  Workshop,
  WorkshopJoined,
  WorkshopMessage,
  WorkshopQuestion,
  WorkshopRoom,
} from '../../../shared/schemas/workshops.ts';
import { AppError } from '../../lib/errors.ts';
import type { Actor } from '../auth/actor.ts';
import type { WorkshopContext } from './context.ts';
import { toMessage, toQuestion } from './mapper.ts';
import { requireCanWrite, requireControl, roomStateOf, workshopPolicy, type WorkshopAccess } from './policy.ts';

/** How many messages a (re)join carries at most; more than that, the client loads the transcript. */
export const CATCH_UP_LIMIT = 200;

function cleanBody(value: string): string {
  const body = value.replace(/\r\n/g, '\n').trim();
  if (body.length === 0) throw new AppError('BODY_EMPTY', { field: 'body' });
  return body;
}

/**
 * The live room: joining, chat, questions and votes, and the hosts' controls. Every write is
 * a community write (requireCanPost, so sanctions apply here too), in an open room, by someone
 * neither muted nor inside the slow-mode wait; hosts and moderators are exempt from those two.
 */
export function createWorkshopRoom(ctx: WorkshopContext) {
  const { repo, bus } = ctx;

  /** The writer, once allowed (returned, as an assertion cannot be awaited). */
  async function requireWriter(actor: Actor | null, access: WorkshopAccess): Promise<Actor> {
    requireCanWrite(actor, access);
    if (roomStateOf(access.workshop, ctx.now()) !== 'open') throw new AppError('WORKSHOP_NOT_OPEN');
    if (!workshopPolicy.isExempt(actor, access) && (await repo.isMuted(access.workshop.id, actor.id))) throw new AppError('WORKSHOP_MUTED');
    return actor;
  }

  async function questionsOf(workshopId: number): Promise<WorkshopQuestion[]> {
    return (await repo.questions(workshopId)).map(toQuestion);
  }

  async function roomChanged(actor: Actor, access: WorkshopAccess, action: string, targetType = 'workshop', targetId = access.workshop.id): Promise<void> {
    await bus.publish('workshop.room.changed', { workshopId: access.workshop.id });
    await ctx.audit(actor, access, action, targetType, targetId);
  }

  return {
    /** Joining the room: the same visibility as the page, then what the client missed. */
    async join(actor: Actor | null, workshopId: number, afterMessageId?: number): Promise<WorkshopJoined> {
      const access = await ctx.access(actor, workshopId);
      const id = access.workshop.id;
      const rows =
        afterMessageId === undefined
          ? await repo.messages(id, { newest: true, limit: CATCH_UP_LIMIT })
          : await repo.messages(id, { afterId: afterMessageId, limit: CATCH_UP_LIMIT + 1 });
      const truncated = afterMessageId !== undefined && rows.length > CATCH_UP_LIMIT;
      const messages = rows.slice(0, CATCH_UP_LIMIT).map(toMessage);
      return {
        workshop: await ctx.presentOne(access.workshop, actor, access),
        messages,
        truncated,
        deletedMessageIds: afterMessageId !== undefined ? await repo.deletedMessageIds(id, afterMessageId) : [],
        questions: await questionsOf(id),
        votedQuestionIds: actor ? await repo.votedQuestionIds(id, actor.id) : [],
        muted: !!actor && (await repo.isMuted(id, actor.id)),
      };
    },

    async postMessage(actor: Actor | null, workshopId: number, source: string): Promise<WorkshopMessage> {
      const access = await ctx.access(actor, workshopId);
      actor = await requireWriter(actor, access);
      const body = cleanBody(source);
      const { workshop } = access;
      const at = ctx.now();
      if (workshop.slowModeSeconds > 0 && !workshopPolicy.isExempt(actor, access)) {
        const last = await repo.lastMessageAt(workshop.id, actor.id);
        const waitMs = last ? last.getTime() + workshop.slowModeSeconds * 1000 - at.getTime() : 0;
        if (waitMs > 0) throw new AppError('WORKSHOP_SLOW_MODE', { params: { seconds: Math.ceil(waitMs / 1000) } });
      }
      const cooked = await ctx.cookSafely(body);
      const messageId = await repo.insertMessage({ workshopId: workshop.id, authorId: actor.id, body, bodyHtml: cooked.html, createdAt: at });
      await bus.publish('workshop.message.created', { workshopId: workshop.id, messageId });
      return toMessage((await repo.findMessage(messageId))!);
    },

    async askQuestion(actor: Actor | null, workshopId: number, source: string): Promise<WorkshopQuestion> {
      const access = await ctx.access(actor, workshopId);
      actor = await requireWriter(actor, access);
      const body = cleanBody(source);
      const cooked = await ctx.cookSafely(body);
      const questionId = await repo.insertQuestion({ workshopId: access.workshop.id, authorId: actor.id, body, bodyHtml: cooked.html, createdAt: ctx.now() });
      await bus.publish('workshop.questions.changed', { workshopId: access.workshop.id });
      return (await questionsOf(access.workshop.id)).find((q) => q.id === questionId)!;
    },

    async vote(actor: Actor | null, workshopId: number, questionId: number): Promise<void> {
      const access = await ctx.access(actor, workshopId);
      actor = await requireWriter(actor, access);
      const question = await repo.findQuestion(questionId);
      if (!question || question.workshopId !== access.workshop.id) throw new AppError('WORKSHOP_QUESTION_NOT_FOUND');
      if (!(await repo.vote(questionId, actor.id))) throw new AppError('WORKSHOP_ALREADY_VOTED');
      await bus.publish('workshop.questions.changed', { workshopId: access.workshop.id });
    },

    async answer(actor: Actor | null, workshopId: number, questionId: number, text: string | undefined): Promise<WorkshopQuestion[]> {
      const access = await ctx.access(actor, workshopId);
      requireControl(actor, access);
      const question = await repo.findQuestion(questionId);
      if (!question || question.workshopId !== access.workshop.id) throw new AppError('WORKSHOP_QUESTION_NOT_FOUND');
      const answer = text?.replace(/\r\n/g, '\n').trim() || null;
      const answerHtml = answer ? (await ctx.cookSafely(answer, 'answer')).html : null;
      await repo.answer(questionId, { answeredById: actor.id, answer, answerHtml, at: ctx.now() });
      await bus.publish('workshop.questions.changed', { workshopId: access.workshop.id });
      await ctx.audit(actor, access, 'workshop.question.answer', 'workshop_question', questionId);
      return await questionsOf(access.workshop.id);
    },

    async questions(actor: Actor | null, workshopId: number): Promise<WorkshopQuestion[]> {
      return questionsOf((await ctx.access(actor, workshopId)).workshop.id);
    },

    async open(actor: Actor | null, workshopId: number): Promise<Workshop> {
      const access = await ctx.access(actor, workshopId);
      requireControl(actor, access);
      if (access.workshop.room !== 'open') {
        await repo.update(access.workshop.id, { room: 'open', openedAt: access.workshop.openedAt ?? ctx.now(), closedAt: null });
        await roomChanged(actor, access, 'workshop.open');
        await bus.publish('workshop.opened', { workshopId: access.workshop.id, actorId: actor.id });
      }
      return await ctx.presentOne((await repo.findById(access.workshop.id))!, actor, access);
    },

    async close(actor: Actor | null, workshopId: number): Promise<Workshop> {
      const access = await ctx.access(actor, workshopId);
      requireControl(actor, access);
      if (access.workshop.room !== 'closed') {
        await repo.update(access.workshop.id, { room: 'closed', closedAt: ctx.now() });
        await roomChanged(actor, access, 'workshop.close');
      }
      return await ctx.presentOne((await repo.findById(access.workshop.id))!, actor, access);
    },

    async setSlowMode(actor: Actor | null, workshopId: number, seconds: number): Promise<WorkshopRoom> {
      const access = await ctx.access(actor, workshopId);
      requireControl(actor, access);
      await repo.update(access.workshop.id, { slowModeSeconds: seconds });
      await roomChanged(actor, access, seconds > 0 ? 'workshop.slow_mode.on' : 'workshop.slow_mode.off');
      return await ctx.room((await repo.findById(access.workshop.id))!);
    },

    async pin(actor: Actor | null, workshopId: number, messageId: number | null): Promise<WorkshopRoom> {
      const access = await ctx.access(actor, workshopId);
      requireControl(actor, access);
      if (messageId !== null) {
        const message = await repo.findMessage(messageId);
        if (!message || message.workshopId !== access.workshop.id || message.deletedAt) throw new AppError('WORKSHOP_MESSAGE_NOT_FOUND');
      }
      await repo.update(access.workshop.id, { pinnedMessageId: messageId });
      if (messageId !== null) await roomChanged(actor, access, 'workshop.message.pin', 'workshop_message', messageId);
      else await roomChanged(actor, access, 'workshop.message.unpin');
      return await ctx.room((await repo.findById(access.workshop.id))!);
    },

    async deleteMessage(actor: Actor | null, workshopId: number, messageId: number): Promise<void> {
      const access = await ctx.access(actor, workshopId);
      requireControl(actor, access);
      const message = await repo.findMessage(messageId);
      if (!message || message.workshopId !== access.workshop.id) throw new AppError('WORKSHOP_MESSAGE_NOT_FOUND');
      if (message.deletedAt) return;
      await repo.deleteMessage(messageId, ctx.now());
      await bus.publish('workshop.message.deleted', { workshopId: access.workshop.id, messageId });
      if (access.workshop.pinnedMessageId === messageId) {
        await repo.update(access.workshop.id, { pinnedMessageId: null });
        await bus.publish('workshop.room.changed', { workshopId: access.workshop.id });
      }
      await ctx.audit(actor, access, 'workshop.message.delete', 'workshop_message', messageId);
    },

    async setMuted(actor: Actor | null, workshopId: number, userId: number, muted: boolean): Promise<void> {
      const access = await ctx.access(actor, workshopId);
      requireControl(actor, access);
      if (!(await repo.userExists(userId))) throw new AppError('USER_NOT_FOUND', { field: 'userId' });
      if (muted && (userId === actor.id || (await repo.isHost(access.workshop.id, userId)))) throw new AppError('FORBIDDEN');
      const changed = muted ? await repo.mute(access.workshop.id, userId, actor.id) : await repo.unmute(access.workshop.id, userId);
      if (!changed) return;
      await bus.publish('workshop.attendee.muted', { workshopId: access.workshop.id, userId, muted });
      await ctx.audit(actor, access, muted ? 'workshop.attendee.mute' : 'workshop.attendee.unmute', 'user', userId);
    },

    /** For broadcasts: what everyone in the room sees. */
    async messageForBroadcast(messageId: number): Promise<WorkshopMessage | null> {
      const row = await repo.findMessage(messageId);
      return row && !row.deletedAt ? toMessage(row) : null;
    },
    questionsForBroadcast: questionsOf,
    async roomForBroadcast(workshopId: number): Promise<WorkshopRoom | null> {
      const row = await repo.findById(workshopId);
      return row ? await ctx.room(row) : null;
    },
    /**
     * The room's read check, the page's own (404 when out of sight): let in, or kept in after a
     * change of access, with the community it belongs to and whether they control it.
     */
    async follow(actor: Actor | null, workshopId: number): Promise<{ communityId: number; canModerate: boolean }> {
      const access = await ctx.access(actor, workshopId);
      return { communityId: access.community.id, canModerate: workshopPolicy.canControl(actor, access) };
    },
  };
}

export type WorkshopRoomService = ReturnType<typeof createWorkshopRoom>;
