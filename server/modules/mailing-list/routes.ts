import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorResponses } from '../../../shared/schemas/common.ts';
import { SlugParams } from '../../../shared/schemas/communities.ts';
import {
  MailingListBody,
  MailingListState,
  MailingListSubscriptions,
  MailingListTokenParams,
  MailingListUnsubscribeState,
} from '../../../shared/schemas/mailing-list.ts';
import type { MailingListService } from './service.ts';

const FORM = 'application/x-www-form-urlencoded';

/** Mailing-list mode: the toggle per community, the member's list, and the mails' one-click unsubscribe. */
export const mailingListRoutes: FastifyPluginAsyncTypebox<{ mailingList: MailingListService }> = async (app, { mailingList }) => {
  // RFC 8058: mail providers POST `List-Unsubscribe=One-Click` as a form (the body says nothing more).
  if (!app.hasContentTypeParser(FORM)) app.addContentTypeParser(FORM, { parseAs: 'string', bodyLimit: 1024 }, (_request, body, done) => done(null, body));

  app.get(
    '/api/communities/:slug/mailing-list',
    { schema: { params: SlugParams, response: { 200: MailingListState, ...errorResponses } } },
    async (request) => mailingList.state(request.actor, request.params.slug),
  );

  app.put(
    '/api/communities/:slug/mailing-list',
    { schema: { params: SlugParams, body: MailingListBody, response: { 200: MailingListState, ...errorResponses } } },
    async (request) => mailingList.set(request.actor, request.params.slug, request.body.enabled),
  );

  app.get(
    '/api/me/mailing-lists',
    { schema: { response: { 200: MailingListSubscriptions, ...errorResponses } } },
    async (request) => mailingList.mine(request.actor),
  );

  app.post(
    '/api/mailing-list/unsubscribe/:token',
    { schema: { params: MailingListTokenParams, response: { 200: Type.Object({ unsubscribed: Type.Literal(true) }), ...errorResponses } } },
    async (request) => {
      await mailingList.unsubscribe(request.params.token);
      return { unsubscribed: true as const };
    },
  );

  // The same address opened in a browser: the unsubscribe page, which confirms without signing in;
  // the page (and scripts) ask for JSON.
  app.get(
    '/api/mailing-list/unsubscribe/:token',
    { schema: { params: MailingListTokenParams, response: { 200: MailingListUnsubscribeState, ...errorResponses } } },
    async (request, reply) =>
      request.headers.accept?.includes('text/html')
        ? reply.redirect(`/unsubscribe?${new URLSearchParams({ list: request.params.token })}`, 303)
        : mailingList.unsubscribeState(request.params.token),
  );
};
