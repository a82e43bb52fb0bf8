import type { Locale } from '../shared/i18n/index.ts';
import type { Actor, AuthMethod } from './modules/auth/actor.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in person, or null. Set by the auth plugin before any handler runs. */
    actor: Actor | null;
    authMethod: AuthMethod;
    /** The session id the cookie carried, when it was valid. */
    sessionId: string | null;
    /** Language for messages: the user's setting, else the cookie, else Accept-Language. */
    locale: Locale;
  }
}
