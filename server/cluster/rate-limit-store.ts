import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor, RateLimitPluginOptions } from '@fastify/rate-limit';
import type { SharedState } from './shared-state.ts';

/**
 * The store of `@fastify/rate-limit` when several processes serve the site (issue 20): every
 * route limit (sign-in, registration, password reset, search…) is counted in Redis, under the
 * site's prefix, so two processes do not give a client two budgets. While Redis is down (or
 * does not answer in time) the same request is counted in this process's memory instead:
 * never skipped, an outage must not open the gates; logged once per outage, never a 5xx.
 *
 * The plugin's own RedisStore and LocalStore do the counting (the same Lua script and the
 * same fixed windows); this class only chooses between them, request by request.
 */
type Result = { current: number; ttl: number };
type Callback = (error: Error | null, result?: Result) => void;
interface Store extends FastifyRateLimitStore {
  read?(key: string, callback: Callback, timeWindow: number, max: number): void;
}
type RouteOptions = Parameters<FastifyRateLimitStore['child']>[0];

const require = createRequire(import.meta.url);
const RedisStore = require('@fastify/rate-limit/store/RedisStore.js') as new (
  continueExceeding: boolean,
  exponentialBackoff: boolean,
  redis: unknown,
  key?: string,
) => Store;
const LocalStore = require('@fastify/rate-limit/store/LocalStore.js') as new (
  continueExceeding: boolean,
  exponentialBackoff: boolean,
  cache?: number,
) => Store;

/**
 * The name a count has in Redis: a hash of the plugin's key, which holds a client's address or
 * the email address typed into a form (personal data that need not sit in a shared store).
 */
const redisKey = (key: string) => createHash('sha256').update(key).digest('base64url').slice(0, 27);

/** A Redis that accepts the connection but does not answer must not hold requests either. */
const REDIS_ANSWER_MS = 500;

interface Log {
  warn(obj: object, msg?: string): void;
}

/** The store class to give `@fastify/rate-limit`, or undefined without Redis (its own LocalStore then). */
export function sharedRateLimitStore(shared: SharedState, log?: Log): FastifyRateLimitStoreCtor | undefined {
  const redis = shared.redis;
  if (!redis) return undefined;
  let warned = false;
  shared.onStatus((status) => {
    if (status === 'ok') warned = false;
  });
  const fellBack = (error: Error) => {
    if (warned) return;
    warned = true;
    log?.warn({ err: error }, 'rate limits are counted in this process alone until redis answers again');
  };

  class SharedRateLimitStore implements Store {
    readonly #redis: Store;
    readonly #local: Store;

    constructor(options: RateLimitPluginOptions, stores?: { redis: Store; local: Store }) {
      const continueExceeding = options.continueExceeding ?? false;
      const exponentialBackoff = options.exponentialBackoff ?? false;
      this.#redis = stores?.redis ?? new RedisStore(continueExceeding, exponentialBackoff, redis, `${shared.prefix}rate-limit:`);
      this.#local = stores?.local ?? new LocalStore(continueExceeding, exponentialBackoff, options.cache);
    }

    incr(key: string, callback: Callback, timeWindow: number, max: number): void {
      this.#count('incr', key, callback, timeWindow, max);
    }

    read(key: string, callback: Callback, timeWindow: number, max: number): void {
      this.#count('read', key, callback, timeWindow, max);
    }

    #count(method: 'incr' | 'read', key: string, callback: Callback, timeWindow: number, max: number): void {
      const local = () => this.#local[method]!(key, callback, timeWindow, max);
      if (shared.status() !== 'ok') {
        fellBack(new Error(`redis ${shared.status()}`));
        return local();
      }
      let settled = false;
      const timer = setTimeout(() => {
        settled = true;
        fellBack(new Error(`redis did not answer within ${REDIS_ANSWER_MS} ms`));
        local();
      }, REDIS_ANSWER_MS);
      const answered = (error: Error | null, result?: Result) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (error || !result) {
          fellBack(error ?? new Error('redis gave no count'));
          local();
        } else callback(null, result);
      };
      try {
        this.#redis[method]!(redisKey(key), answered, timeWindow, max);
      } catch (error) {
        answered(error as Error);
      }
    }

    child(routeOptions: RouteOptions): SharedRateLimitStore {
      return new SharedRateLimitStore(routeOptions as RateLimitPluginOptions, {
        redis: this.#redis.child(routeOptions),
        local: this.#local.child(routeOptions),
      });
    }
  }
  return SharedRateLimitStore;
}
