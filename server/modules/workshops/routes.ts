import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { errorResponses, IdParams } from '../../../shared/schemas/common.ts';
import { SlugParams } from '../../../shared/schemas/communities.ts';
import { ThreadCreated } from '../../../shared/schemas/discussions.ts';
import { Backlink } from '../../../shared/schemas/knowledge.ts';
import {
  AnswerBody,
  MuteBody,
  PinBody,
  PublishBody,
  PublishForums,
  QuestionsResponse,
  RegistrationResult,
  RoomResponse,
  SlowModeBody,
  Transcript,
  WorkshopChildParams,
  WorkshopCreate,
  WorkshopList,
  WorkshopListQuery,
  WorkshopMessage,
  WorkshopQuestion,
  WorkshopResponse,
  WORKSHOP_MESSAGE_MAX,
} from '../../../shared/schemas/workshops.ts';
import type { Workshops } from './index.ts';

const Ok = Type.Object({ ok: Type.Boolean() });
const TextBody = Type.Object({ body: Type.String({ maxLength: WORKSHOP_MESSAGE_MAX }) }, { additionalProperties: false });
const CalendarBody = Type.Unsafe<string>({ description: 'an iCalendar file (text/calendar)' });
const originOf = (request: FastifyRequest) => `${request.protocol}://${request.host}`;
const calendarHeaders = (filename: string) => ({
  'content-type': 'text/calendar; charset=utf-8',
  'content-disposition': `attachment; filename="${filename}"`,
  'cache-control': 'no-store',
});

