import { sql, type SQLWrapper } from 'drizzle-orm';
import { rows } from '../../../db/access.ts';
import type { Db } from '../../../db/client.ts';
import { jsonValues } from '../../../db/dialect.ts';
import {
  communities,
  communityMembers,
  postLinks,
  postReactions,
  posts,
  resources,
  specialists,
  threads,
  vocabTerms,
  workshopRegistrations,
  workshops,
} from '../../../db/schema/index.ts';
import { readableCommunity } from '../communities/readable.ts';
import { createNewsRepository } from '../news/repository.ts';
import { liveRecord } from '../knowledge/withdrawal.ts';

export interface DigestThread {
  id: number;
  authorId: number;
  communityId: number;
  community: string;
  title: string;
  replies: number;
  reactions: number;
  createdAt: number;
}

export interface DigestPost {
  id: number;
  authorId: number;
  threadId: number;
  communityId: number;
  threadTitle: string;
  excerpt: string;
  score: number;
  createdAt: number;
}

export interface DigestQuestion {
  userId: number;
  id: number;
  community: string;
  title: string;
  createdAt: number;
}

export interface DigestWorkshop {
  id: number;
  communityId: number;
  community: string;
  title: string;
  startsAt: number;
  createdAt: number;
}

/** A news item of the network published in the digest's period. */
export interface DigestNews {
  id: number;
  title: string;
  summary: string;
  language: 'es' | 'pt' | 'en';
  institution: string | null;
  createdAt: number;
}

export interface DigestResource {
  id: number;
  title: string;
  sector: string;
  /** The sector's name in each language (the vocabulary's labels). */
  labels: { es: string; pt: string; en: string };
  createdAt: number;
}

/** How many of each list a community (or a specialist) contributes to the pass: enough for any member's top few. */
const PER_COMMUNITY = 12;
const PER_SPECIALIST = 8;
const EXCERPT_CHARS = 240;

/**
 * The digests' reads, one query per kind of content for a whole run (never one per member):
 * what is new across the site, and who may read what, through the same SQL gate as the API
 * (`readableCommunity`, with the member as a column). Hidden threads, hidden and deleted posts
 * are never read here.
 */
