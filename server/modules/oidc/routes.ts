import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { UserResponse } from '../../../shared/schemas/auth.ts';
import { errorResponses, IdParams } from '../../../shared/schemas/common.ts';
import {
  AdminOidcProvider,
  AdminOidcProviderCreate,
  AdminOidcProviderList,
  AdminOidcProviderUpdate,
  IdentityRemoveBody,
  LinkedIdentityList,
  OidcCallbackQuery,
  OidcLinkStarted,
  OidcLinkTokenBody,
  OidcProviderButtons,
  OidcProviderParams,
  OidcStartQuery,
} from '../../../shared/schemas/oidc.ts';
import type { Config } from '../../config.ts';
import { AppError } from '../../lib/errors.ts';
import { clientOf, writeSessionCookie } from '../../plugins/auth.ts';
import { LOGIN_CHALLENGE_COOKIE, replyFirstStep } from '../auth/routes.ts';
import type { AuthService } from '../auth/service.ts';
import type { OidcAdmin } from './admin.ts';
import type { OidcIdentities } from './identities.ts';
import type { OidcLinkByMail } from './link-by-mail.ts';
import type { OidcProviders } from './providers.ts';
import { OidcRefusal, type OidcSignIn } from './sign-in.ts';

/** The sign-in under way: only the provider routes see it, for ten minutes. */
export const OIDC_LOGIN_COOKIE = 'minga_oidc';
const OIDC_COOKIE_PATH = '/api/auth/oidc';

export interface OidcRoutesOptions {
  providers: OidcProviders;
  signIn: OidcSignIn;
  linkByMail: OidcLinkByMail;
  identities: OidcIdentities;
  admin: OidcAdmin;
  auth: AuthService;
  rateLimits: Config['rateLimits'];
}

/** Sign-ins started per address: each keeps a row for ten minutes. */
const STARTS_PER_MINUTE = 60;

const withQuery = (path: string, query: Record<string, string>) => `${path}?${new URLSearchParams(query).toString()}`;

/** A refusal the person can read: the sign-in page (or settings, when linking) shows the catalog's message. */
function refusalPage(error: unknown, linking: boolean): string {
  const code = error instanceof OidcRefusal || error instanceof AppError ? error.code : 'OIDC_SIGN_IN_FAILED';
  return linking ? withQuery('/settings', { oidcError: code }) : withQuery('/login', { error: code });
}

