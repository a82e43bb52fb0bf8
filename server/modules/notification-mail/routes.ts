import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorResponses } from '../../../shared/schemas/common.ts';
import {
  MailPreferences,
  MailPreferencesUpdate,
  UNSUBSCRIBE_MODES,
  UnsubscribeQuery,
  UnsubscribeState,
} from '../../../shared/schemas/notification-mail.ts';
import type { MailPreferencesService } from './preferences.ts';

/**
 * The body of an unsubscribe POST: a mail client's RFC 8058 one-click form
 * (`List-Unsubscribe=One-Click`), or the unsubscribe page's JSON choice.
 */
const UnsubscribeBody = Type.Optional(
  Type.Object({ mode: Type.Optional(Type.Enum(UNSUBSCRIBE_MODES)), 'List-Unsubscribe': Type.Optional(Type.String({ maxLength: 100 })) }),
);

/** Unsubscribing works without signing in: the signed token is the credential. */
const unsubscribeRoutes: FastifyPluginAsyncTypebox<{ preferences: MailPreferencesService }> = async (app, { preferences }) => {
  // Mail clients post a form (RFC 8058); the rest of the API speaks JSON only, so the form
  // parser lives in this plugin alone.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 4096 }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
  // RFC 8058 also allows the one-click as multipart/form-data: its only field says "One-Click",
  // which is what a POST here means anyway, so its content is not needed.
  app.addContentTypeParser('multipart/form-data', { parseAs: 'string', bodyLimit: 4096 }, (_request, _body, done) => done(null, {}));

  // The mail's link opened in a browser goes to the page that confirms and adjusts; the page
  // itself (and scripts) ask for JSON.
  app.get(
    '/api/mail/unsubscribe',
    { schema: { querystring: UnsubscribeQuery, response: { 200: UnsubscribeState, ...errorResponses } } },
    async (request, reply) =>
      request.headers.accept?.includes('text/html')
        ? reply.redirect(`/unsubscribe?${new URLSearchParams({ token: request.query.token })}`, 303)
        : preferences.unsubscribeState(request.query.token),
  );

  app.post(
    '/api/mail/unsubscribe',
    { schema: { querystring: UnsubscribeQuery, body: UnsubscribeBody, response: { 200: UnsubscribeState, ...errorResponses } } },
    async (request) => preferences.unsubscribe(request.query.token, request.body?.mode),
  );
};

export const notificationMailRoutes: FastifyPluginAsyncTypebox<{ preferences: MailPreferencesService }> = async (app, { preferences }) => {
  app.get('/api/me/mail-preferences', { schema: { response: { 200: MailPreferences, ...errorResponses } } }, async (request) =>
    preferences.get(request.actor),
  );

  app.put(
    '/api/me/mail-preferences',
    { schema: { body: MailPreferencesUpdate, response: { 200: MailPreferences, ...errorResponses } } },
    async (request) => preferences.update(request.actor, request.body),
  );

  await app.register(unsubscribeRoutes, { preferences });
};
