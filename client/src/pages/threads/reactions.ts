import type { ReactionCount, ReactionKind } from '../../../../shared/schemas/discussions.ts';
import { api } from '../../lib/api.ts';

/**
 * This reader's toggles on their way to the server: post id and kind → whether the reaction will
 * be given. A live update with the new counts can arrive before the toggle's own answer; it keeps
 * the button as the reader left it instead of flickering back (thread-live reads it).
 */
const pending = new Map<string, boolean>();
const key = (postId: number, kind: string) => `${postId}:${kind}`;

/** Whether this reader's reaction of this kind is on its way in (true), on its way out (false), or neither (undefined). */
export function pendingReaction(postId: number, kind: string): boolean | undefined {
  return pending.get(key(postId, kind));
}

/** Gives or takes back the reader's reaction of this kind; answers the post's counts now. */
export async function toggleReaction(postId: number, kind: ReactionKind, given: boolean): Promise<ReactionCount[]> {
  const id = key(postId, kind);
  pending.set(id, !given);
  try {
    const { reactions } = await api.post<{ reactions: ReactionCount[] }>(`/api/posts/${postId}/reactions`, { kind });
    return reactions;
  } finally {
    pending.delete(id);
  }
}
