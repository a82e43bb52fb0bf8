import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { prepared } from '../../../db/access.ts';
import type { Db } from '../../../db/client.ts';
import { communities, experiences, institutions, postLinks, posts, profiles, recordSources, resources, specialists, threads, workshops } from '../../../db/schema/index.ts';
import type { LinkRef, LinkType, ResolvedLink } from '../../lib/markdown.ts';
import { readableCommunity } from '../communities/readable.ts';
import { liveRecord } from '../knowledge/withdrawal.ts';

/** Where each kind of linked item lives in the client. */
export const LINK_PATHS: Record<LinkType, string> = {
  resource: 'resources',
  experience: 'experiences',
  profile: 'profiles',
  specialist: 'specialists',
  institution: 'institutions',
  workshop: 'workshops',
};

/**
 * A citation counts where its reader may see it: a visible post of a visible thread, in a
 * community the viewer may read (the one condition, communities/readable.ts). `'all'`: every
 * community (admins' and editors' view of the network's activity). Needs posts, threads joined.
 */
function visibleCitation(viewer: number | undefined | 'all') {
  return and(
    eq(posts.hidden, false),
    eq(threads.hidden, false),
    sql`${posts.deletedAt} IS NULL`,
    viewer === 'all' ? undefined : readableCommunity(threads.communityId, viewer),
  )!;
}

