import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import {
  communities,
  communityMembers,
  experiences,
  forums,
  institutions,
  postReactions,
  posts,
  profiles,
  resources,
  specialists,
  threadReads,
  threads,
  threadWatches,
  users,
  workshopRegistrations,
  workshops,
} from '../../../db/schema/index.ts';
import type { ThreadRow } from '../../../db/schema/index.ts';
import type { KnowledgeKind } from '../../../shared/schemas/knowledge.ts';
import { readableCommunity } from '../communities/readable.ts';
import { shownThreadTo } from '../discussions/readable.ts';
import { readableWorkshop, statusCondition } from '../workshops/repository.ts';

/** Who the home is for: a member's id, or null for a visitor (the public home). */
export type HomeViewer = number | null;

/** What the home knows of a member to pick their lists. */
export interface MemberFacts {
  joinedAt: Date;
  /** Their specialist record, when they are one. */
  specialistId: number | null;
  expertise: string[];
  /** Their country, their institution's and their specialist record's. */
  countries: string[];
  /** Sectors of their institution's own resources. */
  sectors: string[];
  communities: number;
}

export type HomeThreadRow = Omit<ThreadRow, 'expertise'> & {
  author: { id: number; username: string; displayName: string };
  community: { slug: string; name: string };
  forum: { id: number; name: string };
  activity?: { posts: number; reactions: number };
};

/** Keyset on the thread lists: latest activity, then id, newest first. */
export type ActivityKey = [lastPostAt: number, id: number];
export type KnowledgeKey = [createdAt: number, rank: number, id: number];

interface RawThread {
  id: number;
  forumId: number;
  communityId: number;
  authorId: number;
  title: string;
  kind: 'discussion' | 'question';
  language: 'es' | 'pt' | 'en' | null;
  pinned: number;
  locked: number;
  hidden: number;
  firstPostId: number | null;
  addressedSpecialistId: number | null;
  acceptedPostId: number | null;
  postCount: number;
  lastPostAt: number;
  createdAt: number;
  authorUsername: string;
  authorDisplayName: string;
  communitySlug: string;
  communityName: string;
  forumName: string;
  periodPosts?: number;
  periodReactions?: number;
}

const toRow = (r: RawThread): HomeThreadRow => ({
  id: r.id,
  forumId: r.forumId,
  communityId: r.communityId,
  authorId: r.authorId,
  title: r.title,
  kind: r.kind,
  language: r.language,
  pinned: r.pinned === 1,
  locked: r.locked === 1,
  hidden: r.hidden === 1,
  firstPostId: r.firstPostId,
  addressedSpecialistId: r.addressedSpecialistId,
  acceptedPostId: r.acceptedPostId,
  postCount: r.postCount,
  lastPostAt: new Date(r.lastPostAt),
  createdAt: new Date(r.createdAt),
  author: { id: r.authorId, username: r.authorUsername, displayName: r.authorDisplayName },
  community: { slug: r.communitySlug, name: r.communityName },
  forum: { id: r.forumId, name: r.forumName },
  ...(r.periodPosts !== undefined ? { activity: { posts: r.periodPosts, reactions: r.periodReactions ?? 0 } } : {}),
});

const THREAD_COLUMNS = sql`${threads.id} AS id, ${threads.forumId} AS forumId, ${threads.communityId} AS communityId, ${threads.authorId} AS authorId,
  ${threads.title} AS title, ${threads.kind} AS kind, ${threads.language} AS language, ${threads.pinned} AS pinned, ${threads.locked} AS locked,
  ${threads.hidden} AS hidden, ${threads.firstPostId} AS firstPostId, ${threads.addressedSpecialistId} AS addressedSpecialistId,
  ${threads.acceptedPostId} AS acceptedPostId, ${threads.postCount} AS postCount, ${threads.lastPostAt} AS lastPostAt, ${threads.createdAt} AS createdAt,
  ${users.username} AS authorUsername, ${users.displayName} AS authorDisplayName,
  ${communities.slug} AS communitySlug, ${communities.name} AS communityName, ${forums.name} AS forumName`;

const THREAD_JOINS = sql`JOIN ${communities} ON ${communities.id} = ${threads.communityId}
  JOIN ${forums} ON ${forums.id} = ${threads.forumId}
  JOIN ${users} ON ${users.id} = ${threads.authorId}`;

