import { and, asc, eq, lte } from 'drizzle-orm';
import { changed } from '../../../db/access.ts';
import type { Db } from '../../../db/client.ts';
import { communities, communityMembers, mailingListQueue, mailingListSubscriptions } from '../../../db/schema/index.ts';

/** Mailing-list mode's two tables: who gets a community's posts by mail, and the posts still to mail. */
export function createMailingListRepository(db: Db) {
  return {
    async subscribe(userId: number, communityId: number, token: string): Promise<void> {
      await db.insert(mailingListSubscriptions).values({ userId, communityId, token }).onConflictDoNothing();
    },

    async unsubscribe(userId: number, communityId: number): Promise<void> {
      await db
        .delete(mailingListSubscriptions)
        .where(and(eq(mailingListSubscriptions.userId, userId), eq(mailingListSubscriptions.communityId, communityId)));
    },

    /** The one-click unsubscribe: true when the token still named a subscription. */
    async unsubscribeByToken(token: string): Promise<boolean> {
      return changed(await db.delete(mailingListSubscriptions).where(eq(mailingListSubscriptions.token, token))) > 0;
    },

    async hasToken(token: string): Promise<boolean> {
      return (await db.select({ id: mailingListSubscriptions.userId }).from(mailingListSubscriptions).where(eq(mailingListSubscriptions.token, token)).limit(1)).length > 0;
    },

    /** The community a subscription's token names, while the subscription lasts. */
    async communityOfToken(token: string): Promise<{ slug: string; name: string } | undefined> {
      const [found] = await db
        .select({ slug: communities.slug, name: communities.name })
        .from(mailingListSubscriptions)
        .innerJoin(communities, eq(communities.id, mailingListSubscriptions.communityId))
        .where(eq(mailingListSubscriptions.token, token))
        .limit(1);
      return found;
    },

    async find(userId: number, communityId: number) {
      const [found] = await db
        .select()
        .from(mailingListSubscriptions)
        .where(and(eq(mailingListSubscriptions.userId, userId), eq(mailingListSubscriptions.communityId, communityId)))
        .limit(1);
      return found;
    },

    /** A member's subscriptions with their communities, by name. */
    async ofUser(userId: number) {
      return await db
        .select({ communityId: communities.id, slug: communities.slug, name: communities.name })
        .from(mailingListSubscriptions)
        .innerJoin(communities, eq(communities.id, mailingListSubscriptions.communityId))
        .where(eq(mailingListSubscriptions.userId, userId))
        .orderBy(asc(communities.name));
    },

    /** Subscribers who are still active members (the gate is asked again per recipient). */
    async subscribersOf(communityId: number): Promise<{ userId: number; token: string }[]> {
      return await db
        .select({ userId: mailingListSubscriptions.userId, token: mailingListSubscriptions.token })
        .from(mailingListSubscriptions)
        .innerJoin(
          communityMembers,
          and(eq(communityMembers.communityId, mailingListSubscriptions.communityId), eq(communityMembers.userId, mailingListSubscriptions.userId)),
        )
        .where(and(eq(mailingListSubscriptions.communityId, communityId), eq(communityMembers.status, 'active')));
    },

    async enqueuePost(postId: number, dueAt: Date): Promise<void> {
      await db.insert(mailingListQueue).values({ postId, dueAt }).onConflictDoNothing();
    },

    async duePosts(now: Date, limit: number): Promise<number[]> {
      return (
        await db
        .select({ postId: mailingListQueue.postId })
        .from(mailingListQueue)
        .where(lte(mailingListQueue.dueAt, now))
        .orderBy(asc(mailingListQueue.dueAt), asc(mailingListQueue.postId))
        .limit(limit)
      ).map((row) => row.postId);
    },

    async donePost(postId: number): Promise<void> {
      await db.delete(mailingListQueue).where(eq(mailingListQueue.postId, postId));
    },
  };
}

export type MailingListRepository = ReturnType<typeof createMailingListRepository>;
