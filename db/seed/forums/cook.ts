/**
 * Cooking: every post's Markdown rendered with the real cooker, which also finds the members
 * it mentions and the institutions it links to. An edited post is cooked twice: the text
 * before the edit (for the revision, and the mentions and links) and the text after.
 */
import { cook, type CookResolver, type ResolvedLink } from '../../../server/lib/markdown.ts';
import { resolveKnowledge, type KnowledgeCatalogue } from './citations.ts';
import type { Cast, PostPlan, ThreadPlan } from './types.ts';

/** What the cooker needs to know: who exists (by lower-case username), which institutions and knowledge items. */
export interface Kitchen {
  resolver: CookResolver;
  idOf: Map<string, number>;
}

export function createKitchen(cast: Cast, catalogue: KnowledgeCatalogue | null = null): Kitchen {
  const everyone = [...cast.demo.values(), ...cast.members];
  const usernames = new Set(everyone.map((p) => p.username.toLowerCase()));
  const resolver: CookResolver = {
    existingUsernames: (candidates) => new Set(candidates.filter((u) => usernames.has(u))),
    resolveLinks: (refs) =>
      refs.flatMap((ref): ResolvedLink[] => {
        if (ref.type !== 'institution') {
          const item = resolveKnowledge(catalogue, ref);
          return item ? [item] : [];
        }
        const inst = cast.institutionById.get(ref.id);
        return inst ? [{ type: 'institution', id: inst.id, title: `${inst.acronym} — ${inst.name}`, url: `/knowledge/institutions/${inst.id}` }] : [];
      }),
  };
  const idOf = new Map(everyone.map((p) => [p.username.toLowerCase(), p.id]));
  return { resolver, idOf };
}

export function cookThread(kitchen: Kitchen, t: ThreadPlan): void {
  for (const post of t.posts) cookPost(kitchen, post);
}

function cookPost(kitchen: Kitchen, post: PostPlan): void {
  const first = cook(post.edit ? post.edit.body : post.body, kitchen.resolver);
  post.mentions = first.mentions.map((u) => kitchen.idOf.get(u)!).filter((id) => id !== undefined);
  post.links = first.links.map((l) => ({ type: l.type, id: l.id }));
  if (post.edit) {
    post.edit.html = first.html;
    post.html = cook(post.body, kitchen.resolver).html;
  } else {
    post.html = first.html;
  }
}
