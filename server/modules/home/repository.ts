import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { prepared, type Prepared } from '../../../db/access.ts';
import { jsonValues } from '../../../db/dialect.ts';
import { onPostgres } from '../../../db/engine.ts';
import type { OpenedDb } from '../../../db/client.ts';
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
import { liveRecord } from '../knowledge/withdrawal.ts';

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
  lastPostAt: new Date(Number(r.lastPostAt)),
  createdAt: new Date(Number(r.createdAt)),
  author: { id: r.authorId, username: r.authorUsername, displayName: r.authorDisplayName },
  community: { slug: r.communitySlug, name: r.communityName },
  forum: { id: r.forumId, name: r.forumName },
  ...(r.periodPosts !== undefined ? { activity: { posts: r.periodPosts, reactions: r.periodReactions ?? 0 } } : {}),
});

const THREAD_COLUMNS = sql`${threads.id} AS id, ${threads.forumId} AS "forumId", ${threads.communityId} AS "communityId", ${threads.authorId} AS "authorId",
  ${threads.title} AS title, ${threads.kind} AS kind, ${threads.language} AS language, ${threads.pinned} AS pinned, ${threads.locked} AS locked,
  ${threads.hidden} AS hidden, ${threads.firstPostId} AS "firstPostId", ${threads.addressedSpecialistId} AS "addressedSpecialistId",
  ${threads.acceptedPostId} AS "acceptedPostId", ${threads.postCount} AS "postCount", ${threads.lastPostAt} AS "lastPostAt", ${threads.createdAt} AS "createdAt",
  ${users.username} AS "authorUsername", ${users.displayName} AS "authorDisplayName",
  ${communities.slug} AS "communitySlug", ${communities.name} AS "communityName", ${forums.name} AS "forumName"`;

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
 * A named parameter of a statement compiled once (bound by name at each run). PostgreSQL must
 * know each parameter's type where nothing around it tells (`$1 IS NULL`): it is given there.
 */
const param = (name: string, type: 'integer' | 'text' = 'integer'): SQL =>
  onPostgres ? sql`CAST(${sql.placeholder(name)} AS ${sql.raw(type === 'integer' ? 'bigint' : 'text')})` : sql`${sql.placeholder(name)}`;

type Compiled = Prepared<Record<string, unknown>>;

const viewer = param('viewer');
/** The member's active communities. */
const memberOf = sql`${threads.communityId} IN (SELECT ${communityMembers.communityId} FROM ${communityMembers}
    WHERE ${communityMembers.userId} = ${viewer} AND ${communityMembers.status} = 'active')`;
/** THE gate: the community readable by the viewer, the thread shown to them. */
const gate = (member: boolean) => sql`${readableCommunity(threads.communityId, member ? viewer : null)} AND ${shownThreadTo(member ? viewer : null)}`;
const notMuted = sql`NOT EXISTS (SELECT 1 FROM ${threadWatches} WHERE ${threadWatches.threadId} = ${threads.id}
    AND ${threadWatches.userId} = ${viewer} AND ${threadWatches.level} = 'muted')`;
/** Visible posts after the member's place: the rule of `reads.stateFor`'s `unread`. */
const hasUnread = sql`EXISTS (SELECT 1 FROM ${posts} WHERE ${posts.threadId} = ${threads.id} AND ${posts.number} > ${threadReads.lastRead}
    AND ${posts.hidden} = 0 AND ${posts.deletedAt} IS NULL)`;
const readJoin = sql`JOIN ${threadReads} ON ${threadReads.threadId} = ${threads.id} AND ${threadReads.userId} = ${viewer}`;
/** Keyset on (column, id), newest first; no cursor when @afterAt is null. */
const keyset = (column: SQLWrapper) =>
  sql`(${param('afterAt')} IS NULL OR ${column} < ${param('afterAt')} OR (${column} = ${param('afterAt')} AND ${threads.id} < ${param('afterId')}))`;
const byActivity = sql`ORDER BY ${threads.lastPostAt} DESC, ${threads.id} DESC`;
/**
 * A page of threads: the page's ids first (the conditions and the order need only the thread,
 * its community and the joined read state), then the names its rows show, for those rows only.
 */
const threadsQuery = (where: SQL, order: SQL, join: SQL = sql``) =>
  sql`SELECT ${THREAD_COLUMNS} FROM (
      SELECT ${threads.id} AS "pageId" FROM ${threads} JOIN ${communities} ON ${communities.id} = ${threads.communityId} ${join}
      WHERE ${where} ${order} LIMIT ${param('limit')}) AS page
    JOIN ${threads} ON ${threads.id} = page."pageId" ${THREAD_JOINS} ${order}`;

