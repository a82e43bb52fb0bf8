import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../../lib/errors.ts';
import type { SecondFactorsService } from './service.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** What staff without a required factor may still write: sign in and out, set up a factor, end sessions. */
const OPEN_WITHOUT_FACTOR = ['/api/auth/', '/api/me/2fa', '/api/me/passkeys', '/api/me/sessions'];

/**
 * Staff (admins, editors, community moderators) asked to have a second factor and without one
 * stay signed in and read, but every other write over REST is refused with 403
 * SECOND_FACTOR_SETUP_REQUIRED until they set one up.
 */
export function secondFactorGuard(secondFactors: Pick<SecondFactorsService, 'mustSetUp'>) {
  return fp(
    async (app: FastifyInstance) => {
      app.addHook('preHandler', async (request) => {
        if (SAFE_METHODS.has(request.method) || !request.url.startsWith('/api/') || !request.actor) return;
        if (OPEN_WITHOUT_FACTOR.some((prefix) => request.url.startsWith(prefix))) return;
        if (await secondFactors.mustSetUp(request.actor)) throw new AppError('SECOND_FACTOR_SETUP_REQUIRED');
      });
    },
    { name: 'minga-second-factor-guard', dependencies: ['minga-auth'] },
  );
}