export function createDigestContentRepository(db: Db) {
  const window = (column: SQLWrapper, since: Date, until: Date) => sql`${column} >= ${since.getTime()} AND ${column} < ${until.getTime()}`;
  const news = createNewsRepository(db);

  return {
    /** (member, community) for each community the member is an active member of and may read. */
    async memberCommunities(): Promise<{ userId: number; communityId: number }[]> {
      return rows(
        db,
        sql`SELECT ${communityMembers.userId} AS "userId", ${communityMembers.communityId} AS "communityId"
            FROM ${communityMembers} JOIN ${communities} ON ${communities.id} = ${communityMembers.communityId}
            WHERE ${communityMembers.status} = 'active' AND ${readableCommunity(communityMembers.communityId, communityMembers.userId)}`,
      );
    },

    /** Threads started in the window, most active first (replies, then reactions on the opening post), per community. */
    async newThreads(since: Date, until: Date): Promise<DigestThread[]> {
      return rows(
        db,
        sql`SELECT id, "authorId", "communityId", community, title, replies, reactions, "createdAt" FROM (
              SELECT ${threads.id} AS id, ${threads.authorId} AS "authorId", ${threads.communityId} AS "communityId", ${communities.name} AS community,
                     ${threads.title} AS title, ${threads.postCount} - 1 AS replies,
                     (SELECT count(*) FROM ${postReactions} WHERE ${postReactions.postId} = ${threads.firstPostId}) AS reactions,
                     ${threads.createdAt} AS "createdAt",
                     row_number() OVER (PARTITION BY ${threads.communityId} ORDER BY ${threads.postCount} DESC, ${threads.id} DESC) AS rank
              FROM ${threads} JOIN ${communities} ON ${communities.id} = ${threads.communityId}
              WHERE ${window(threads.createdAt, since, until)} AND ${threads.hidden} = 0)
            AS ranked WHERE rank <= ${PER_COMMUNITY}`,
      );
    },

    /** Posts written in the window with reactions or replies, best first, per community; visible ones only. */
    async bestPosts(since: Date, until: Date): Promise<DigestPost[]> {
      return rows(
        db,
        sql`SELECT id, "authorId", "threadId", "communityId", "threadTitle", excerpt, score, "createdAt" FROM (
              SELECT p.id, p."authorId", p."threadId", p."communityId", p."threadTitle", p.excerpt, p."createdAt", p.reactions + p.replies AS score,
                     row_number() OVER (PARTITION BY p."communityId" ORDER BY p.reactions + p.replies DESC, p.id DESC) AS rank
              FROM (
                SELECT ${posts.id} AS id, ${posts.authorId} AS "authorId", ${posts.threadId} AS "threadId", ${threads.communityId} AS "communityId",
                       ${threads.title} AS "threadTitle", substr(coalesce(${posts.bodyText}, ''), 1, ${EXCERPT_CHARS}) AS excerpt,
                       ${posts.createdAt} AS "createdAt",
                       (SELECT count(*) FROM ${postReactions} WHERE ${postReactions.postId} = ${posts.id}) AS reactions,
                       coalesce(replied.n, 0) AS replies
                FROM ${posts} JOIN ${threads} ON ${threads.id} = ${posts.threadId}
                -- Replies come after the post, so within the window too: one grouped pass, not a scan per post.
                LEFT JOIN (SELECT r.reply_to_post_id AS "postId", count(*) AS n FROM ${posts} AS r
                           WHERE r.reply_to_post_id IS NOT NULL AND r.created_at >= ${since.getTime()} AND r.hidden = 0 AND r.deleted_at IS NULL
                           GROUP BY r.reply_to_post_id) AS replied ON replied."postId" = ${posts.id}
                WHERE ${window(posts.createdAt, since, until)} AND ${posts.hidden} = 0 AND ${posts.deletedAt} IS NULL AND ${threads.hidden} = 0
              ) AS p WHERE p.reactions + p.replies > 0) AS ranked
            WHERE rank <= ${PER_COMMUNITY}`,
      );
    },

    /**
     * Open questions (no answer accepted, no reply yet) asked since `since`, for each specialist
     * account they are routed to (addressed to them, or sharing an area of expertise: the rule
     * of the notifications' `specialistAccounts`), readable by that specialist.
     */
    async openQuestions(since: Date, until: Date): Promise<DigestQuestion[]> {
      return rows(
        db,
        sql`SELECT "userId", id, community, title, "createdAt" FROM (
              SELECT ${specialists.userId} AS "userId", ${threads.id} AS id, ${communities.name} AS community, ${threads.title} AS title,
                     ${threads.createdAt} AS "createdAt",
                     row_number() OVER (PARTITION BY ${specialists.userId} ORDER BY ${threads.createdAt} DESC) AS rank
              FROM ${threads} JOIN ${communities} ON ${communities.id} = ${threads.communityId}
              JOIN ${specialists} ON ${specialists.userId} IS NOT NULL AND ${liveRecord(specialists)} AND (${specialists.id} = ${threads.addressedSpecialistId}
                OR EXISTS (SELECT 1 FROM ${jsonValues(specialists.expertise)} AS e WHERE e.value IN (SELECT value FROM ${jsonValues(threads.expertise)} AS t)))
              WHERE ${threads.kind} = 'question' AND ${threads.acceptedPostId} IS NULL AND ${threads.postCount} <= 1 AND ${threads.hidden} = 0
                AND ${window(threads.createdAt, since, until)} AND ${threads.authorId} <> ${specialists.userId}
                AND ${readableCommunity(threads.communityId, specialists.userId)}) AS ranked
            WHERE rank <= ${PER_SPECIALIST}`,
      );
    },

    /** Workshops starting in [from, until) whose room is not closed. */
    async upcomingWorkshops(from: Date, until: Date): Promise<DigestWorkshop[]> {
      return rows(
        db,
        sql`SELECT ${workshops.id} AS id, ${workshops.communityId} AS "communityId", ${communities.name} AS community,
                   ${workshops.title} AS title, ${workshops.startsAt} AS "startsAt", ${workshops.createdAt} AS "createdAt"
            FROM ${workshops} JOIN ${communities} ON ${communities.id} = ${workshops.communityId}
            WHERE ${window(workshops.startsAt, from, until)} AND ${workshops.room} <> 'closed'
            ORDER BY ${workshops.startsAt}, ${workshops.id}`,
      );
    },

    /** Who is registered for which of those workshops, where they may still read its community. */
    async registrations(from: Date, until: Date): Promise<{ userId: number; workshopId: number }[]> {
      return rows(
        db,
        sql`SELECT ${workshopRegistrations.userId} AS "userId", ${workshopRegistrations.workshopId} AS "workshopId"
            FROM ${workshopRegistrations} JOIN ${workshops} ON ${workshops.id} = ${workshopRegistrations.workshopId}
            JOIN ${communities} ON ${communities.id} = ${workshops.communityId}
            WHERE ${window(workshops.startsAt, from, until)} AND ${readableCommunity(workshops.communityId, workshopRegistrations.userId)}`,
      );
    },

    /** Resources added in the window that have a sector, newest first (the bank is public). */
    async newResources(since: Date, until: Date): Promise<DigestResource[]> {
      const found = await rows<Omit<DigestResource, 'labels'> & { es: string | null; pt: string | null; en: string | null }>(
        db,
        sql`SELECT ${resources.id} AS id, ${resources.title} AS title, ${resources.sector} AS sector, ${resources.createdAt} AS "createdAt",
                   ${vocabTerms.labelEs} AS es, ${vocabTerms.labelPt} AS pt, ${vocabTerms.labelEn} AS en
            FROM ${resources} LEFT JOIN ${vocabTerms} ON ${vocabTerms.scheme} = 'sector' AND ${vocabTerms.code} = ${resources.sector}
            WHERE ${window(resources.createdAt, since, until)} AND ${resources.sector} IS NOT NULL AND ${liveRecord(resources)}
            ORDER BY ${resources.createdAt} DESC, ${resources.id} DESC`,
      );
      return found.map(({ es, pt, en, ...row }) => ({ ...row, labels: { es: es ?? row.sector, pt: pt ?? row.sector, en: en ?? row.sector } }));
    },

    /** News published in the window, through the news' own rule of what is out. */
    async newNews(since: Date, until: Date): Promise<DigestNews[]> {
      return (await news.publishedBetween(since, until, 50)).map((r) => ({
        id: r.n.id,
        title: r.n.title,
        summary: r.n.summary,
        language: r.n.language,
        institution: r.institution?.acronym ?? null,
        createdAt: r.n.publishedAt.getTime(),
      }));
    },

    /** The sectors of each institution's own resources: a member's sectors are their institution's. */
    async institutionSectors(): Promise<{ institutionId: number; sector: string }[]> {
      return rows(
        db,
        sql`SELECT DISTINCT ${resources.institutionId} AS "institutionId", ${resources.sector} AS sector
            FROM ${resources} WHERE ${resources.institutionId} IS NOT NULL AND ${resources.sector} IS NOT NULL`,
      );
    },

    /** The sectors of the resources each member cited in a visible post: their sectors too. */
    async citedSectors(): Promise<{ userId: number; sector: string }[]> {
      return rows(
        db,
        sql`SELECT DISTINCT ${posts.authorId} AS "userId", ${resources.sector} AS sector
            FROM ${postLinks} JOIN ${posts} ON ${posts.id} = ${postLinks.postId}
            JOIN ${resources} ON ${resources.id} = ${postLinks.targetId}
            WHERE ${postLinks.linkType} = 'resource' AND ${posts.hidden} = 0 AND ${posts.deletedAt} IS NULL AND ${resources.sector} IS NOT NULL`,
      );
    },
  };
}

export type DigestContentRepository = ReturnType<typeof createDigestContentRepository>;