/** The knowledge tables the home lists, each with its rank (a tie-break in the merged order). */
const KNOWLEDGE_TABLES = [
  { kind: 'resources', rank: 4, table: resources },
  { kind: 'experiences', rank: 3, table: experiences },
  { kind: 'profiles', rank: 2, table: profiles },
  { kind: 'specialists', rank: 1, table: specialists },
] as const satisfies readonly { kind: KnowledgeKind; rank: number; table: unknown }[];

/**
 * The home's reads: the lists a member (or a visitor) sees first, each one query, each through
 * the API's gate: communities the viewer may read (`readableCommunity`), threads shown to them
 * (`shownThreadTo`: hidden ones only where they moderate), workshops they may see
 * (`readableWorkshop`). It writes nothing; it reads read state (`thread_reads`), watches,
 * workshops and the knowledge tables in joins.
 */
export function createHomeRepository(db: Db) {
  /** The member's active communities (a visitor: the public ones, which the gate already says). */
  const mine = (viewer: number) =>
    sql`${threads.communityId} IN (SELECT ${communityMembers.communityId} FROM ${communityMembers}
        WHERE ${communityMembers.userId} = ${viewer} AND ${communityMembers.status} = 'active')`;
  const gate = (viewer: HomeViewer) => sql`${readableCommunity(threads.communityId, viewer)} AND ${shownThreadTo(viewer)}`;
  const notMuted = (viewer: number) =>
    sql`NOT EXISTS (SELECT 1 FROM ${threadWatches} WHERE ${threadWatches.threadId} = ${threads.id}
        AND ${threadWatches.userId} = ${viewer} AND ${threadWatches.level} = 'muted')`;
  /** Visible posts after the member's place: the rule of `reads.stateFor`'s `unread`. */
  const hasUnread = sql`EXISTS (SELECT 1 FROM ${posts} WHERE ${posts.threadId} = ${threads.id} AND ${posts.number} > ${threadReads.lastRead}
        AND ${posts.hidden} = 0 AND ${posts.deletedAt} IS NULL)`;
  const before = (after: ActivityKey | null) =>
    after ? sql`AND (${threads.lastPostAt} < ${after[0]} OR (${threads.lastPostAt} = ${after[0]} AND ${threads.id} < ${after[1]}))` : sql``;
  const byActivity = sql`ORDER BY ${threads.lastPostAt} DESC, ${threads.id} DESC`;

  function threadsWhere(where: SQL, order: SQL, limit: number, extraJoin: SQL = sql``): HomeThreadRow[] {
    return db.all<RawThread>(sql`SELECT ${THREAD_COLUMNS} FROM ${threads} ${THREAD_JOINS} ${extraJoin} WHERE ${where} ${order} LIMIT ${limit}`).map(toRow);
  }

  return {
    /** The facts that pick a member's lists, in two small queries. */
    memberFacts(userId: number): MemberFacts | undefined {
      const row = db.get<{
        createdAt: number;
        country: string | null;
        institutionId: number | null;
        institutionCountry: string | null;
        specialistId: number | null;
        expertise: string | null;
        specialistCountry: string | null;
        communities: number;
      }>(sql`SELECT ${users.createdAt} AS createdAt, ${users.countryCode} AS country, ${users.institutionId} AS institutionId,
               ${institutions.countryCode} AS institutionCountry, ${specialists.id} AS specialistId, ${specialists.expertise} AS expertise,
               ${specialists.countryCode} AS specialistCountry,
               (SELECT count(*) FROM ${communityMembers} WHERE ${communityMembers.userId} = ${users.id} AND ${communityMembers.status} = 'active') AS communities
             FROM ${users} LEFT JOIN ${institutions} ON ${institutions.id} = ${users.institutionId}
             LEFT JOIN ${specialists} ON ${specialists.userId} = ${users.id}
             WHERE ${users.id} = ${userId}`);
      if (!row) return undefined;
      const sectors =
        row.institutionId === null
          ? []
          : db
              .all<{ sector: string }>(
                sql`SELECT DISTINCT ${resources.sector} AS sector FROM ${resources}
                    WHERE ${resources.institutionId} = ${row.institutionId} AND ${resources.sector} IS NOT NULL`,
              )
              .map((r) => r.sector);
      const countries = [row.country, row.institutionCountry, row.specialistCountry].filter((c): c is string => c !== null);
      return {
        joinedAt: new Date(row.createdAt),
        specialistId: row.specialistId,
        expertise: row.expertise ? (JSON.parse(row.expertise) as string[]) : [],
        countries: [...new Set(countries)],
        sectors,
        communities: row.communities,
      };
    },

    /** Threads by latest activity: across the member's communities, or every public one for a visitor. */
    latest(viewer: HomeViewer, after: ActivityKey | null, limit: number): HomeThreadRow[] {
      const scope = viewer === null ? sql`` : sql`AND ${mine(viewer)}`;
      return threadsWhere(sql`${gate(viewer)} ${scope} ${before(after)}`, byActivity, limit);
    },

    /** Threads the member read before with visible posts after their place; never muted ones. */
    unread(viewer: number, after: ActivityKey | null, limit: number): HomeThreadRow[] {
      return threadsWhere(
        sql`${gate(viewer)} AND ${mine(viewer)} AND ${hasUnread} AND ${notMuted(viewer)} ${before(after)}`,
        byActivity,
        limit,
        sql`JOIN ${threadReads} ON ${threadReads.threadId} = ${threads.id} AND ${threadReads.userId} = ${viewer}`,
      );
    },

    /** Threads never opened, started since the member joined; never muted ones. */
    fresh(viewer: number, joinedAt: Date, after: ActivityKey | null, limit: number): HomeThreadRow[] {
      return threadsWhere(
        sql`${gate(viewer)} AND ${mine(viewer)} AND ${threads.createdAt} >= ${joinedAt.getTime()}
            AND NOT EXISTS (SELECT 1 FROM ${threadReads} WHERE ${threadReads.threadId} = ${threads.id} AND ${threadReads.userId} = ${viewer})
            AND ${notMuted(viewer)} ${before(after)}`,
        byActivity,
        limit,
      );
    },

    /** The member's own threads with replies after their last read (their own posts count as read). */
    mine(viewer: number, after: ActivityKey | null, limit: number): HomeThreadRow[] {
      return threadsWhere(
        sql`${threads.authorId} = ${viewer} AND ${gate(viewer)} AND ${hasUnread} AND ${notMuted(viewer)} ${before(after)}`,
        byActivity,
        limit,
        sql`JOIN ${threadReads} ON ${threadReads.threadId} = ${threads.id} AND ${threadReads.userId} = ${viewer}`,
      );
    },

    /**
     * The most active threads since a moment: visible posts written since then, then reactions
     * given since then to the thread's visible posts. Paged by position (the order is computed).
     */
    top(viewer: HomeViewer, since: Date, offset: number, limit: number): HomeThreadRow[] {
      const scope = viewer === null ? sql`` : sql`AND ${mine(viewer)}`;
      const at = since.getTime();
      return db
        .all<RawThread>(
          sql`SELECT * FROM (
                SELECT ${THREAD_COLUMNS},
                  (SELECT count(*) FROM ${posts} WHERE ${posts.threadId} = ${threads.id} AND ${posts.createdAt} >= ${at}
                     AND ${posts.hidden} = 0 AND ${posts.deletedAt} IS NULL) AS periodPosts,
                  (SELECT count(*) FROM ${postReactions} JOIN ${posts} ON ${posts.id} = ${postReactions.postId}
                     WHERE ${posts.threadId} = ${threads.id} AND ${postReactions.createdAt} >= ${at}
                     AND ${posts.hidden} = 0 AND ${posts.deletedAt} IS NULL) AS periodReactions
                FROM ${threads} ${THREAD_JOINS}
                WHERE ${threads.lastPostAt} >= ${at} AND ${gate(viewer)} ${scope})
              WHERE periodPosts > 0
              ORDER BY periodPosts DESC, periodReactions DESC, lastPostAt DESC, id DESC LIMIT ${limit} OFFSET ${offset}`,
        )
        .map(toRow);
    },

    /**
     * Open questions (no accepted answer) for a specialist: addressed to their record ("Ask this
     * specialist"), or asking for an area of expertise they have; in communities they may read,
     * not their own. Newest first, keyset on (createdAt, id).
     */
    questions(viewer: number, specialistId: number, expertise: string[], after: ActivityKey | null, limit: number): HomeThreadRow[] {
      const matches = expertise.length
        ? sql`OR EXISTS (SELECT 1 FROM json_each(${threads.expertise}) AS e WHERE e.value IN (${sql.join(
            expertise.map((code) => sql`${code}`),
            sql`, `,
          )}))`
        : sql``;
      const page = after ? sql`AND (${threads.createdAt} < ${after[0]} OR (${threads.createdAt} = ${after[0]} AND ${threads.id} < ${after[1]}))` : sql``;
      return threadsWhere(
        sql`${threads.kind} = 'question' AND ${threads.acceptedPostId} IS NULL AND ${threads.authorId} <> ${viewer}
            AND (${threads.addressedSpecialistId} = ${specialistId} ${matches}) AND ${gate(viewer)} ${page}`,
        sql`ORDER BY ${threads.createdAt} DESC, ${threads.id} DESC`,
        limit,
      );
    },

    /**
     * Live and upcoming workshops the viewer may see (`readableWorkshop`): for a member, those
     * they registered for or that are in their communities; for a visitor, the public ones.
     * Live first, then by start. Returns ids in order.
     */
    workshops(viewer: HomeViewer, now: Date, offset: number, limit: number): number[] {
      const live = statusCondition('live', now);
      const upcoming = statusCondition('upcoming', now);
      const scope =
        viewer === null
          ? sql``
          : sql`AND (EXISTS (SELECT 1 FROM ${workshopRegistrations} WHERE ${workshopRegistrations.workshopId} = ${workshops.id}
                    AND ${workshopRegistrations.userId} = ${viewer})
                 OR ${workshops.communityId} IN (SELECT ${communityMembers.communityId} FROM ${communityMembers}
                    WHERE ${communityMembers.userId} = ${viewer} AND ${communityMembers.status} = 'active'))`;
      return db
        .all<{ id: number }>(
          sql`SELECT ${workshops.id} AS id FROM ${workshops} JOIN ${communities} ON ${communities.id} = ${workshops.communityId}
              WHERE (${live} OR ${upcoming}) AND ${readableWorkshop(viewer ?? undefined)} ${scope}
              ORDER BY CASE WHEN ${live} THEN 0 ELSE 1 END, ${workshops.startsAt}, ${workshops.id} LIMIT ${limit} OFFSET ${offset}`,
        )
        .map((r) => r.id);
    },

    /**
     * The newest knowledge records in the given countries or sectors (all of them when neither
     * is known), newest first across the kinds: one ordered query per kind, merged here.
     */
    knowledge(filter: { countries: string[]; sectors: string[] }, after: KnowledgeKey | null, limit: number): { kind: KnowledgeKind; id: number; createdAt: number; rank: number }[] {
      const found = KNOWLEDGE_TABLES.flatMap(({ kind, rank, table }) => {
        const t = table as typeof resources;
        const hasSector = kind !== 'specialists';
        const anyOf: SQL[] = [];
        if (filter.countries.length) anyOf.push(sql`${t.countryCode} IN (${sql.join(filter.countries.map((c) => sql`${c}`), sql`, `)})`);
        if (filter.sectors.length && hasSector) anyOf.push(sql`${t.sector} IN (${sql.join(filter.sectors.map((c) => sql`${c}`), sql`, `)})`);
        if (anyOf.length === 0 && (filter.countries.length || filter.sectors.length)) return [];
        const where = anyOf.length ? sql`(${sql.join(anyOf, sql` OR `)})` : sql`1`;
        const page = after
          ? sql`AND (${t.createdAt} < ${after[0]} OR (${t.createdAt} = ${after[0]} AND (${rank} < ${after[1]} OR (${rank} = ${after[1]} AND ${t.id} < ${after[2]}))))`
          : sql``;
        return db
          .all<{ id: number; createdAt: number }>(
            sql`SELECT ${t.id} AS id, ${t.createdAt} AS createdAt FROM ${t} WHERE ${where} ${page} ORDER BY ${t.createdAt} DESC, ${t.id} DESC LIMIT ${limit}`,
          )
          .map((r) => ({ kind, rank, id: r.id, createdAt: r.createdAt }));
      });
      return found.sort((a, b) => b.createdAt - a.createdAt || b.rank - a.rank || b.id - a.id).slice(0, limit);
    },
  };
}

export type HomeRepository = ReturnType<typeof createHomeRepository>;
