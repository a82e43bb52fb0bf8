import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorResponses, IdParams } from '../../../shared/schemas/common.ts';
import { SlugParams } from '../../../shared/schemas/communities.ts';
import {
  CommunityModerationSettings,
  CommunitySettingsPatch,
  Dashboard,
  LogList,
  LogQuery,
  MemberHistory,
  MergeBody,
  MoveBody,
  PostLocation,
  QueueList,
  QueueQuery,
  ReasonBody,
  ReportCreate,
  ReportCreated,
  ResolveBody,
  SilenceBody,
  SlowModeBody,
  SlugUserParams,
  SplitBody,
  Standing,
  SuspensionBody,
  ThreadRefResponse,
  ThreadToolsInfo,
  TrustSettings,
  UndoResult,
  WarningCreate,
  WarningList,
} from '../../../shared/schemas/moderation.ts';
import type { DiscussionsService } from '../discussions/service.ts';
import type { Moderation } from './index.ts';

const Ok = Type.Object({ ok: Type.Boolean() });
const ResolveResult = Type.Object({ outcome: Type.String(), reportIds: Type.Array(Type.Integer()) });
const SpammerResult = Type.Object({ posts: Type.Integer(), threads: Type.Integer() });
const ok = { ok: true };

/** Reports, the review queue and the audit log. */
export const moderationRoutes: FastifyPluginAsyncTypebox<{ moderation: Moderation }> = async (app, { moderation }) => {
  const { reports, queue, log } = moderation;

  app.post(
    '/api/posts/:id/reports',
    { schema: { params: IdParams, body: ReportCreate, response: { 201: ReportCreated, ...errorResponses } } },
    async (request, reply) => reply.status(201).send(await reports.create(request.actor, 'post', request.params.id, request.body)),
  );

  app.post(
    '/api/threads/:id/reports',
    { schema: { params: IdParams, body: ReportCreate, response: { 201: ReportCreated, ...errorResponses } } },
    async (request, reply) => reply.status(201).send(await reports.create(request.actor, 'thread', request.params.id, request.body)),
  );

  app.post(
    '/api/moderation/reports/:id/resolve',
    { schema: { params: IdParams, body: ResolveBody, response: { 200: ResolveResult, ...errorResponses } } },
    async (request) => await reports.resolve(request.actor, request.params.id, request.body),
  );

  app.get(
    '/api/communities/:slug/moderation/queue',
    { schema: { params: SlugParams, querystring: QueueQuery, response: { 200: QueueList, ...errorResponses } } },
    async (request) => await queue.forCommunity(request.actor, request.params.slug, request.query),
  );

  app.get(
    '/api/moderation/queue',
    { schema: { querystring: QueueQuery, response: { 200: QueueList, ...errorResponses } } },
    async (request) => await queue.siteWide(request.actor, request.query),
  );

  app.post(
    '/api/moderation/held/:id/approve',
    { schema: { params: IdParams, body: Type.Optional(ReasonBody), response: { 200: Ok, ...errorResponses } } },
    async (request) => (await queue.approve(request.actor, request.params.id, request.body?.reason), ok),
  );

  app.post(
    '/api/moderation/held/:id/reject',
    { schema: { params: IdParams, body: Type.Optional(ReasonBody), response: { 200: Ok, ...errorResponses } } },
    async (request) => (await queue.reject(request.actor, request.params.id, request.body?.reason), ok),
  );

  app.get(
    '/api/communities/:slug/moderation',
    { schema: { params: SlugParams, response: { 200: Dashboard, ...errorResponses } } },
    async (request) => await queue.dashboard(request.actor, request.params.slug),
  );

  app.patch(
    '/api/communities/:slug/moderation/settings',
    { schema: { params: SlugParams, body: CommunitySettingsPatch, response: { 200: CommunityModerationSettings, ...errorResponses } } },
    async (request) => await queue.setCommunitySettings(request.actor, request.params.slug, request.body),
  );

  app.get(
    '/api/moderation/settings',
    { schema: { response: { 200: TrustSettings, ...errorResponses } } },
    async (request) => await queue.trust(request.actor),
  );

  app.put(
    '/api/moderation/settings',
    { schema: { body: TrustSettings, response: { 200: TrustSettings, ...errorResponses } } },
    async (request) => await queue.setTrust(request.actor, request.body),
  );

  app.get(
    '/api/moderation/log',
    { schema: { querystring: LogQuery, response: { 200: LogList, ...errorResponses } } },
    async (request) => await log.list(request.actor, request.query),
  );

  app.post(
    '/api/moderation/log/:id/undo',
    { schema: { params: IdParams, body: Type.Optional(ReasonBody), response: { 200: UndoResult, ...errorResponses } } },
    async (request) => await log.undo(request.actor, request.params.id, request.body?.reason),
  );
};

