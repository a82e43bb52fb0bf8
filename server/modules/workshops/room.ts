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

  function requireWriter(actor: Actor | null, access: WorkshopAccess): asserts actor is Actor {
    requireCanWrite(actor, access);
    if (roomStateOf(access.workshop, ctx.now()) !== 'open') throw new AppError('WORKSHOP_NOT_OPEN');
    if (!workshopPolicy.isExempt(actor, access) && repo.isMuted(access.workshop.id, actor.id)) throw new AppError('WORKSHOP_MUTED');
  }

  function questionsOf(workshopId: number): WorkshopQuestion[] {
    return repo.questions(workshopId).map(toQuestion);
  }

  function roomChanged(actor: Actor, access: WorkshopAccess, action: string, targetType = 'workshop', targetId = access.workshop.id) {
    bus.publish('workshop.room.changed', { workshopId: access.workshop.id });
    ctx.audit(actor, access, action, targetType, targetId);
  }

  return {
    /** Joining the room: the same visibility as the page, then what the client missed. */
    join(actor: Actor | null, workshopId: number, afterMessageId?: number): WorkshopJoined {
      const access = ctx.access(actor, workshopId);
      const id = access.workshop.id;
      const rows =
        afterMessageId === undefined
          ? repo.messages(id, { newest: true, limit: CATCH_UP_LIMIT })
          : repo.messages(id, { afterId: afterMessageId, limit: CATCH_UP_LIMIT + 1 });
      const truncated = afterMessageId !== undefined && rows.length > CATCH_UP_LIMIT;
      const messages = rows.slice(0, CATCH_UP_LIMIT).map(toMessage);
      return {
        workshop: ctx.presentOne(access.workshop, actor, access),
        messages,
        truncated,
        deletedMessageIds: afterMessageId !== undefined ? repo.deletedMessageIds(id, afterMessageId) : [],
        questions: questionsOf(id),
        votedQuestionIds: actor ? repo.votedQuestionIds(id, actor.id) : [],
        muted: !!actor && repo.isMuted(id, actor.id),
      };
    },

    postMessage(actor: Actor | null, workshopId: number, source: string): WorkshopMessage {
      const access = ctx.access(actor, workshopId);
      requireWriter(actor, access);
      const body = cleanBody(source);
      const { workshop } = access;
      const at = ctx.now();
      if (workshop.slowModeSeconds > 0 && !workshopPolicy.isExempt(actor, access)) {
        const last = repo.lastMessageAt(workshop.id, actor.id);
        const waitMs = last ? last.getTime() + workshop.slowModeSeconds * 1000 - at.getTime() : 0;
        if (waitMs > 0) throw new AppError('WORKSHOP_SLOW_MODE', { params: { seconds: Math.ceil(waitMs / 1000) } });
      }
      const cooked = ctx.cookSafely(body);
      const messageId = repo.insertMessage({ workshopId: workshop.id, authorId: actor.id, body, bodyHtml: cooked.html, createdAt: at });
      bus.publish('workshop.message.created', { workshopId: workshop.id, messageId });
      return toMessage(repo.findMessage(messageId)!);
    },

    askQuestion(actor: Actor | null, workshopId: number, source: string): WorkshopQuestion {
      const access = ctx.access(actor, workshopId);
      requireWriter(actor, access);
      const body = cleanBody(source);
      const cooked = ctx.cookSafely(body);
      const questionId = repo.insertQuestion({ workshopId: access.workshop.id, authorId: actor.id, body, bodyHtml: cooked.html, createdAt: ctx.now() });
      bus.publish('workshop.questions.changed', { workshopId: access.workshop.id });
      return questionsOf(access.workshop.id).find((q) => q.id === questionId)!;
    },

    vote(actor: Actor | null, workshopId: number, questionId: number): void {
      const access = ctx.access(actor, workshopId);
      requireWriter(actor, access);
      const question = repo.findQuestion(questionId);
      if (!question || question.workshopId !== access.workshop.id) throw new AppError('WORKSHOP_QUESTION_NOT_FOUND');
      if (!repo.vote(questionId, actor.id)) throw new AppError('WORKSHOP_ALREADY_VOTED');
      bus.publish('workshop.questions.changed', { workshopId: access.workshop.id });
    },

    answer(actor: Actor | null, workshopId: number, questionId: number, text: string | undefined): WorkshopQuestion[] {
      const access = ctx.access(actor, workshopId);
      requireControl(actor, access);
      const question = repo.findQuestion(questionId);
      if (!question || question.workshopId !== access.workshop.id) throw new AppError('WORKSHOP_QUESTION_NOT_FOUND');
      const answer = text?.replace(/\r\n/g, '\n').trim() || null;
      const answerHtml = answer ? ctx.cookSafely(answer, 'answer').html : null;
      repo.answer(questionId, { answeredById: actor.id, answer, answerHtml, at: ctx.now() });
      bus.publish('workshop.questions.changed', { workshopId: access.workshop.id });
      ctx.audit(actor, access, 'workshop.question.answer', 'workshop_question', questionId);
      return questionsOf(access.workshop.id);
    },

    questions(actor: Actor | null, workshopId: number): WorkshopQuestion[] {
      return questionsOf(ctx.access(actor, workshopId).workshop.id);
    },

    open(actor: Actor | null, workshopId: number): Workshop {
      const access = ctx.access(actor, workshopId);
      requireControl(actor, access);
      if (access.workshop.room !== 'open') {
        repo.update(access.workshop.id, { room: 'open', openedAt: access.workshop.openedAt ?? ctx.now(), closedAt: null });
        roomChanged(actor, access, 'workshop.open');
        bus.publish('workshop.opened', { workshopId: access.workshop.id, actorId: actor.id });
      }
      return ctx.presentOne(repo.findById(access.workshop.id)!, actor, access);
    },

    close(actor: Actor | null, workshopId: number): Workshop {
      const access = ctx.access(actor, workshopId);
      requireControl(actor, access);
      if (access.workshop.room !== 'closed') {
        repo.update(access.workshop.id, { room: 'closed', closedAt: ctx.now() });
        roomChanged(actor, access, 'workshop.close');
      }
      return ctx.presentOne(repo.findById(access.workshop.id)!, actor, access);
    },

    setSlowMode(actor: Actor | null, workshopId: number, seconds: number): WorkshopRoom {
      const access = ctx.access(actor, workshopId);
      requireControl(actor, access);
      repo.update(access.workshop.id, { slowModeSeconds: seconds });
      roomChanged(actor, access, seconds > 0 ? 'workshop.slow_mode.on' : 'workshop.slow_mode.off');
      return ctx.room(repo.findById(access.workshop.id)!);
    },

    pin(actor: Actor | null, workshopId: number, messageId: number | null): WorkshopRoom {
      const access = ctx.access(actor, workshopId);
      requireControl(actor, access);
      if (messageId !== null) {
        const message = repo.findMessage(messageId);
        if (!message || message.workshopId !== access.workshop.id || message.deletedAt) throw new AppError('WORKSHOP_MESSAGE_NOT_FOUND');
      }
      repo.update(access.workshop.id, { pinnedMessageId: messageId });
      if (messageId !== null) roomChanged(actor, access, 'workshop.message.pin', 'workshop_message', messageId);
      else roomChanged(actor, access, 'workshop.message.unpin');
      return ctx.room(repo.findById(access.workshop.id)!);
    },

    deleteMessage(actor: Actor | null, workshopId: number, messageId: number): void {
      const access = ctx.access(actor, workshopId);
      requireControl(actor, access);
      const message = repo.findMessage(messageId);
      if (!message || message.workshopId !== access.workshop.id) throw new AppError('WORKSHOP_MESSAGE_NOT_FOUND');
      if (message.deletedAt) return;
      repo.deleteMessage(messageId, ctx.now());
      bus.publish('workshop.message.deleted', { workshopId: access.workshop.id, messageId });
      if (access.workshop.pinnedMessageId === messageId) {
        repo.update(access.workshop.id, { pinnedMessageId: null });
        bus.publish('workshop.room.changed', { workshopId: access.workshop.id });
      }
      ctx.audit(actor, access, 'workshop.message.delete', 'workshop_message', messageId);
    },

    setMuted(actor: Actor | null, workshopId: number, userId: number, muted: boolean): void {
      const access = ctx.access(actor, workshopId);
      requireControl(actor, access);
      if (!repo.userExists(userId)) throw new AppError('USER_NOT_FOUND', { field: 'userId' });
      if (muted && (userId === actor.id || repo.isHost(access.workshop.id, userId))) throw new AppError('FORBIDDEN');
      const changed = muted ? repo.mute(access.workshop.id, userId, actor.id) : repo.unmute(access.workshop.id, userId);
      if (!changed) return;
      bus.publish('workshop.attendee.muted', { workshopId: access.workshop.id, userId, muted });
      ctx.audit(actor, access, muted ? 'workshop.attendee.mute' : 'workshop.attendee.unmute', 'user', userId);
    },

    /** For broadcasts: what everyone in the room sees. */
    messageForBroadcast(messageId: number): WorkshopMessage | null {
      const row = repo.findMessage(messageId);
      return row && !row.deletedAt ? toMessage(row) : null;
    },
    questionsForBroadcast: questionsOf,
    roomForBroadcast(workshopId: number): WorkshopRoom | null {
      const row = repo.findById(workshopId);
      return row ? ctx.room(row) : null;
    },
    /**
     * The room's read check, the page's own (404 when out of sight): let in, or kept in after a
     * change of access, with the community it belongs to and whether they control it.
     */
    follow(actor: Actor | null, workshopId: number): { communityId: number; canModerate: boolean } {
      const access = ctx.access(actor, workshopId);
      return { communityId: access.community.id, canModerate: workshopPolicy.canControl(actor, access) };
    },
  };
}

export type WorkshopRoomService = ReturnType<typeof createWorkshopRoom>;