export const oidcRoutes: FastifyPluginAsyncTypebox<OidcRoutesOptions> = async (app, opts) => {
  const { providers, signIn, linkByMail, identities, admin, auth, rateLimits } = opts;
  const startLimit = { rateLimit: { max: STARTS_PER_MINUTE, timeWindow: 60_000 } };

  const setLoginCookie = (request: FastifyRequest, reply: FastifyReply, secret: string, expires: Date) =>
    reply.setCookie(OIDC_LOGIN_COOKIE, secret, { httpOnly: true, sameSite: 'lax', path: OIDC_COOKIE_PATH, secure: request.protocol === 'https', expires });
  const clearLoginCookie = (request: FastifyRequest, reply: FastifyReply) =>
    reply.clearCookie(OIDC_LOGIN_COOKIE, { httpOnly: true, sameSite: 'lax', path: OIDC_COOKIE_PATH, secure: request.protocol === 'https' });

  app.get('/api/auth/providers', { schema: { response: { 200: OidcProviderButtons, ...errorResponses } } }, async () => ({
    items: (await providers.all())
      .filter((p) => p.enabled)
      .map((p) => ({ id: p.id, name: p.name })),
  }));

  // A plain link from the sign-in page (works without JavaScript): off to the provider.
  app.get('/api/auth/oidc/:id/start', { schema: { params: OidcProviderParams, querystring: OidcStartQuery }, config: startLimit }, async (request, reply) => {
    try {
      const started = await signIn.start(request.params.id, request.query.next);
      setLoginCookie(request, reply, started.secret, started.expiresAt);
      return reply.redirect(started.url, 302);
    } catch (error) {
      if (!(error instanceof AppError)) request.log.error({ err: error }, 'oidc: could not start a sign-in');
      return reply.redirect(refusalPage(error, false), 302);
    }
  });

  // "Link …" from settings: a POST (so no other site can start it), confirmed like any new way in
  // (password, code or passkey in the body), then the browser goes to `url`.
  app.post(
    '/api/auth/oidc/:id/link',
    { schema: { params: OidcProviderParams, body: Type.Optional(IdentityRemoveBody), response: { 200: OidcLinkStarted, ...errorResponses } }, config: startLimit },
    async (request, reply) => {
      const started = await signIn.startLink(request.actor, request.sessionId, request.params.id, request.body ?? {});
      setLoginCookie(request, reply, started.secret, started.expiresAt);
      return { url: started.url };
    },
  );

  app.get('/api/auth/oidc/:id/callback', { schema: { params: OidcProviderParams, querystring: OidcCallbackQuery } }, async (request, reply) => {
    const secret = request.cookies[OIDC_LOGIN_COOKIE];
    clearLoginCookie(request, reply);
    try {
      const outcome = await signIn.callback(request.params.id, secret, request.query, request.actor, clientOf(request), request.locale);
      switch (outcome.kind) {
        case 'signedIn':
          writeSessionCookie(request, reply, outcome.signedIn.cookie);
          return reply.redirect(outcome.next, 302);
        case 'secondFactor': {
          const { secret: challenge, expiresAt } = outcome.step.secondFactor;
          reply.setCookie(LOGIN_CHALLENGE_COOKIE, challenge, { httpOnly: true, sameSite: 'lax', path: '/api/auth', secure: request.protocol === 'https', expires: expiresAt });
          return reply.redirect(withQuery('/login', { step: 'second-factor', next: outcome.next }), 302);
        }
        case 'linked':
          return reply.redirect(outcome.next, 302);
        case 'mailed':
          return reply.redirect(withQuery('/login', { notice: 'OIDC_LINK_MAILED', next: outcome.next }), 302);
      }
    } catch (error) {
      if (!(error instanceof OidcRefusal)) request.log.error({ err: error }, 'oidc: the callback failed');
      return reply.redirect(refusalPage(error, error instanceof OidcRefusal && error.linking), 302);
    }
  });

  // The link mailed to an existing account: links the identity and signs in (or asks for the second factor).
  app.post(
    '/api/auth/oidc/link',
    {
      schema: { body: OidcLinkTokenBody, response: { 200: UserResponse, ...errorResponses } },
      config: { rateLimit: { max: rateLimits.login.max, timeWindow: rateLimits.login.windowMs } },
    },
    async (request, reply) => {
      const userId = await linkByMail.redeem(request.body.token);
      const { user } = replyFirstStep(request, reply, await auth.passFirstStep(userId, clientOf(request)));
      return { user };
    },
  );

  app.get('/api/me/identities', { schema: { response: { 200: LinkedIdentityList, ...errorResponses } } }, async (request) => ({ items: await identities.list(request.actor) }));

  app.delete(
    '/api/me/identities/:id',
    { schema: { params: IdParams, body: Type.Optional(IdentityRemoveBody), response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      await identities.remove(request.actor, request.sessionId, request.params.id, request.body ?? {});
      return reply.status(204).send(null);
    },
  );

  app.get('/api/admin/oidc-providers', { schema: { response: { 200: AdminOidcProviderList, ...errorResponses } } }, async (request) => ({ items: await admin.list(request.actor) }));

  app.post(
    '/api/admin/oidc-providers',
    { schema: { body: AdminOidcProviderCreate, response: { 201: AdminOidcProvider, ...errorResponses } } },
    async (request, reply) => reply.status(201).send(await admin.create(request.actor, request.body)),
  );

  app.patch(
    '/api/admin/oidc-providers/:id',
    { schema: { params: OidcProviderParams, body: AdminOidcProviderUpdate, response: { 200: AdminOidcProvider, ...errorResponses } } },
    async (request) => admin.update(request.actor, request.params.id, request.body),
  );

  app.delete('/api/admin/oidc-providers/:id', { schema: { params: OidcProviderParams, response: { 204: Type.Null(), ...errorResponses } } }, async (request, reply) => {
    await admin.remove(request.actor, request.params.id);
    return reply.status(204).send(null);
  });
};
