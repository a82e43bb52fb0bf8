import type { ReactionCount, ReactorList } from '../../../shared/schemas/discussions.ts';
import type { Actor } from '../auth/actor.ts';
import type { DiscussionsContext } from './context.ts';
import { requireCanReact } from './policy.ts';
import { reactionCounts } from './presenter.ts';

/** Reactions: members react to a post (on a locked thread too); readers see who reacted how. */
export function createReactions(ctx: DiscussionsContext) {
  const { posts, bus, threadGate } = ctx;
  return {
    toggleReaction(actor: Actor | null, postId: number, kind: string): ReactionCount[] {
      const access = threadGate.post(actor, postId);
      requireCanReact(actor, access);
      const added = posts.toggleReaction(postId, actor.id, kind);
      bus.publish('post.reacted', { threadId: access.post.threadId, postId, actorId: actor.id, added });
      return reactionCounts(postId, posts.reactionsFor([postId], actor.id));
    },

    reactors(actor: Actor | null, postId: number): ReactorList {
      threadGate.post(actor, postId);
      const rows = posts.reactors(postId);
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
