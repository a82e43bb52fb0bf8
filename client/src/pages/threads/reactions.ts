import type { ReactionCount, ReactionKind } from '../../../../shared/schemas/discussions.ts';
import { api } from '../../lib/api.ts';

/** Gives or takes back the reader's reaction of this kind; answers the post's counts now. */
export async function toggleReaction(postId: number, kind: ReactionKind): Promise<ReactionCount[]> {
  const { reactions } = await api.post<{ reactions: ReactionCount[] }>(`/api/posts/${postId}/reactions`, { kind });
  return reactions;
}
