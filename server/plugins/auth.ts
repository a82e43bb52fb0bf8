import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../lib/errors.ts';
import type { AuthService } from '../modules/auth/service.ts';
import type { SessionClient, SessionCookie } from '../modules/auth/session-store.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The browser and address a request comes from, as the list of sessions shows them. */
export function clientOf(request: FastifyRequest): SessionClient {
  return { userAgent: String(request.headers['user-agent'] ?? '').slice(0, 400), address: request.ip };
}

/** Writes the session cookie: HttpOnly and SameSite=Lax always, Secure when served over https. */
export function writeSessionCookie(request: FastifyRequest, reply: FastifyReply, cookie: SessionCookie) {
  reply.setCookie(cookie.name, cookie.value, {
    ...cookie.attributes,
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: request.protocol === 'https',
  });
}

/**
 * Resolves who is asking, once per API request: a bearer token, else the session cookie.
 * Handlers read `request.actor`; services decide what that actor may do. Account security
 * (password, sessions, new tokens) asks for `request.sessionId`, which a token never sets.
 */
export const authPlugin = fp(
  async (app: FastifyInstance, opts: { auth: AuthService }) => {
    const { auth } = opts;
    app.decorateRequest('actor', null);
    app.decorateRequest('authMethod', 'none');
    app.decorateRequest('sessionId', null);

    app.addHook('onRequest', async (request, reply) => {
      if (!request.url.startsWith('/api/')) return;

      const header = request.headers.authorization;
      if (header !== undefined) {
        const [scheme, secret] = header.split(' ');
        const token = scheme?.toLowerCase() === 'bearer' && secret ? await auth.authenticateToken(secret.trim()) : null;
        if (!token) throw new AppError('UNAUTHENTICATED');
        request.actor = { ...token.actor, address: request.ip };
        request.authMethod = 'bearer';
        // A read token reads: every write under /api is refused, whatever the route.
        if (token.scope === 'read' && !SAFE_METHODS.has(request.method)) throw new AppError('TOKEN_SCOPE');
      } else {
        const sessionId = request.cookies[auth.cookieName];
        if (!sessionId) return;
        const session = await auth.authenticateSession(sessionId, clientOf(request));
        if (!session) {
          writeSessionCookie(request, reply, auth.blankCookie());
          return;
        }
        request.actor = { ...session.actor, address: request.ip };
        request.authMethod = 'cookie';
        request.sessionId = session.sessionId;
        if (session.refreshedCookie) writeSessionCookie(request, reply, session.refreshedCookie);
      }
      if (request.actor?.locale) request.locale = request.actor.locale;
    });
  },
  { name: 'minga-auth', dependencies: ['@fastify/cookie', 'minga-i18n'] },
);