/** Warnings, silences, bans, suspensions and "delete spammer"; thread tools. */
export const sanctionRoutes: FastifyPluginAsyncTypebox<{ moderation: Moderation; discussions: DiscussionsService }> = async (
  app,
  { moderation, discussions },
) => {
  const { sanctions, tools } = moderation;

  app.post(
    '/api/users/:id/suspension',
    { schema: { params: IdParams, body: SuspensionBody, response: { 200: Standing, ...errorResponses } } },
    async (request) => await sanctions.suspend(request.actor, request.params.id, request.body),
  );

  app.delete(
    '/api/users/:id/suspension',
    { schema: { params: IdParams, response: { 200: Standing, ...errorResponses } } },
    async (request) => await sanctions.suspend(request.actor, request.params.id, { until: null }),
  );

  app.post(
    '/api/users/:id/warnings',
    { schema: { params: IdParams, body: WarningCreate, response: { 201: Ok, ...errorResponses } } },
    async (request, reply) => (await sanctions.warn(request.actor, request.params.id, request.body), reply.status(201).send(ok)),
  );

  app.post(
    '/api/users/:id/delete-spammer',
    { schema: { params: IdParams, body: Type.Optional(ReasonBody), response: { 200: SpammerResult, ...errorResponses } } },
    async (request) => await sanctions.deleteSpammer(request.actor, request.params.id, request.body?.reason),
  );

  app.get('/api/me/warnings', { schema: { response: { 200: WarningList, ...errorResponses } } }, async (request) =>
    await sanctions.myWarnings(request.actor),
  );

  app.post(
    '/api/me/warnings/:id/acknowledge',
    { schema: { params: IdParams, response: { 200: Ok, ...errorResponses } } },
    async (request) => (await sanctions.acknowledge(request.actor, request.params.id), ok),
  );

  app.post(
    '/api/communities/:slug/members/:userId/silence',
    { schema: { params: SlugUserParams, body: SilenceBody, response: { 200: Standing, ...errorResponses } } },
    async (request) => await sanctions.silence(request.actor, request.params.slug, request.params.userId, request.body),
  );

  app.post(
    '/api/communities/:slug/members/:userId/ban',
    { schema: { params: SlugUserParams, body: Type.Optional(ReasonBody), response: { 200: Ok, ...errorResponses } } },
    async (request) => (await sanctions.ban(request.actor, request.params.slug, request.params.userId, request.body?.reason), ok),
  );

  app.get(
    '/api/communities/:slug/moderation/members/:userId',
    { schema: { params: SlugUserParams, response: { 200: MemberHistory, ...errorResponses } } },
    async (request) => await sanctions.memberHistory(request.actor, request.params.slug, request.params.userId),
  );

  app.get(
    '/api/threads/:id/tools',
    { schema: { params: IdParams, response: { 200: ThreadToolsInfo, ...errorResponses } } },
    async (request) => await tools.info(request.actor, request.params.id),
  );

  app.post(
    '/api/threads/:id/move',
    { schema: { params: IdParams, body: MoveBody, response: { 200: ThreadRefResponse, ...errorResponses } } },
    async (request) => await tools.move(request.actor, request.params.id, request.body.forumId, request.body.reason),
  );

  app.post(
    '/api/threads/:id/merge',
    { schema: { params: IdParams, body: MergeBody, response: { 200: ThreadRefResponse, ...errorResponses } } },
    async (request) => await tools.merge(request.actor, request.params.id, request.body.intoThreadId, request.body.reason),
  );

  app.post(
    '/api/threads/:id/split',
    { schema: { params: IdParams, body: SplitBody, response: { 201: ThreadRefResponse, ...errorResponses } } },
    async (request, reply) => reply.status(201).send(await tools.split(request.actor, request.params.id, request.body)),
  );

  app.post(
    '/api/threads/:id/slow-mode',
    { schema: { params: IdParams, body: SlowModeBody, response: { 200: ThreadToolsInfo, ...errorResponses } } },
    async (request) => await tools.slowMode(request.actor, request.params.id, request.body.seconds, request.body.reason),
  );

  for (const [path, locked] of [['close', true], ['reopen', false]] as const) {
    app.post(
      `/api/threads/:id/${path}`,
      { schema: { params: IdParams, body: Type.Optional(ReasonBody), response: { 200: ThreadRefResponse, ...errorResponses } } },
      async (request) => {
        await discussions.moderateThread(request.actor, request.params.id, { locked, reason: request.body?.reason });
        return { threadId: request.params.id };
      },
    );
  }

  app.get(
    '/api/posts/:id/location',
    { schema: { params: IdParams, response: { 200: PostLocation, ...errorResponses } } },
    async (request) => await tools.locate(request.actor, request.params.id),
  );
};
