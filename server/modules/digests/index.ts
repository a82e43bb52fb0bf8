import fp from 'fastify-plugin';
import { perDatabase, type Area, type Core } from '../area.ts';
import type { Outbox } from '../mail/outbox.ts';
import type { HeldNotifications } from './builder.ts';
import { createDigestContentRepository } from './content-repository.ts';
import { createDigestsRepository } from './repository.ts';
import { digestRoutes } from './routes.ts';
import { createDigestScheduler } from './scheduler.ts';
import { createDigests } from './service.ts';

export const digestsRepositories = perDatabase((database) => ({
  digests: createDigestsRepository(database.db),
  content: createDigestContentRepository(database.db),
}));

export interface DigestsDeps {
  outbox: Outbox;
  /** The signed unsubscribe links every non-transactional mail uses. */
  unsubscribe: { token(userId: number, kind: 'digest'): string | Promise<string> };
  /** The notifications area's `heldForDigest`, when wired: a section of the digest. */
  heldNotifications?: HeldNotifications;
  /** False: no timer (tests drive `runDue` themselves). */
  schedule?: boolean;
}

/**
 * Digests by mail: the member's frequency (`/api/me/digest`), and a scheduler that writes the
 * due digests to the outbox while the app runs (in the one process running the scheduled work).
 */
export function digestsArea(core: Core, deps: DigestsDeps) {
  const repos = digestsRepositories(core.database);
  const digests = createDigests({
    repo: repos.digests,
    content: repos.content,
    outbox: deps.outbox,
    unsubscribe: deps.unsubscribe,
    heldNotifications: deps.heldNotifications,
  });
  const scheduler = createDigestScheduler({ runDue: (now) => digests.runDue(now), log: core.log });
  // Run by the process holding the scheduler lease; stopped before the database closes.
  if (deps.schedule !== false) core.scheduler.add('digests', scheduler);
  const area: Area = {
    // Not encapsulated: `app.digests` is the app's (the tests' runDue, the npm command's).
    routes: fp(async (app) => {
      app.decorate('digests', digests);
      app.decorate('digestScheduler', scheduler);
      await app.register(digestRoutes, { digests });
    }),
  };
  return { digests, scheduler, ...area };
}

export type DigestsArea = ReturnType<typeof digestsArea>;

declare module 'fastify' {
  interface FastifyInstance {
    digests: import('./service.ts').Digests;
    digestScheduler: import('./scheduler.ts').DigestScheduler;
  }
}
