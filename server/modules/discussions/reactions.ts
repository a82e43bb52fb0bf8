import type { ReactionCount, ReactorList } from '../../../shared/schemas/discussions.ts';
import type { Actor } from '../auth/actor.ts';
import type { DiscussionsContext } from './context.ts';
import { requireCanReact } from './policy.ts';
import { reactionCounts } from './presenter.ts';

/** Reactions: members react to a post (on a locked thread too); readers see who reacted how. */
export function createReactions(ctx: DiscussionsContext) {
  const { posts, bus, threadGate } = ctx;
  return {
    async toggleReaction(actor: Actor | null, postId: number, kind: string): Promise<ReactionCount[]> {
      const access = await threadGate.post(actor, postId);
      requireCanReact(actor, access);
      const added = await posts.toggleReaction(postId, actor.id, kind);
      await bus.publish('post.reacted', { threadId: access.post.threadId, postId, actorId: actor.id, added });
      return reactionCounts(postId, await posts.reactionsFor([postId], actor.id));
    },

    async reactors(actor: Actor | null, postId: number): Promise<ReactorList> {
      await threadGate.post(actor, postId);
      const rows = await posts.reactors(postId);
      const kinds = [...new Set(rows.map((r) => r.kind))] as ReactorList['items'][number]['kind'][];
      return {
        items: kinds.map((kind) => ({
          kind,
          users: rows.filter((r) => r.kind === kind).map((r) => ({ id: r.id, username: r.username, displayName: r.displayName })),
        })),
      };
    },
  };
}
