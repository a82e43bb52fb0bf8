import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../../lib/errors.ts';
import type { ModerationRepository } from './repository.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/**
 * What a suspended account may still do: sign in and out, secure itself (password, sessions: a
 * hijacked account suspended as a spammer must still be taken back by its owner), read its
 * notifications and warnings, preview, and stop mail (preferences, unsubscribe links).
 */
const OPEN_TO_SUSPENDED = ['/api/auth/', '/api/me/password', '/api/me/sessions', '/api/notifications', '/api/me/warnings', '/api/markdown/preview', '/api/me/mail-preferences', '/api/mail/unsubscribe', '/api/me/export'];
/**
 * Every write over REST passes here after authentication: a suspended account is refused
 * (403 ACCOUNT_SUSPENDED) whatever it writes. (Posting limits, per account and per address, are
 * the post rules', which every post passes whatever its route.)
 */
export const writeGuardPlugin = fp(
  async (app: FastifyInstance, opts: { repo: ModerationRepository }) => {
    app.addHook('preHandler', async (request) => {
      if (SAFE_METHODS.has(request.method) || !request.url.startsWith('/api/') || !request.actor) return;
      if (!OPEN_TO_SUSPENDED.some((prefix) => request.url.startsWith(prefix))) {
        const until = await opts.repo.suspendedUntil(request.actor.id);
        if (until && until.getTime() > Date.now()) {
          throw new AppError('ACCOUNT_SUSPENDED', { params: { until: until.toISOString().slice(0, 10) } });
        }
      }
    });
  },
  { name: 'minga-write-guard', dependencies: ['minga-auth'] },
);
