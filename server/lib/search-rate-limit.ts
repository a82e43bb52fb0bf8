import type { FastifyRequest } from 'fastify';
import { clientNetwork } from './client-network.ts';
import type { RateLimitOptions } from '@fastify/rate-limit';

export interface SearchLimit {
  max: number;
  windowMs: number;
}

/** Searches a client may run per window on each searching route, unless configured otherwise. */
export const DEFAULT_SEARCH_LIMIT: SearchLimit = { max: 120, windowMs: 60_000 };

/**
 * The per-client limit of a route that runs a full-text search (`/api/search`, the type-ahead,
 * the knowledge lists when they have words): counted per account when signed in, else per
 * address, so one client cannot take the server's time from everyone else. `onlyWithWords`
 * leaves plain browsing (no `q`) unlimited.
 */
export function searchRateLimit(limit: SearchLimit = DEFAULT_SEARCH_LIMIT, options: { onlyWithWords?: boolean } = {}): RateLimitOptions {
  return {
    max: limit.max,
    timeWindow: limit.windowMs,
    // After authentication, so a signed-in person is counted as themselves.
    hook: 'preHandler',
    keyGenerator: (request: FastifyRequest) => (request.actor ? `user:${request.actor.id}` : `ip:${clientNetwork(request.ip)}`),
    ...(options.onlyWithWords
      ? { allowList: (request: FastifyRequest) => !String((request.query as { q?: unknown } | undefined)?.q ?? '').trim() }
      : {}),
  };
}
