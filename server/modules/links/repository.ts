import { and, desc, eq, inArray, sql } from 'drizzle-orm';
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
  const clearForPost = db.delete(postLinks).where(eq(postLinks.postId, sql.placeholder('postId'))).prepare();
  const forThreadStmt = db
    .selectDistinct({ type: postLinks.linkType, id: postLinks.targetId })
    .from(postLinks)
    .innerJoin(posts, eq(posts.id, postLinks.postId))
    // The thread's panel is about the knowledge bases; a workshop link stays in the post.
    .where(and(eq(posts.threadId, sql.placeholder('threadId')), eq(posts.hidden, false), sql`${posts.deletedAt} IS NULL`, sql`${postLinks.linkType} <> 'workshop'`))
    .prepare();
  return {
    /** Titles of linked items that exist, with what a card shows: country and institution. */
    resolve(refs: LinkRef[]): (ResolvedLink & { countryCode: string | null; institution: string | null })[] {
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
        const rows = db
          .select({ id: t.id, title, countryCode: t.countryCode, institution: institutions.acronym })
          .from(t)
          .leftJoin(institutions, eq(institutions.id, t.institutionId))
          // A withdrawn record resolves like a missing one: no card, and a post cooked after shows it unavailable.
          .where(and(inArray(t.id, ids), liveRecord(t)))
          .all();
        for (const row of rows) out.push({ type, id: row.id, title: row.title, url: `/knowledge/${LINK_PATHS[type]}/${row.id}`, countryCode: row.countryCode, institution: row.institution });
      }
      const institutionIds = idsOf('institution');
      if (institutionIds.length) {
        const rows = db
          .select({ id: institutions.id, acronym: institutions.acronym, name: institutions.name, countryCode: institutions.countryCode })
          .from(institutions)
          .where(inArray(institutions.id, institutionIds))
          .all();
        for (const row of rows) {
          out.push({ type: 'institution', id: row.id, title: `${row.acronym} — ${row.name}`, url: `/knowledge/${LINK_PATHS.institution}/${row.id}`, countryCode: row.countryCode, institution: row.acronym });
        }
      }
      const workshopIds = idsOf('workshop');
      if (workshopIds.length) {
        // Cooked HTML is the same for every reader: the title shows only where anyone may read it.
        const rows = db
          .select({ id: workshops.id, title: workshops.title, readable: sql<number>`${readableCommunity(workshops.communityId, undefined)}` })
          .from(workshops)
          .innerJoin(communities, eq(communities.id, workshops.communityId))
          .where(inArray(workshops.id, workshopIds))
          .all();
        for (const row of rows) {
          out.push({ type: 'workshop', id: row.id, title: row.readable ? row.title : `#${row.id}`, url: `/w/${row.id}`, countryCode: null, institution: null });
        }
      }
      return out;
    },

    replaceForPost(postId: number, links: LinkRef[]): void {
      clearForPost.run({ postId });
      if (links.length) {
        db.insert(postLinks)
          .values(links.map((l) => ({ postId, linkType: l.type, targetId: l.id })))
          .onConflictDoNothing()
          .run();
      }
    },

    /** Posts that cite an item (whether or not it resolves today). */
    citingPosts(type: LinkType, id: number): number[] {
      return db
        .select({ postId: postLinks.postId })
        .from(postLinks)
        .where(and(eq(postLinks.linkType, type), eq(postLinks.targetId, id)))
        .all()
        .map((r) => r.postId);
    },

    /** Distinct links made by a thread's visible posts. */
    forThread(threadId: number): LinkRef[] {
      return forThreadStmt.all({ threadId }) as LinkRef[];
    },

    /** Records that a knowledge item was drawn from a discussion (its post): a link from the item back. */
    addSource(type: LinkType, id: number, postId: number): void {
      db.insert(recordSources).values({ linkType: type, targetId: id, postId }).onConflictDoNothing().run();
    },

    /**
     * Discussions citing an item (its backlinks), newest first: only visible posts of visible
     * threads, in communities the viewer may read (the one condition, communities/readable.ts).
     * A discussion the item was drawn from (record_sources) counts as citing it.
     */
    backlinks(type: LinkType, id: number, viewerId: number | undefined, limit: number) {
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
        .limit(limit)
        .all();
    },

    /** The records cited by the most visible posts written between two moments (institutions and workshops aside). */
    mostCited(viewer: number | undefined | 'all', from: Date, to: Date, limit: number) {
      const citations = sql<number>`count(DISTINCT ${postLinks.postId})`;
      return db
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
        .limit(limit)
        .all() as { type: LinkType; id: number; citations: number }[];
    },
  };
}

export type LinksRepository = ReturnType<typeof createLinksRepository>;
