import { perDatabase, type Area, type Core } from '../area.ts';
import { createCommunityGate } from '../communities/access.ts';
import { communitiesRepositories } from '../communities/index.ts';
import { createThreadGate } from '../discussions/access.ts';
import { discussionsRepositories } from '../discussions/index.ts';
import type { KnowledgeEditing } from '../knowledge/editing.ts';
import { knowledgeRepositories } from '../knowledge/index.ts';
import { linksRepositories } from '../links/index.ts';
import type { LinksService } from '../links/service.ts';
import { usersRepositories } from '../users/index.ts';
import { createExperienceProposals } from './experiences.ts';
import { createSolvedThreads } from './place.ts';
import { createFaqRepository } from './repository.ts';
import { faqRoutes } from './routes.ts';
import { createFaqService } from './service.ts';

export const faqRepositories = perDatabase((database) => ({ faq: createFaqRepository(database.db) }));

/** The FAQ and experience proposals: knowledge drawn from solved question threads, reviewed by editors. */
export function faqArea(core: Core, deps: { editing: KnowledgeEditing; links: LinksService }) {
  const repo = faqRepositories(core.database).faq;
  const { threads, posts } = discussionsRepositories(core.database);
  const { users } = usersRepositories(core.database);
  const { vocabulary } = knowledgeRepositories(core.database);
  const threadGate = createThreadGate({ gate: createCommunityGate(communitiesRepositories(core.database).communities), threads, posts });
  const solved = createSolvedThreads({ threadGate, posts, threads });
  const resolver = {
    existingUsernames: async (candidates: string[]) => new Set((await users.idsByUsernames(candidates)).keys()),
    resolveLinks: linksRepositories(core.database).links.resolve,
  };
  const service = createFaqService({ repo, solved, vocabulary, resolver, bus: core.bus });
  const experiences = createExperienceProposals({
    repo,
    solved,
    editing: deps.editing,
    links: deps.links,
    vocabulary,
    placeOf: async (userId) => {
      const user = await users.findById(userId);
      return user && { countryCode: user.countryCode, institutionId: user.institutionId };
    },
  });
  const area: Area = { routes: async (app) => app.register(faqRoutes, { faq: service, experiences, solved }) };
  return { service, experiences, ...area };
}
