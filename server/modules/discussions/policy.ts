import { editRefusal, isDeleted, ownsOrModerates as ownsOrModeratesAny, type PostFacts } from '../../../shared/discussions-policy.ts';
import type { ThreadPermissions } from '../../../shared/schemas/discussions.ts';
import { AppError } from '../../lib/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { activeSanction, requireCanPost, type CommunityAccess } from '../communities/access.ts';
import { communityPolicy, writeBlockedReason } from '../communities/policy.ts';
import type { Membership } from '../communities/repository.ts';

/**
 * Who may do what with threads and posts. Every surface that shows or changes a post asks
 * here: the REST services, the shared thread-page cache, the presenter (a post's `canEdit`)
 * and the sockets. A rule is written once; the `require…` forms throw the refusal a person
 * can act on, in the order they should hear it. The edit rule itself is in
 * shared/discussions-policy.ts, because the client applies it to live updates too.
 */

/** The reader's standing where the thread is: whether they moderate its community. */
export interface Standing {
  canModerate: boolean;
}

/** What the write checks need: the community's membership and the reader's standing. */
type Place = CommunityAccess & Standing;

type Authored = { authorId: number };
type ThreadFacts = Authored & { kind: 'discussion' | 'question'; locked: boolean };

export { editRefusal };

/** Its author, or a moderator where it is. */
function ownsOrModerates(actor: Actor | null, standing: Standing, item: Authored): actor is Actor {
  return ownsOrModeratesAny(actor, standing, item);
}

/** The community's moderators (and admins) moderate its forums, threads and posts. */
export function canModerateThreads(actor: Actor | null, membership: Membership | null | undefined): boolean {
  return communityPolicy.canModerate(actor, membership);
}

export function requireCanModerateThreads(actor: Actor | null, standing: Standing): asserts actor is Actor {
  if (!actor) throw new AppError('UNAUTHENTICATED');
  if (!standing.canModerate) throw new AppError('FORBIDDEN');
}

/** A hidden thread exists only for moderators. */
export function canSeeThread(standing: Standing, thread: { hidden: boolean }): boolean {
  return !thread.hidden || standing.canModerate;
}

/** A hidden post exists only for moderators; a deleted one keeps its place, empty. */
export function canSeePost(standing: Standing, post: { hidden: boolean }): boolean {
  return !post.hidden || standing.canModerate;
}

/** A question's accepted answer, shown beside the page: visible to this reader and not deleted. */
export function showsAsAnswer(standing: Standing, post: PostFacts | undefined): post is NonNullable<typeof post> {
  return !!post && !isDeleted(post) && canSeePost(standing, post);
}

/** Whether the post shows its edit (and delete) controls to this reader. */
export function canEditPost(actor: Actor | null, standing: Standing, post: PostFacts): actor is Actor {
  return editRefusal(actor, standing, post) === null;
}

/** A locked (closed) thread takes no replies, except from its moderators. */
export function isClosedTo(standing: Standing, thread: { locked: boolean }): boolean {
  return thread.locked && !standing.canModerate;
}

/** Replying: the community's write check (membership, sanctions), then the lock. */
export function requireCanReply(actor: Actor | null, place: Place & { thread: { locked: boolean } }): asserts actor is Actor {
  requireCanPost(actor, place);
  if (isClosedTo(place, place.thread)) throw new AppError('THREAD_LOCKED');
}

/** Why the reply box is closed for this reader, or null. */
export function replyBlockedReason(
  actor: Actor | null,
  place: Place & { thread: { locked: boolean } },
): ThreadPermissions['replyBlockedReason'] {
  return isClosedTo(place, place.thread) || place.community.archivedAt ? 'locked' : writeBlockedReason(actor, place.membership);
}

/** Editing: the post's rule, then (for its author) the same checks as replying, so a silence or a lock holds. */
export function requireCanEditPost(actor: Actor | null, place: Place & { thread: { locked: boolean }; post: PostFacts }): asserts actor is Actor {
  const refusal = editRefusal(actor, place, place.post);
  if (refusal) throw new AppError(refusal);
  if (!place.canModerate) requireCanReply(actor, place);
}

/**
 * Deleting: as editing, except that the opening post of a discussion with replies stays
 * (moderators can hide the whole thread). `hasReplies` is asked only when it matters.
 */
export function deleteRefusal(
  actor: Actor | null,
  standing: Standing,
  post: PostFacts & { id: number },
  thread: { firstPostId: number | null },
  hasReplies: () => boolean,
): 'UNAUTHENTICATED' | 'FORBIDDEN' | 'POST_DELETED' | null {
  const refusal = editRefusal(actor, standing, post);
  if (refusal) return refusal;
  if (post.id === thread.firstPostId && !standing.canModerate && hasReplies()) return 'FORBIDDEN';
  return null;
}

export function requireCanDeletePost(
  actor: Actor | null,
  place: Standing & { community: { archivedAt: Date | null }; post: PostFacts & { id: number }; thread: { firstPostId: number | null } },
  hasReplies: () => boolean,
): asserts actor is Actor {
  const refusal = deleteRefusal(actor, place, place.post, place.thread, hasReplies);
  if (refusal) throw new AppError(refusal);
  // An archived community (an ended agreement's space) is a record: its authors no longer take posts back.
  if (!place.canModerate && place.community.archivedAt) throw new AppError('COMMUNITY_ARCHIVED');
}

/** The Markdown source is for its author and moderators (anonymous readers are refused alike). */
export function canReadSource(actor: Actor | null, standing: Standing, post: Authored): actor is Actor {
  return ownsOrModerates(actor, standing, post);
}

/** Reacting needs the right to write here (membership, no sanction), and stays open on a locked thread. */
export function canReact(actor: Actor | null, membership: Membership | null | undefined): boolean {
  return communityPolicy.canPost(actor, membership) && !activeSanction(membership);
}

export function requireCanReact(actor: Actor | null, place: CommunityAccess & { post: PostFacts }): asserts actor is Actor {
  requireCanPost(actor, place);
  if (isDeleted(place.post)) throw new AppError('POST_DELETED');
}

/** The question's author or a moderator picks (or takes back) the accepted answer. */
export function canAccept(actor: Actor | null, standing: Standing, thread: ThreadFacts): actor is Actor {
  return thread.kind === 'question' && ownsOrModerates(actor, standing, thread);
}

/** Accepting is a write: a silenced or banned author waits like any other (moderators do not). */
export function requireCanAccept(actor: Actor | null, place: Place & { thread: ThreadFacts }): asserts actor is Actor {
  if (!actor) throw new AppError('UNAUTHENTICATED');
  if (!ownsOrModerates(actor, place, place.thread)) throw new AppError('FORBIDDEN');
  if (!place.canModerate) requireCanPost(actor, place);
  if (place.thread.kind !== 'question') throw new AppError('NOT_A_QUESTION');
}

/** An answer is a visible, live reply in the same thread: not its opening post. */
export function isAcceptableAnswer(
  thread: { id: number; firstPostId: number | null },
  post: (PostFacts & { id: number; threadId: number }) | undefined,
): boolean {
  return !!post && post.threadId === thread.id && !post.hidden && !isDeleted(post) && post.id !== thread.firstPostId;
}