const topQuery = (member: boolean) => sql`SELECT ${THREAD_COLUMNS}, page."periodPosts" AS "periodPosts", page."periodReactions" AS "periodReactions" FROM (
    SELECT * FROM (
      SELECT ${threads.id} AS "pageId", ${threads.lastPostAt} AS at,
        (SELECT count(*) FROM ${posts} WHERE ${posts.threadId} = ${threads.id} AND ${posts.createdAt} >= ${param('since')}
           AND ${posts.hidden} = 0 AND ${posts.deletedAt} IS NULL) AS "periodPosts",
        (SELECT count(*) FROM ${postReactions} JOIN ${posts} ON ${posts.id} = ${postReactions.postId}
           WHERE ${posts.threadId} = ${threads.id} AND ${postReactions.createdAt} >= ${param('since')}
           AND ${posts.hidden} = 0 AND ${posts.deletedAt} IS NULL) AS "periodReactions"
      FROM ${threads} JOIN ${communities} ON ${communities.id} = ${threads.communityId}
      WHERE ${threads.lastPostAt} >= ${param('since')} AND ${gate(member)} ${member ? sql`AND ${memberOf}` : sql``}) AS scored
    WHERE "periodPosts" > 0
    ORDER BY "periodPosts" DESC, "periodReactions" DESC, at DESC, "pageId" DESC LIMIT ${param('limit')} OFFSET ${param('offset')}) AS page
  JOIN ${threads} ON ${threads.id} = page."pageId" ${THREAD_JOINS}
  ORDER BY page."periodPosts" DESC, page."periodReactions" DESC, ${threads.lastPostAt} DESC, ${threads.id} DESC`;

const workshopsQuery = (member: boolean) => {
  const live = statusCondition('live', param('now'));
  const upcoming = statusCondition('upcoming', param('now'));
  const scope = member
    ? sql`AND (EXISTS (SELECT 1 FROM ${workshopRegistrations} WHERE ${workshopRegistrations.workshopId} = ${workshops.id}
            AND ${workshopRegistrations.userId} = ${viewer})
         OR ${workshops.communityId} IN (SELECT ${communityMembers.communityId} FROM ${communityMembers}
            WHERE ${communityMembers.userId} = ${viewer} AND ${communityMembers.status} = 'active'))`
    : sql``;
  return sql`SELECT ${workshops.id} AS id FROM ${workshops} JOIN ${communities} ON ${communities.id} = ${workshops.communityId}
    WHERE (${live} OR ${upcoming}) AND ${readableWorkshop(member ? viewer : undefined)} ${scope}
    ORDER BY CASE WHEN ${live} THEN 0 ELSE 1 END, ${workshops.startsAt}, ${workshops.id} LIMIT ${param('limit')} OFFSET ${param('offset')}`;
};

/** Newest records of one kind in the given countries or sectors (all when neither is known). */
const knowledgeQuery = (table: typeof resources, rank: number, hasSector: boolean) => {
  const inList = (column: SQLWrapper, name: string) => sql`${column} IN ${jsonValues(param(name, 'text'))}`;
  const matches = hasSector ? sql`(${inList(table.countryCode, 'countries')} OR ${inList(table.sector, 'sectors')})` : inList(table.countryCode, 'countries');
  return sql`SELECT ${table.id} AS id, ${table.createdAt} AS "createdAt" FROM ${table}
    WHERE (${param('everything')} = 1 OR ${matches}) AND ${liveRecord(table)}
      AND (${param('afterAt')} IS NULL OR ${table.createdAt} < ${param('afterAt')} OR (${table.createdAt} = ${param('afterAt')}
           AND (${sql.raw(String(rank))} < ${param('afterRank')} OR (${sql.raw(String(rank))} = ${param('afterRank')} AND ${table.id} < ${param('afterId')}))))
    ORDER BY ${table.createdAt} DESC, ${table.id} DESC LIMIT ${param('limit')}`;
};

type Keyset = { afterAt: number | null; afterId: number | null };
const keysetOf = (after: ActivityKey | null): Keyset => ({ afterAt: after?.[0] ?? null, afterId: after?.[1] ?? null });

