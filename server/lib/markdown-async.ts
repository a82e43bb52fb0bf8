import { lexMarkdown, renderMarkdown, type Cooked, type LinkRef, type ResolvedLink } from './markdown.ts';

/** The cooker's lookups, answered by the database (asynchronously, on either engine). */
export interface AsyncCookResolver {
  existingUsernames(candidates: string[]): Promise<Set<string>>;
  resolveLinks(refs: LinkRef[]): Promise<ResolvedLink[]>;
}

/**
 * `cook` (server/lib/markdown.ts) with lookups that wait for the database: the text is read
 * once, the lookups it needs run (none for a text that names nobody and nothing), and it is
 * rendered once with their answers.
 */
export async function cookAsync(source: string, resolver: AsyncCookResolver): Promise<Cooked> {
  const lexed = lexMarkdown(source);
  const [usernames, links] = await Promise.all([
    lexed.usernames.length ? resolver.existingUsernames(lexed.usernames) : new Set<string>(),
    lexed.refs.length ? resolver.resolveLinks(lexed.refs) : [],
  ]);
  return renderMarkdown(lexed, usernames, links);
}
