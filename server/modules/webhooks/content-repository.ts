import { and, eq, inArray, or, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { communities, forums, posts, reports, resources, threads, users, workshops } from '../../../db/schema/index.ts';
import { readableCommunity } from '../communities/readable.ts';
import { liveRecord } from '../knowledge/withdrawal.ts';

/**
 * THE condition "an endpoint may be sent content of this community": what anyone may read
 * (communities/readable.ts, the one condition), or a private community the admin included.
 * Needs `communities` joined on `communityId`.
 */
export function endpointAudience(communityId: SQLWrapper, included: number[]): SQL {
  return included.length === 0 ? readableCommunity(communityId, null) : or(readableCommunity(communityId, null), inArray(communityId, included))!;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * What webhook payloads say, read from the rows through the endpoint's audience: null when
 * the endpoint may not be told. Hidden threads and hidden or deleted posts are never sent.
 */
export function createWebhookContent(db: Db, publicUrl: string) {
  const link = (path: string) => new URL(path, publicUrl).toString();

  const threadRow = async (threadId: number, included: number[]) =>
    (
      await db
      .select({
        id: threads.id,
        title: threads.title,
        kind: threads.kind,
        language: threads.language,
        createdAt: threads.createdAt,
        authorId: threads.authorId,
        authorName: users.displayName,
        communityId: communities.id,
        communitySlug: communities.slug,
        communityName: communities.name,
        forumId: forums.id,
        forumName: forums.name,
      })
      .from(threads)
      .innerJoin(communities, eq(communities.id, threads.communityId))
      .innerJoin(forums, eq(forums.id, threads.forumId))
      .innerJoin(users, eq(users.id, threads.authorId))
      .where(and(eq(threads.id, threadId), eq(threads.hidden, false), endpointAudience(threads.communityId, included)))
      .limit(1)
    )[0];

  const presentThread = (t: NonNullable<Awaited<ReturnType<typeof threadRow>>>) => ({
    id: t.id,
    title: t.title,
    kind: t.kind,
    language: t.language,
    url: link(`/t/${t.id}`),
    createdAt: iso(t.createdAt),
    author: { id: t.authorId, displayName: t.authorName },
    community: { id: t.communityId, slug: t.communitySlug, name: t.communityName },
    forum: { id: t.forumId, name: t.forumName },
  });

  return {
    async thread(threadId: number, included: number[]) {
      const t = await threadRow(threadId, included);
      return t ? presentThread(t) : null;
    },

    /** A post shown to readers (neither hidden nor deleted), with its thread. */
    async post(postId: number, included: number[]) {
      const [p] = await db
        .select({
          id: posts.id,
          threadId: posts.threadId,
          number: posts.number,
          bodyHtml: posts.bodyHtml,
          createdAt: posts.createdAt,
          editedAt: posts.editedAt,
          authorId: posts.authorId,
          authorName: users.displayName,
        })
        .from(posts)
        .innerJoin(users, eq(users.id, posts.authorId))
        .where(and(eq(posts.id, postId), eq(posts.hidden, false), sql`${posts.deletedAt} IS NULL`))
        .limit(1);
      if (!p) return null;
      const t = await threadRow(p.threadId, included);
      if (!t) return null;
      return {
        thread: presentThread(t),
        post: {
          id: p.id,
          number: p.number,
          url: link(`/t/${t.id}#post-${p.number}`),
          html: p.bodyHtml,
          createdAt: iso(p.createdAt),
          editedAt: iso(p.editedAt),
          author: { id: p.authorId, displayName: p.authorName },
        },
      };
    },

    /** Ids only (a hidden item's body never leaves), when its community is in the audience. */
    async hiddenItem(targetType: string, targetId: number, communityId: number | null, included: number[], reason: string | null) {
      if (communityId === null) return null;
      const [ok] = await db.select({ id: communities.id }).from(communities).where(and(eq(communities.id, communityId), endpointAudience(communities.id, included))).limit(1);
      if (!ok) return null;
      let threadId: number | null = null;
      if (targetType === 'post') threadId = (await db.select({ threadId: posts.threadId }).from(posts).where(eq(posts.id, targetId)).limit(1))[0]?.threadId ?? null;
      else threadId = targetId;
      return targetType === 'post' ? { postId: targetId, threadId, communityId, reason } : { threadId, communityId, reason };
    },

    async community(communityId: number, included: number[]) {
      const [c] = await db
        .select({ id: communities.id, slug: communities.slug, name: communities.name })
        .from(communities)
        .where(and(eq(communities.id, communityId), endpointAudience(communities.id, included)))
        .limit(1);
      return c ? { ...c, url: link(`/c/${c.slug}`) } : null;
    },

    async user(userId: number) {
      const [u] = await db.select({ id: users.id, username: users.username, displayName: users.displayName }).from(users).where(eq(users.id, userId)).limit(1);
      return u ?? null;
    },

    /**
     * A withdrawn resource: its id, its former address and when, nothing of its content (gone
     * from every public surface), so a mirror can take it down. Null while it is live.
     */
    async withdrawnResource(id: number) {
      const [r] = await db.select({ id: resources.id, withdrawnAt: resources.withdrawnAt }).from(resources).where(eq(resources.id, id)).limit(1);
      return r?.withdrawnAt ? { id: r.id, page: link(`/knowledge/resources/${r.id}`), withdrawnAt: iso(r.withdrawnAt) } : null;
    },

    /** Knowledge records are public, but for the withdrawn ones (knowledge/withdrawal.ts). */
    async resource(id: number) {
      const [r] = await db
        .select({ id: resources.id, title: resources.title, summary: resources.summary, type: resources.type, url: resources.url, createdAt: resources.createdAt, updatedAt: resources.updatedAt })
        .from(resources)
        .where(and(eq(resources.id, id), liveRecord(resources)))
        .limit(1);
      return r ? { ...r, page: link(`/knowledge/resources/${r.id}`), createdAt: iso(r.createdAt), updatedAt: iso(r.updatedAt) } : null;
    },

    async workshop(workshopId: number, included: number[]) {
      const [w] = await db
        .select({
          id: workshops.id,
          title: workshops.title,
          kind: workshops.kind,
          language: workshops.language,
          startsAt: workshops.startsAt,
          endsAt: workshops.endsAt,
          room: workshops.room,
          openedAt: workshops.openedAt,
          closedAt: workshops.closedAt,
          communityId: communities.id,
          communitySlug: communities.slug,
          communityName: communities.name,
        })
        .from(workshops)
        .innerJoin(communities, eq(communities.id, workshops.communityId))
        .where(and(eq(workshops.id, workshopId), endpointAudience(workshops.communityId, included)))
        .limit(1);
      if (!w) return null;
      const { communityId, communitySlug, communityName, ...rest } = w;
      return {
        ...rest,
        url: link(`/w/${w.id}`),
        startsAt: iso(w.startsAt),
        endsAt: iso(w.endsAt),
        openedAt: iso(w.openedAt),
        closedAt: iso(w.closedAt),
        community: { id: communityId, slug: communitySlug, name: communityName },
      };
    },

    /** A report: what was reported and why (the reporter and their note stay with the moderators). */
    async report(reportId: number, included: number[]) {
      const [r] = await db
        .select({ id: reports.id, targetType: reports.targetType, targetId: reports.targetId, threadId: reports.threadId, postId: reports.postId, reason: reports.reason, createdAt: reports.createdAt, communityId: reports.communityId })
        .from(reports)
        .innerJoin(communities, eq(communities.id, reports.communityId))
        .where(and(eq(reports.id, reportId), endpointAudience(reports.communityId, included)))
        .limit(1);
      return r ? { ...r, createdAt: iso(r.createdAt) } : null;
    },

    /** The private communities among these slugs (the others: public or missing). */
    async privateCommunities(slugs: string[]) {
      if (slugs.length === 0) return [];
      return await db.select({ id: communities.id, slug: communities.slug, visibility: communities.visibility }).from(communities).where(inArray(communities.slug, slugs));
    },
    async slugsOf(ids: number[]): Promise<string[]> {
      if (ids.length === 0) return [];
      return (await db.select({ slug: communities.slug }).from(communities).where(inArray(communities.id, ids))).map((c) => c.slug);
    },
  };
}

export type WebhookContent = ReturnType<typeof createWebhookContent>;
