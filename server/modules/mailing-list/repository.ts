import { and, asc, eq, lte } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { communities, communityMembers, mailingListQueue, mailingListSubscriptions } from '../../../db/schema/index.ts';

/** Mailing-list mode's two tables: who gets a community's posts by mail, and the posts still to mail. */
export function createMailingListRepository(db: Db) {
  return {
    subscribe(userId: number, communityId: number, token: string): void {
      db.insert(mailingListSubscriptions).values({ userId, communityId, token }).onConflictDoNothing().run();
    },

    unsubscribe(userId: number, communityId: number): void {
      db.delete(mailingListSubscriptions)
        .where(and(eq(mailingListSubscriptions.userId, userId), eq(mailingListSubscriptions.communityId, communityId)))
        .run();
    },

    /** The one-click unsubscribe: true when the token still named a subscription. */
    unsubscribeByToken(token: string): boolean {
      return db.delete(mailingListSubscriptions).where(eq(mailingListSubscriptions.token, token)).run().changes > 0;
    },

    hasToken(token: string): boolean {
      return db.select({ id: mailingListSubscriptions.userId }).from(mailingListSubscriptions).where(eq(mailingListSubscriptions.token, token)).get() !== undefined;
    },

    /** The community a subscription's token names, while the subscription lasts. */
    communityOfToken(token: string): { slug: string; name: string } | undefined {
      return db
        .select({ slug: communities.slug, name: communities.name })
        .from(mailingListSubscriptions)
        .innerJoin(communities, eq(communities.id, mailingListSubscriptions.communityId))
        .where(eq(mailingListSubscriptions.token, token))
        .get();
    },

    find(userId: number, communityId: number) {
      return db
        .select()
        .from(mailingListSubscriptions)
        .where(and(eq(mailingListSubscriptions.userId, userId), eq(mailingListSubscriptions.communityId, communityId)))
        .get();
    },

    /** A member's subscriptions with their communities, by name. */
    ofUser(userId: number) {
      return db
        .select({ communityId: communities.id, slug: communities.slug, name: communities.name })
        .from(mailingListSubscriptions)
        .innerJoin(communities, eq(communities.id, mailingListSubscriptions.communityId))
        .where(eq(mailingListSubscriptions.userId, userId))
        .orderBy(asc(communities.name))
        .all();
    },

    /** Subscribers who are still active members (the gate is asked again per recipient). */
    subscribersOf(communityId: number): { userId: number; token: string }[] {
      return db
        .select({ userId: mailingListSubscriptions.userId, token: mailingListSubscriptions.token })
        .from(mailingListSubscriptions)
        .innerJoin(
          communityMembers,
          and(eq(communityMembers.communityId, mailingListSubscriptions.communityId), eq(communityMembers.userId, mailingListSubscriptions.userId)),
        )
        .where(and(eq(mailingListSubscriptions.communityId, communityId), eq(communityMembers.status, 'active')))
        .all();
    },

    enqueuePost(postId: number, dueAt: Date): void {
      db.insert(mailingListQueue).values({ postId, dueAt }).onConflictDoNothing().run();
    },

    duePosts(now: Date, limit: number): number[] {
      return db
        .select({ postId: mailingListQueue.postId })
        .from(mailingListQueue)
        .where(lte(mailingListQueue.dueAt, now))
        .orderBy(asc(mailingListQueue.dueAt), asc(mailingListQueue.postId))
        .limit(limit)
        .all()
        .map((row) => row.postId);
    },

    donePost(postId: number): void {
      db.delete(mailingListQueue).where(eq(mailingListQueue.postId, postId)).run();
    },
  };
}

export type MailingListRepository = ReturnType<typeof createMailingListRepository>;
