import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { sharedRateLimitStore } from '../cluster/rate-limit-store.ts';
import type { SharedState } from '../cluster/shared-state.ts';
import { AppError } from '../lib/errors.ts';
import { sameOrigin } from '../lib/origin.ts';
import { SESSION_COOKIE } from '../modules/auth/session-store.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);


/** True when the Origin header names this very site (scheme-default ports compare equal). */
export function originMatchesHost(request: FastifyRequest, origin: string): boolean {
  return sameOrigin(origin, request.headers.host, request.protocol);
}

/**
 * Cross-site request forgery: a state-changing request that rides on the session cookie must
 * come from this site's own pages. Bearer-token requests carry no ambient credential and are
 * exempt; a foreign Origin is refused whatever the credential.
 */
function checkOrigin(request: FastifyRequest): void {
  if (SAFE_METHODS.has(request.method)) return;
  if (request.headers.authorization) return;
  const origin = request.headers.origin;
  if (origin !== undefined) {
    if (!originMatchesHost(request, origin)) throw new AppError('ORIGIN_MISMATCH');
    return;
  }
  if (request.cookies[SESSION_COOKIE] !== undefined) throw new AppError('ORIGIN_MISMATCH');
}

export const securityPlugin = fp(
  async (app: FastifyInstance, opts: { shared?: SharedState }) => {
    await app.register(helmet, {
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          // Svelte sets style attributes for transitions; no script is allowed inline.
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
        },
      },
      // The app is often reached over plain http on a LAN; HSTS belongs to the TLS proxy.
      strictTransportSecurity: false,
    });

    // With several processes the limits are counted in Redis (locally while it is down).
    const store = opts.shared ? sharedRateLimitStore(opts.shared, app.log) : undefined;
    await app.register(rateLimit, {
      global: false,
      ...(store ? { store } : {}),
      errorResponseBuilder: (_request, context) =>
        new AppError('RATE_LIMITED', { params: { seconds: Math.max(1, Math.ceil(context.ttl / 1000)) } }),
    });

    app.addHook('onRequest', async (request) => {
      if (request.url.startsWith('/api/')) checkOrigin(request);
    });
  },
  { name: 'minga-security', dependencies: ['@fastify/cookie'] },
);
