import { perDatabase, type Area, type Core } from '../area.ts';
import type { CommunityGate } from '../communities/access.ts';
import type { ManagedCommunities } from '../communities/managed.ts';
import { createFilesService, filesDirOf } from '../knowledge/files.ts';
import { representativesRepositories } from '../representatives/index.ts';
import type { RepresentativesService } from '../representatives/service.ts';
import { createAgreementDocuments } from './documents.ts';
import { createAgreementsRepository } from './repository.ts';
import { agreementsRoutes } from './routes.ts';
import { createAgreementsContext, createAgreementsService, type AgreementsDeps } from './service.ts';
import { createAgreementSpace } from './space.ts';

export const agreementsRepositories = perDatabase((database) => ({ agreements: createAgreementsRepository(database.db) }));

/** Cooperation agreements and their spaces (issue 18, part 3). */
export function agreementsArea(core: Core, deps: { communities: { gate: CommunityGate; managed: ManagedCommunities }; representatives: RepresentativesService; cooperation?: AgreementsDeps['cooperation'] }) {
  const { agreements: repo } = agreementsRepositories(core.database);
  const { representatives: representativesRepo } = representativesRepositories(core.database);
  const ctx = createAgreementsContext({
    repo,
    bus: core.bus,
    communities: deps.communities,
    representatives: {
      mayActFor: deps.representatives.mayActFor,
      institutionsOf: deps.representatives.institutionsOf,
      idsOf: async (institutionId) => (await representativesRepo.of(institutionId)).map((r) => r.id),
    },
    cooperation: deps.cooperation,
  });
  const space = createAgreementSpace(ctx);
  const service = createAgreementsService(ctx, space);
  const files = createFilesService({ db: core.database.db, filesDir: filesDirOf(core.database) });
  const documents = createAgreementDocuments(ctx, files);
  // Representatives named or removed moderate (or leave) their institution's agreement spaces.
  core.bus.subscribe('institution.representatives.changed', ({ institutionId, userId }) => space.representativeChanged(institutionId, userId));
  const area: Area = { routes: async (app) => app.register(agreementsRoutes, { agreements: service, space, documents }) };
  return { service, space, ...area };
}
