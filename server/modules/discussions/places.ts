import { AppError } from '../../lib/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { requireCanPost } from '../communities/access.ts';
import type { DiscussionsContext } from './context.ts';
import { requireCanEditPost, requireCanReply } from './policy.ts';

/** A place a member writes in: a forum (a new thread), a thread (a reply) or a post (an edit). */
export type WritePlace = { kind: 'thread'; forumId: number } | { kind: 'reply'; threadId: number } | { kind: 'edit'; postId: number };

/** What a draft belongs to, as a list shows it: a title and the page to write it on. */
export interface WritePlaceSummary {
  title: string;
  communityName: string;
  link: string;
}

/**
 * Whether the actor may write in a place right now, by the very checks posting makes
 * (community gate, membership and sanctions, lock, the post's edit rule): drafts ask here
 * before saving and before listing. Null when they may not (or the place is gone or unseen).
 */
export function createPlaces(ctx: DiscussionsContext) {
  const { gate, threadGate } = ctx;

  async function resolve(actor: Actor, place: WritePlace): Promise<WritePlaceSummary> {
    if (place.kind === 'thread') {
      const access = await gate.forum(actor, place.forumId);
      requireCanPost(actor, access);
      return { title: access.forum.name, communityName: access.community.name, link: `/f/${access.forum.id}` };
    }
    if (place.kind === 'reply') {
      const access = await threadGate.thread(actor, place.threadId);
      requireCanReply(actor, access);
      return { title: access.thread.title, communityName: access.community.name, link: `/t/${access.thread.id}` };
    }
    const access = await threadGate.post(actor, place.postId);
    requireCanEditPost(actor, access);
    return { title: access.thread.title, communityName: access.community.name, link: `/t/${access.thread.id}#post-${access.post.id}` };
  }

  return {
    async writablePlace(actor: Actor, place: WritePlace): Promise<WritePlaceSummary | null> {
      try {
        return await resolve(actor, place);
      } catch (error) {
        if (error instanceof AppError) return null;
        throw error;
      }
    },
  };
}
