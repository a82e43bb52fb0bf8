import { cookAsync, type AsyncCookResolver } from '../../lib/markdown-async.ts';
import type { LinksRepository } from '../links/repository.ts';
import type { UsersRepository } from '../users/repository.ts';

/** Mentions and typed links resolved through the users' and links' repositories. */
export function cookResolver(users: Pick<UsersRepository, 'idsByUsernames'>, links: Pick<LinksRepository, 'resolve'>): AsyncCookResolver {
  return {
    existingUsernames: async (candidates) => new Set((await users.idsByUsernames(candidates)).keys()),
    resolveLinks: (refs) => links.resolve(refs),
  };
}

export { cookAsync };