export function createLinksRepository(db: Db) {
  const clearForPost = prepared(db, sql`DELETE FROM ${postLinks} WHERE post_id = ${sql.placeholder('postId')}`);
  // Every thread page reads it (on a cache miss): compiled once.
  const forThreadStmt = prepared<{ type: LinkType; id: number }>(
    db,
    sql`SELECT DISTINCT ${postLinks.linkType} AS type, ${postLinks.targetId} AS id
      FROM ${postLinks} INNER JOIN ${posts} ON ${posts.id} = ${postLinks.postId}
      WHERE ${posts.threadId} = ${sql.placeholder('threadId')} AND ${posts.hidden} = 0 AND ${posts.deletedAt} IS NULL
        AND ${postLinks.linkType} <> 'workshop'`,
  );
  // The thread's panel is about the knowledge bases; a workshop link stays in the post (above).
  return {
    /** Titles of linked items that exist, with what a card shows: country and institution. */
    async resolve(refs: LinkRef[]): Promise<(ResolvedLink & { countryCode: string | null; institution: string | null })[]> {
      const idsOf = (type: LinkType) => refs.filter((r) => r.type === type).map((r) => r.id);
      const out: (ResolvedLink & { countryCode: string | null; institution: string | null })[] = [];
      const tables = [
        { type: 'resource' as const, table: resources, title: resources.title },
        { type: 'experience' as const, table: experiences, title: experiences.title },
        { type: 'profile' as const, table: profiles, title: profiles.title },
        { type: 'specialist' as const, table: specialists, title: specialists.name },
      ];
      for (const { type, table, title } of tables) {
        const ids = idsOf(type);
        if (ids.length === 0) continue;
        const t = table as typeof resources;
        const rows = await db
          .select({ id: t.id, title, countryCode: t.countryCode, institution: institutions.acronym })
          .from(t)
          .leftJoin(institutions, eq(institutions.id, t.institutionId))
          // A withdrawn record resolves like a missing one: no card, and a post cooked after shows it unavailable.
          .where(and(inArray(t.id, ids), liveRecord(t)));
        for (const row of rows) out.push({ type, id: row.id, title: row.title, url: `/knowledge/${LINK_PATHS[type]}/${row.id}`, countryCode: row.countryCode, institution: row.institution });
      }
      const institutionIds = idsOf('institution');
      if (institutionIds.length) {
        const rows = await db
          .select({ id: institutions.id, acronym: institutions.acronym, name: institutions.name, countryCode: institutions.countryCode })
          .from(institutions)
          .where(inArray(institutions.id, institutionIds));
        for (const row of rows) {
          out.push({ type: 'institution', id: row.id, title: `${row.acronym} — ${row.name}`, url: `/knowledge/${LINK_PATHS.institution}/${row.id}`, countryCode: row.countryCode, institution: row.acronym });
        }
      }
      const workshopIds = idsOf('workshop');
      if (workshopIds.length) {
        // Cooked HTML is the same for every reader: the title shows only where anyone may read it.
        // A condition selected as a value: 0/1 on SQLite, a boolean on PostgreSQL (both read as truthy or not).
        const rows = await db
          .select({ id: workshops.id, title: workshops.title, readable: sql<number | boolean>`CASE WHEN ${readableCommunity(workshops.communityId, undefined)} THEN 1 ELSE 0 END` })
          .from(workshops)
          .innerJoin(communities, eq(communities.id, workshops.communityId))
          .where(inArray(workshops.id, workshopIds));
        for (const row of rows) {
          out.push({ type: 'workshop', id: row.id, title: Number(row.readable) === 1 ? row.title : `#${row.id}`, url: `/w/${row.id}`, countryCode: null, institution: null });
        }
      }
      return out;
    },

    /** `fresh`: a post just inserted, with no links to clear yet. */
    async replaceForPost(postId: number, links: LinkRef[], fresh = false): Promise<void> {
      if (!fresh) await clearForPost.run({ postId });
      if (links.length) {
        await db
          .insert(postLinks)
          .values(links.map((l) => ({ postId, linkType: l.type, targetId: l.id })))
          .onConflictDoNothing();
      }
    },

    /** Posts that cite an item (whether or not it resolves today). */
    async citingPosts(type: LinkType, id: number): Promise<number[]> {
      const rows = await db
        .select({ postId: postLinks.postId })
        .from(postLinks)
        .where(and(eq(postLinks.linkType, type), eq(postLinks.targetId, id)));
      return rows.map((r) => r.postId);
    },

    /** Distinct links made by a thread's visible posts. */
    async forThread(threadId: number): Promise<LinkRef[]> {
      return (await forThreadStmt.all({ threadId })).map((r) => ({ type: r.type, id: Number(r.id) }));
    },

    /** Records that a knowledge item was drawn from a discussion (its post): a link from the item back. */
    async addSource(type: LinkType, id: number, postId: number): Promise<void> {
      await db.insert(recordSources).values({ linkType: type, targetId: id, postId }).onConflictDoNothing();
    },

    /**
     * Discussions citing an item (its backlinks), newest first: only visible posts of visible
     * threads, in communities the viewer may read (the one condition, communities/readable.ts).
     * A discussion the item was drawn from (record_sources) counts as citing it.
     */
    async backlinks(type: LinkType, id: number, viewerId: number | undefined, limit: number) {
      const citing = (table: typeof postLinks | typeof recordSources) =>
        db
          .select({ postId: table.postId })
          .from(table)
          .where(and(eq(table.linkType, type), eq(table.targetId, id)));
      return db
        .select({
          threadId: threads.id,
          postId: posts.id,
          title: threads.title,
          createdAt: posts.createdAt,
          communitySlug: communities.slug,
          communityName: communities.name,
        })
        .from(posts)
        .innerJoin(threads, eq(threads.id, posts.threadId))
        .innerJoin(communities, eq(communities.id, threads.communityId))
        .where(
          and(
            inArray(posts.id, citing(postLinks).union(citing(recordSources))),
            visibleCitation(viewerId),
          ),
        )
        .orderBy(desc(posts.id))
        .limit(limit);
    },

    /** The records cited by the most visible posts written between two moments (institutions and workshops aside). */
    async mostCited(viewer: number | undefined | 'all', from: Date, to: Date, limit: number) {
      const citations = sql<number>`count(DISTINCT ${postLinks.postId})`;
      return (await db
        .select({ type: postLinks.linkType, id: postLinks.targetId, citations })
        .from(postLinks)
        .innerJoin(posts, eq(posts.id, postLinks.postId))
        .innerJoin(threads, eq(threads.id, posts.threadId))
        .innerJoin(communities, eq(communities.id, threads.communityId))
        .where(
          and(
            inArray(postLinks.linkType, ['resource', 'experience', 'profile', 'specialist']),
            sql`${posts.createdAt} >= ${from.getTime()} AND ${posts.createdAt} < ${to.getTime()}`,
            visibleCitation(viewer),
          ),
        )
        .groupBy(postLinks.linkType, postLinks.targetId)
        .orderBy(desc(citations), postLinks.targetId)
        .limit(limit)) as { type: LinkType; id: number; citations: number }[];
    },
  };
}

export type LinksRepository = ReturnType<typeof createLinksRepository>;
