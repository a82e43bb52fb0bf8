/**
 * The rules about posts that the client must apply exactly as the server does: a live update
 * arrives the same for every reader, and each page puts the reader's own rights back in with
 * these. The server's `server/modules/discussions/policy.ts` builds on them; nothing else
 * writes them again.
 */

/** What the rules need of the reader's standing where the post is. */
export interface PostStanding {
  canModerate: boolean;
}

type Authored = { authorId: number };
/** A post as a database row (`deletedAt`) or as the API shows it (`deleted`). */
export type PostFacts = Authored & { hidden: boolean } & ({ deletedAt: Date | null } | { deleted: boolean });

export const isDeleted = (post: PostFacts): boolean => ('deleted' in post ? post.deleted : post.deletedAt !== null);

/** Its author, or a moderator where it is. */
export function ownsOrModerates(viewer: { id: number } | null | undefined, standing: PostStanding, item: Authored): boolean {
  return !!viewer && (viewer.id === item.authorId || standing.canModerate);
}

/** Why the viewer may not edit the post, or null: the author and moderators edit what is not deleted. */
export function editRefusal(
  viewer: { id: number } | null | undefined,
  standing: PostStanding,
  post: PostFacts,
): 'UNAUTHENTICATED' | 'FORBIDDEN' | 'POST_DELETED' | null {
  if (!viewer) return 'UNAUTHENTICATED';
  if (!ownsOrModerates(viewer, standing, post)) return 'FORBIDDEN';
  if (isDeleted(post)) return 'POST_DELETED';
  return null;
}
