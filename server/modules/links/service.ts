import { LINK_TYPE_OF, type Backlink, type KnowledgeKind } from '../../../shared/schemas/knowledge.ts';
import type { Actor } from '../auth/actor.ts';
import type { CommunityGate } from '../communities/access.ts';
import type { LinkType } from '../../lib/markdown.ts';
import type { LinksRepository } from './repository.ts';

const BACKLINKS_SHOWN = 50;

/** Discussions citing an item, newest first, only those the reader may see — not even counted otherwise. */
export function createLinksService(deps: { links: LinksRepository; gate: CommunityGate }) {
  return {
    /** Current title, url, country and institution of linked items (cards and pickers). */
    describe: (refs: { type: LinkType; id: number }[]) => deps.links.resolve(refs),

    /** Current titles keyed `<kind>:<id>` (kind as in the API paths: resources, profiles…). */
    async titles(refs: { kind: string; id: number }[]): Promise<Map<string, string>> {
      const described = await deps.links.resolve(refs.map((r) => ({ type: LINK_TYPE_OF[r.kind as KnowledgeKind] as LinkType, id: r.id })));
      return new Map(described.map((d) => [`${d.type}s:${d.id}`, d.title]));
    },

    /** A knowledge item drawn from a discussion links back to it (shown among its backlinks, through the same gate). */
    async recordSource(type: LinkType, id: number, postId: number): Promise<void> {
      await deps.links.addSource(type, id, postId);
    },

    async canSeeCommunity(actor: Actor | null, communityId: number): Promise<boolean> {
      try {
        await deps.gate.byId(actor, communityId);
        return true;
      } catch {
        return false;
      }
    },

    async backlinks(actor: Actor | null, type: LinkType, id: number): Promise<Backlink[]> {
      return (await deps.links.backlinks(type, id, actor?.id, BACKLINKS_SHOWN)).map((row) => ({
        threadId: row.threadId,
        postId: row.postId,
        title: row.title,
        createdAt: row.createdAt.toISOString(),
        community: { slug: row.communitySlug, name: row.communityName },
      }));
    },

    /** Most cited knowledge records in discussions, counted only where `scope` may read (`'public'`: public communities). */
    async mostCited(scope: 'all' | 'public', from: Date, to: Date, limit: number) {
      return deps.links.mostCited(scope === 'all' ? 'all' : undefined, from, to, limit);
    },
  };
}

export type LinksService = ReturnType<typeof createLinksService>;
