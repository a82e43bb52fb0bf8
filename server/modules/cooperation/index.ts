import { perDatabase, type Area, type Core } from '../area.ts';
import { createVocabulary } from '../knowledge/vocabulary.ts';
import { representativesRepositories } from '../representatives/index.ts';
import type { RepresentativesService } from '../representatives/service.ts';
import { createMatcher } from './matching-repository.ts';
import { createCooperationRepository } from './repository.ts';
import { cooperationRoutes } from './routes.ts';
import { createCooperationService } from './service.ts';

export const cooperationRepositories = perDatabase((database) => ({ cooperation: createCooperationRepository(database.db) }));

/** Cooperation requests and offers (issue 18, part 4): posted for an institution, matched, answered, grown into agreements. */
export function cooperationArea(core: Core, deps: { representatives: RepresentativesService }) {
  const vocabulary = createVocabulary(core.database.db);
  const people = representativesRepositories(core.database).representatives;
  const service = createCooperationService({
    repo: cooperationRepositories(core.database).cooperation,
    matcher: createMatcher(core.database.db),
    representatives: { mayActFor: deps.representatives.mayActFor, institutionsOf: deps.representatives.institutionsOf, of: (id) => people.of(id) },
    vocabularyHas: (scheme, code) => vocabulary.has(scheme, code),
    bus: core.bus,
  });
  core.bus.subscribe('agreement.created', (event) => service.onAgreementCreated(event));
  const area: Area = { routes: async (app) => app.register(cooperationRoutes, { cooperation: service }) };
  return { service, ...area };
}
