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
    titles(refs: { kind: string; id: number }[]): Map<string, string> {
      const described = deps.links.resolve(refs.map((r) => ({ type: LINK_TYPE_OF[r.kind as KnowledgeKind] as LinkType, id: r.id })));
      return new Map(described.map((d) => [`${d.type}s:${d.id}`, d.title]));
    },

    canSeeCommunity(actor: Actor | null, communityId: number): boolean {
      try {
        deps.gate.byId(actor, communityId);
        return true;
      } catch {
        return false;
      }
    },

    backlinks(actor: Actor | null, type: LinkType, id: number): Backlink[] {
      const rows = deps.links.backlinks(type, id);
      const visible = new Map<number, { slug: string; name: string } | null>();
      const out: Backlink[] = [];
      for (const row of rows) {
        if (!visible.has(row.communityId)) {
          try {
            const { community } = deps.gate.byId(actor, row.communityId);
            visible.set(row.communityId, { slug: community.slug, name: community.name });
          } catch {
            visible.set(row.communityId, null);
          }
        }
        const community = visible.get(row.communityId);
        if (community) out.push({ threadId: row.threadId, postId: row.postId, title: row.title, createdAt: row.createdAt.toISOString(), community });
        if (out.length === BACKLINKS_SHOWN) break;
      }
      return out;
    },
  };
}

export type LinksService = ReturnType<typeof createLinksService>;
