import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { institutions, postLinks, posts, threads } from '../../../db/schema/index.ts';
import type { LinkRef, LinkType, ResolvedLink } from '../../lib/markdown.ts';

/** Where each kind of linked item lives in the client. */
export const LINK_PATHS: Record<LinkType, string> = {
  resource: 'resources',
  experience: 'experiences',
  profile: 'profiles',
  specialist: 'specialists',
  institution: 'institutions',
};

export function createLinksRepository(db: Db) {
  const clearForPost = db.delete(postLinks).where(eq(postLinks.postId, sql.placeholder('postId'))).prepare();
  const forThreadStmt = db
    .selectDistinct({ type: postLinks.linkType, id: postLinks.targetId })
    .from(postLinks)
    .innerJoin(posts, eq(posts.id, postLinks.postId))
    .where(and(eq(posts.threadId, sql.placeholder('threadId')), eq(posts.hidden, false), sql`${posts.deletedAt} IS NULL`))
    .prepare();
  return {
    /**
     * Titles of linked items that exist. Institutions live here now; the other knowledge
     * bases add their lookups with their area.
     */
    resolve(refs: LinkRef[]): ResolvedLink[] {
      const institutionIds = refs.filter((r) => r.type === 'institution').map((r) => r.id);
      if (institutionIds.length === 0) return [];
      return db
        .select({ id: institutions.id, acronym: institutions.acronym, name: institutions.name })
        .from(institutions)
        .where(inArray(institutions.id, institutionIds))
        .all()
        .map((row) => ({
          type: 'institution' as const,
          id: row.id,
          title: `${row.acronym} — ${row.name}`,
          url: `/knowledge/${LINK_PATHS.institution}/${row.id}`,
        }));
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

    /** Distinct links made by a thread's visible posts. */
    forThread(threadId: number): LinkRef[] {
      return forThreadStmt.all({ threadId }) as LinkRef[];
    },

    /** Discussions citing an item (its backlinks); visibility is filtered by the caller. */
    backlinks(type: LinkType, id: number) {
      return db
        .select({ threadId: threads.id, postId: posts.id, title: threads.title, communityId: threads.communityId })
        .from(postLinks)
        .innerJoin(posts, eq(posts.id, postLinks.postId))
        .innerJoin(threads, eq(threads.id, posts.threadId))
        .where(
          and(
            eq(postLinks.linkType, type),
            eq(postLinks.targetId, id),
            eq(posts.hidden, false),
            eq(threads.hidden, false),
            sql`${posts.deletedAt} IS NULL`,
          ),
        )
        .all();
    },
  };
}

export type LinksRepository = ReturnType<typeof createLinksRepository>;
