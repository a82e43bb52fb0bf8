import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../../lib/errors.ts';
import type { ModerationRepository } from './repository.ts';
import type { ModerationSettings } from './settings.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** What a suspended account may still do: sign in and out, read its notifications and warnings, preview. */
const OPEN_TO_SUSPENDED = ['/api/auth/', '/api/notifications', '/api/me/warnings', '/api/markdown/preview'];
/** The routes that write a post, counted per address. */
const POSTING_ROUTES = new Set(['/api/threads/:id/posts', '/api/forums/:id/threads']);

/** Posts per address in the last minute: a sliding count of timestamps, forgotten when idle. */
class AddressWindow {
  readonly #hits = new Map<string, number[]>();

  hit(address: string, max: number, now = Date.now()): number {
    const recent = (this.#hits.get(address) ?? []).filter((at) => now - at < 60_000);
    if (recent.length >= max) {
      this.#hits.set(address, recent);
      return Math.max(1, Math.ceil((recent[0]! + 60_000 - now) / 1000));
    }
    recent.push(now);
    this.#hits.set(address, recent);
    if (this.#hits.size > 10_000) this.#hits.delete(this.#hits.keys().next().value!);
    return 0;
  }
}

/**
 * Every write over REST passes here after authentication: a suspended account is refused
 * (403 ACCOUNT_SUSPENDED) whatever it writes, and posting is limited per address.
 */
export const writeGuardPlugin = fp(
  async (app: FastifyInstance, opts: { repo: ModerationRepository; settings: ModerationSettings }) => {
    const window = new AddressWindow();
    app.addHook('preHandler', async (request) => {
      if (SAFE_METHODS.has(request.method) || !request.url.startsWith('/api/') || !request.actor) return;
      if (!OPEN_TO_SUSPENDED.some((prefix) => request.url.startsWith(prefix))) {
        const until = opts.repo.suspendedUntil(request.actor.id);
        if (until && until.getTime() > Date.now()) {
          throw new AppError('ACCOUNT_SUSPENDED', { params: { until: until.toISOString().slice(0, 10) } });
        }
      }
      if (POSTING_ROUTES.has(request.routeOptions.url ?? '') && request.actor.role !== 'admin') {
        const wait = window.hit(request.ip, opts.settings.trust().postsPerMinutePerAddress);
        if (wait > 0) throw new AppError('POST_RATE_LIMITED', { params: { seconds: wait } });
      }
    });
  },
  { name: 'minga-write-guard', dependencies: ['minga-auth'] },
);