export const workshopsRoutes: FastifyPluginAsyncTypebox<{ workshops: Workshops }> = async (app, { workshops }) => {
  const { service, room, transcripts, backlinks } = workshops;

  app.post(
    '/api/communities/:slug/workshops',
    { schema: { params: SlugParams, body: WorkshopCreate, response: { 201: WorkshopResponse, ...errorResponses } } },
    async (request, reply) => reply.status(201).send({ workshop: await service.schedule(request.actor, request.params.slug, request.body) }),
  );

  app.get(
    '/api/communities/:slug/workshops.ics',
    { schema: { params: SlugParams, response: { 200: CalendarBody, ...errorResponses } } },
    async (request, reply) => {
      const file = await service.communityCalendar(request.actor, request.params.slug, originOf(request));
      return reply.headers(calendarHeaders(file.filename)).send(file.body);
    },
  );

  app.get(
    '/api/workshops',
    { schema: { querystring: WorkshopListQuery, response: { 200: WorkshopList, ...errorResponses } } },
    async (request) => await service.list(request.actor, request.query),
  );

  // `/api/workshops/12.ics`: the same segment as the id, told apart by its suffix.
  app.get(
    '/api/workshops/:id.ics',
    { schema: { params: IdParams, response: { 200: CalendarBody, ...errorResponses } } },
    async (request, reply) => {
      const file = await service.calendar(request.actor, request.params.id, originOf(request));
      return reply.headers(calendarHeaders(file.filename)).send(file.body);
    },
  );

  app.get(
    '/api/workshops/:id',
    { schema: { params: IdParams, response: { 200: WorkshopResponse, ...errorResponses } } },
    async (request) => ({ workshop: await service.detail(request.actor, request.params.id) }),
  );

  app.get(
    '/api/workshops/:id/backlinks',
    { schema: { params: IdParams, response: { 200: Type.Object({ backlinks: Type.Array(Backlink) }), ...errorResponses } } },
    async (request) => ({ backlinks: await backlinks(request.actor, request.params.id) }),
  );

  app.post(
    '/api/workshops/:id/registration',
    { schema: { params: IdParams, response: { 200: RegistrationResult, ...errorResponses } } },
    async (request) => await service.register(request.actor, request.params.id),
  );

  app.delete(
    '/api/workshops/:id/registration',
    { schema: { params: IdParams, response: { 200: RegistrationResult, ...errorResponses } } },
    async (request) => await service.unregister(request.actor, request.params.id),
  );

  app.post(
    '/api/workshops/:id/open',
    { schema: { params: IdParams, response: { 200: WorkshopResponse, ...errorResponses } } },
    async (request) => ({ workshop: await room.open(request.actor, request.params.id) }),
  );

  app.post(
    '/api/workshops/:id/close',
    { schema: { params: IdParams, response: { 200: WorkshopResponse, ...errorResponses } } },
    async (request) => ({ workshop: await room.close(request.actor, request.params.id) }),
  );

  app.post(
    '/api/workshops/:id/slow-mode',
    { schema: { params: IdParams, body: SlowModeBody, response: { 200: RoomResponse, ...errorResponses } } },
    async (request) => ({ room: await room.setSlowMode(request.actor, request.params.id, request.body.seconds) }),
  );

  app.post(
    '/api/workshops/:id/pin',
    { schema: { params: IdParams, body: PinBody, response: { 200: RoomResponse, ...errorResponses } } },
    async (request) => ({ room: await room.pin(request.actor, request.params.id, request.body.messageId) }),
  );

  app.delete(
    '/api/workshops/:id/messages/:childId',
    { schema: { params: WorkshopChildParams, response: { 200: Ok, ...errorResponses } } },
    async (request) => {
      await room.deleteMessage(request.actor, request.params.id, request.params.childId);
      return { ok: true };
    },
  );

  app.post(
    '/api/workshops/:id/mutes',
    { schema: { params: IdParams, body: MuteBody, response: { 200: Ok, ...errorResponses } } },
    async (request) => {
      await room.setMuted(request.actor, request.params.id, request.body.userId, true);
      return { ok: true };
    },
  );

  app.delete(
    '/api/workshops/:id/mutes/:childId',
    { schema: { params: WorkshopChildParams, response: { 200: Ok, ...errorResponses } } },
    async (request) => {
      await room.setMuted(request.actor, request.params.id, request.params.childId, false);
      return { ok: true };
    },
  );

  // The room's writes over HTTP too (automation with a token; the page uses the socket).
  app.post(
    '/api/workshops/:id/messages',
    { schema: { params: IdParams, body: TextBody, response: { 201: Type.Object({ message: WorkshopMessage }), ...errorResponses } } },
    async (request, reply) => reply.status(201).send({ message: await room.postMessage(request.actor, request.params.id, request.body.body) }),
  );

  app.post(
    '/api/workshops/:id/questions',
    { schema: { params: IdParams, body: TextBody, response: { 201: Type.Object({ question: WorkshopQuestion }), ...errorResponses } } },
    async (request, reply) => reply.status(201).send({ question: await room.askQuestion(request.actor, request.params.id, request.body.body) }),
  );

  app.post(
    '/api/workshops/:id/questions/:childId/vote',
    { schema: { params: WorkshopChildParams, response: { 200: QuestionsResponse, ...errorResponses } } },
    async (request) => {
      await room.vote(request.actor, request.params.id, request.params.childId);
      return { questions: await room.questions(request.actor, request.params.id) };
    },
  );

  app.get(
    '/api/workshops/:id/questions',
    { schema: { params: IdParams, response: { 200: QuestionsResponse, ...errorResponses } } },
    async (request) => ({ questions: await room.questions(request.actor, request.params.id) }),
  );

  app.post(
    '/api/workshops/:id/questions/:childId/answer',
    { schema: { params: WorkshopChildParams, body: AnswerBody, response: { 200: QuestionsResponse, ...errorResponses } } },
    async (request) => ({ questions: await room.answer(request.actor, request.params.id, request.params.childId, request.body.answer) }),
  );

  app.get(
    '/api/workshops/:id/transcript',
    { schema: { params: IdParams, response: { 200: Transcript, ...errorResponses } } },
    async (request) => await transcripts.transcript(request.actor, request.params.id),
  );

  app.get(
    '/api/workshops/:id/publish-forums',
    { schema: { params: IdParams, response: { 200: PublishForums, ...errorResponses } } },
    async (request) => await transcripts.publishForums(request.actor, request.params.id),
  );

  app.post(
    '/api/workshops/:id/publish',
    { schema: { params: IdParams, body: PublishBody, response: { 201: Type.Pick(ThreadCreated, ['thread']), ...errorResponses } } },
    async (request, reply) => reply.status(201).send(await transcripts.publish(request.actor, request.params.id, request.body.forumId)),
  );
};