/**
 * The home's reads: the lists a member (or a visitor) sees first, each one statement compiled
 * once, each through the API's gate: communities the viewer may read (`readableCommunity`),
 * threads shown to them (`shownThreadTo`: hidden ones only where they moderate), workshops they
 * may see (`readableWorkshop`). It writes nothing; it reads read state (`thread_reads`),
 * watches, workshops and the knowledge tables in joins.
 */
export function createHomeRepository(database: OpenedDb) {
  const prepare = (query: SQL): Compiled => prepared(database.db, query);
  const statements = {
    facts: prepare(sql`SELECT ${users.createdAt} AS "createdAt", ${users.countryCode} AS country, ${users.institutionId} AS "institutionId",
        ${institutions.countryCode} AS "institutionCountry", ${specialists.id} AS "specialistId", ${specialists.expertise} AS expertise,
        ${specialists.countryCode} AS "specialistCountry",
        (SELECT count(*) FROM ${communityMembers} WHERE ${communityMembers.userId} = ${users.id} AND ${communityMembers.status} = 'active') AS communities
      FROM ${users} LEFT JOIN ${institutions} ON ${institutions.id} = ${users.institutionId}
      LEFT JOIN ${specialists} ON ${specialists.userId} = ${users.id} AND ${liveRecord(specialists)}
      WHERE ${users.id} = ${viewer}`),
    sectors: prepare(sql`SELECT DISTINCT ${resources.sector} AS sector FROM ${resources}
      WHERE ${resources.institutionId} = ${param('institution')} AND ${resources.sector} IS NOT NULL`),
    latestMember: prepare(threadsQuery(sql`${gate(true)} AND ${memberOf} AND ${keyset(threads.lastPostAt)}`, byActivity)),
    latestAnyone: prepare(threadsQuery(sql`${gate(false)} AND ${keyset(threads.lastPostAt)}`, byActivity)),
    unread: prepare(threadsQuery(sql`${gate(true)} AND ${memberOf} AND ${hasUnread} AND ${notMuted} AND ${keyset(threads.lastPostAt)}`, byActivity, readJoin)),
    fresh: prepare(
      threadsQuery(
        sql`${gate(true)} AND ${memberOf} AND ${threads.createdAt} >= ${param('joinedAt')}
          AND NOT EXISTS (SELECT 1 FROM ${threadReads} WHERE ${threadReads.threadId} = ${threads.id} AND ${threadReads.userId} = ${viewer})
          AND ${notMuted} AND ${keyset(threads.lastPostAt)}`,
        byActivity,
      ),
    ),
    mine: prepare(threadsQuery(sql`${threads.authorId} = ${viewer} AND ${gate(true)} AND ${hasUnread} AND ${notMuted} AND ${keyset(threads.lastPostAt)}`, byActivity, readJoin)),
    questions: prepare(
      threadsQuery(
        sql`${threads.kind} = 'question' AND ${threads.acceptedPostId} IS NULL AND ${threads.authorId} <> ${viewer}
          AND (${threads.addressedSpecialistId} = ${param('specialist')}
               OR EXISTS (SELECT 1 FROM ${jsonValues(threads.expertise)} AS e WHERE e.value IN ${jsonValues(param('expertise', 'text'))}))
          AND ${gate(true)} AND ${keyset(threads.createdAt)}`,
        sql`ORDER BY ${threads.createdAt} DESC, ${threads.id} DESC`,
      ),
    ),
    topMember: prepare(topQuery(true)),
    topAnyone: prepare(topQuery(false)),
    workshopsMember: prepare(workshopsQuery(true)),
    workshopsAnyone: prepare(workshopsQuery(false)),
    knowledge: KNOWLEDGE_TABLES.map(({ kind, rank, table }) => ({ kind, rank, statement: prepare(knowledgeQuery(table as typeof resources, rank, kind !== 'specialists')) })),
  };
  const threadRows = async (statement: Compiled, params: Record<string, unknown>) => ((await statement.all(params)) as unknown as RawThread[]).map(toRow);

  return {
    /** The facts that pick a member's lists, in two small queries. */
    async memberFacts(userId: number): Promise<MemberFacts | undefined> {
      const row = (await statements.facts.get({ viewer: userId })) as unknown as
        | {
            createdAt: number;
            country: string | null;
            institutionId: number | null;
            institutionCountry: string | null;
            specialistId: number | null;
            expertise: string | null;
            specialistCountry: string | null;
            communities: number;
          }
        | undefined;
      if (!row) return undefined;
      const sectors =
        row.institutionId === null
          ? []
          : ((await statements.sectors.all({ institution: row.institutionId })) as unknown as { sector: string }[]).map((r) => r.sector);
      const countries = [row.country, row.institutionCountry, row.specialistCountry].filter((c): c is string => c !== null);
      return {
        joinedAt: new Date(Number(row.createdAt)),
        specialistId: row.specialistId,
        expertise: row.expertise ? (JSON.parse(row.expertise) as string[]) : [],
        countries: [...new Set(countries)],
        sectors,
        communities: Number(row.communities),
      };
    },

    /** Threads by latest activity: across the member's communities, or every public one for a visitor. */
    latest: (who: HomeViewer, after: ActivityKey | null, limit: number): Promise<HomeThreadRow[]> =>
      who === null ? threadRows(statements.latestAnyone, { ...keysetOf(after), limit }) : threadRows(statements.latestMember, { viewer: who, ...keysetOf(after), limit }),

    /** Threads the member read before with visible posts after their place; never muted ones. */
    unread: (who: number, after: ActivityKey | null, limit: number): Promise<HomeThreadRow[]> => threadRows(statements.unread, { viewer: who, ...keysetOf(after), limit }),

    /** Threads never opened, started since the member joined; never muted ones. */
    fresh: (who: number, joinedAt: Date, after: ActivityKey | null, limit: number): Promise<HomeThreadRow[]> =>
      threadRows(statements.fresh, { viewer: who, joinedAt: joinedAt.getTime(), ...keysetOf(after), limit }),

    /** The member's own threads with replies after their last read (their own posts count as read). */
    mine: (who: number, after: ActivityKey | null, limit: number): Promise<HomeThreadRow[]> => threadRows(statements.mine, { viewer: who, ...keysetOf(after), limit }),

    /**
     * The most active threads since a moment: visible posts written since then, then reactions
     * given since then to the thread's visible posts. Paged by position (the order is computed).
     */
    top: (who: HomeViewer, since: Date, offset: number, limit: number): Promise<HomeThreadRow[]> =>
      who === null
        ? threadRows(statements.topAnyone, { since: since.getTime(), offset, limit })
        : threadRows(statements.topMember, { viewer: who, since: since.getTime(), offset, limit }),

    /**
     * Open questions (no accepted answer) for a specialist: addressed to their record ("Ask this
     * specialist"), or asking for an area of expertise they have; in communities they may read,
     * not their own. Newest first, keyset on (createdAt, id).
     */
    questions: (who: number, specialistId: number, expertise: string[], after: ActivityKey | null, limit: number): Promise<HomeThreadRow[]> =>
      threadRows(statements.questions, { viewer: who, specialist: specialistId, expertise: JSON.stringify(expertise), ...keysetOf(after), limit }),

    /**
     * Live and upcoming workshops the viewer may see (`readableWorkshop`): for a member, those
     * they registered for or that are in their communities; for a visitor, the public ones.
     * Live first, then by start. Returns ids in order.
     */
    async workshops(who: HomeViewer, now: Date, offset: number, limit: number): Promise<number[]> {
      const statement = who === null ? statements.workshopsAnyone : statements.workshopsMember;
      return ((await statement.all({ viewer: who, now: now.getTime(), offset, limit })) as unknown as { id: number }[]).map((r) => r.id);
    },

    /**
     * The newest knowledge records in the given countries or sectors (all of them when neither
     * is known), newest first across the kinds: one ordered query per kind, merged here.
     */
    async knowledge(
      filter: { countries: string[]; sectors: string[] },
      after: KnowledgeKey | null,
      limit: number,
    ): Promise<{ kind: KnowledgeKind; id: number; createdAt: number; rank: number }[]> {
      const params = {
        everything: filter.countries.length === 0 && filter.sectors.length === 0 ? 1 : 0,
        countries: JSON.stringify(filter.countries),
        sectors: JSON.stringify(filter.sectors),
        afterAt: after?.[0] ?? null,
        afterRank: after?.[1] ?? null,
        afterId: after?.[2] ?? null,
        limit,
      };
      const found: { kind: KnowledgeKind; id: number; createdAt: number; rank: number }[] = [];
      for (const { kind, rank, statement } of statements.knowledge) {
        for (const r of (await statement.all(params)) as unknown as { id: number; createdAt: number }[]) {
          found.push({ kind, rank, id: r.id, createdAt: Number(r.createdAt) });
        }
      }
      return found.sort((a, b) => b.createdAt - a.createdAt || b.rank - a.rank || b.id - a.id).slice(0, limit);
    },
  };
}

export type HomeRepository = ReturnType<typeof createHomeRepository>;
