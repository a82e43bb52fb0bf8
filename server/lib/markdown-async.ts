import { cook, type Cooked, type LinkRef, type ResolvedLink } from './markdown.ts';

/** The cooker's lookups, answered by the database (asynchronously, on either engine). */
export interface AsyncCookResolver {
  existingUsernames(candidates: string[]): Promise<Set<string>>;
  resolveLinks(refs: LinkRef[]): Promise<ResolvedLink[]>;
}

/**
 * `cook` (server/lib/markdown.ts) with lookups that wait for the database: a first pass finds
 * what the text names (the cooker asks its resolver once per kind), the lookups run, and a
 * second pass renders with their answers. A text that names nobody and nothing is cooked once.
 */
export async function cookAsync(source: string, resolver: AsyncCookResolver): Promise<Cooked> {
  const wanted: { usernames: string[]; refs: LinkRef[] } = { usernames: [], refs: [] };
  const first = cook(source, {
    existingUsernames: (candidates) => ((wanted.usernames = candidates), new Set()),
    resolveLinks: (refs) => ((wanted.refs = refs), []),
  });
  if (wanted.usernames.length === 0 && wanted.refs.length === 0) return first;
  const [usernames, links] = await Promise.all([
    wanted.usernames.length ? resolver.existingUsernames(wanted.usernames) : new Set<string>(),
    wanted.refs.length ? resolver.resolveLinks(wanted.refs) : [],
  ]);
  return cook(source, { existingUsernames: () => usernames, resolveLinks: () => links });
}
