import { fastifyCookie } from '@fastify/cookie';
import type { IncomingMessage } from 'node:http';
import type { Locale } from '../../shared/i18n/index.ts';
import { LOCALE_COOKIE } from '../../shared/schemas/session.ts';
import type { Actor } from '../modules/auth/actor.ts';
import type { AuthService } from '../modules/auth/service.ts';
import { sameOrigin } from '../lib/origin.ts';
import { negotiateLocale } from '../plugins/i18n.ts';


/**
 * A browser always sends Origin on a WebSocket or polling handshake; one from another site
 * must not ride on this site's session cookie (cross-site WebSocket hijacking).
 */
export function handshakeOriginAllowed(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  return sameOrigin(origin, req.headers.host, 'http');
}

/**
 * Who connects, from the handshake's session cookie (validated as for HTTP requests), and the
 * language for their error messages.
 */
export async function handshakeIdentity(
  req: IncomingMessage,
  auth: AuthService,
): Promise<{ actor: Actor | null; sessionId: string | null; locale: Locale }> {
  const cookies = req.headers.cookie ? fastifyCookie.parse(req.headers.cookie) : {};
  const fallback = negotiateLocale(cookies[LOCALE_COOKIE], req.headers['accept-language']);
  const sessionId = cookies[auth.cookieName];
  const session = sessionId ? await auth.authenticateSession(sessionId) : null;
  if (!session) return { actor: null, sessionId: null, locale: fallback };
  return { actor: session.actor, sessionId: session.sessionId, locale: session.actor.locale ?? fallback };
}
