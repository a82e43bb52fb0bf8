import { fastifyCookie } from '@fastify/cookie';
import type { IncomingMessage } from 'node:http';
import type { Actor } from '../modules/auth/actor.ts';
import type { AuthService } from '../modules/auth/service.ts';

function hostOf(url: string): string | null {
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
}

/**
 * A browser always sends Origin on a WebSocket or polling handshake; one from another site
 * must not ride on this site's session cookie (cross-site WebSocket hijacking).
 */
export function handshakeOriginAllowed(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  const host = req.headers.host;
  return !!host && hostOf(origin) === hostOf(`http://${host}`);
}

/** The session cookie of the handshake, validated the same way as for HTTP requests. */
export async function actorFromHandshake(req: IncomingMessage, auth: AuthService): Promise<Actor | null> {
  const header = req.headers.cookie;
  if (!header) return null;
  const sessionId = fastifyCookie.parse(header)[auth.cookieName];
  if (!sessionId) return null;
  const session = await auth.authenticateSession(sessionId);
  return session?.actor ?? null;
}
