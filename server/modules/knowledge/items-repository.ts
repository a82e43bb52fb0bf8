import { aliasedTable, and, asc, count, eq, gt, inArray, isNull, ne, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import {
  communities,
  experienceResources,
  experiences,
  institutions,
  posts,
  profiles,
  resources,
  specialists,
  threads,
  users,
  type ExperienceRow,
  type ProfileRow,
  type ResourceRow,
  type SpecialistRow,
  userAffiliations,
} from '../../../db/schema/index.ts';
import type { alias as sqliteAlias } from 'drizzle-orm/sqlite-core';
import { badgeCounts, toAffiliationBadge } from '../affiliation/verified.ts';
import { readableCommunity } from '../communities/readable.ts';
import { liveRecord } from './withdrawal.ts';

type InstitutionRef = { id: number; acronym: string; name: string } | null;
/** Whether withdrawn records are read too (only for editors, who may restore them). */
export type Withdrawn = 'exclude' | 'include';
/** Who is looking: their id, and whether they see every community (admins). */
export type Viewer = { id: number | undefined; seeAll: boolean };

/**
 * A person's visible answers: replies (not the question itself) in question threads, neither
 * hidden, in a community the viewer may read. Needs `threads` and `communities` joined.
 */
function readableAnswers(userId: number, viewer: Viewer) {
  return and(
    eq(posts.authorId, userId),
    eq(threads.kind, 'question'),
    eq(threads.hidden, false),
    eq(posts.hidden, false),
    isNull(posts.deletedAt),
    ne(posts.id, sql`coalesce(${threads.firstPostId}, 0)`),
    viewer.seeAll ? undefined : readableCommunity(threads.communityId, viewer.id),
  );
}

/** Records of the knowledge bases with their institution, fetched by id (one query per list). */
export function createItemsRepository(db: Db) {
  const institutionCols = { instId: institutions.id, instAcronym: institutions.acronym, instName: institutions.name };
  const ref = (r: { instId: number | null; instAcronym: string | null; instName: string | null }): InstitutionRef =>
    r.instId !== null ? { id: r.instId, acronym: r.instAcronym!, name: r.instName! } : null;

  /** Withdrawn records are left out unless asked for (an editor reading one to restore it). */
  async function withInstitution<T extends typeof resources | typeof experiences | typeof profiles | typeof specialists>(
    table: T,
    ids: number[],
    withdrawn: Withdrawn,
  ): Promise<{ row: unknown; institution: InstitutionRef }[]> {
    if (ids.length === 0) return [];
    const t = table as typeof resources;
    return (
      await db
        .select({ row: table, ...institutionCols })
        .from(t)
        .leftJoin(institutions, eq(institutions.id, t.institutionId))
        .where(and(inArray(t.id, ids), withdrawn === 'include' ? undefined : liveRecord(t)))
    ).map((r) => ({ row: r.row as unknown, institution: ref(r) }));
  }

  return {
    /** The knowledge records the member created, for their data export (issue 19): kind, id, title, date. */
    async authoredForExport(userId: number) {
      const mine = async <T extends typeof resources | typeof experiences | typeof profiles>(kind: string, table: T) =>
        (
          await db
            .select({ id: table.id, title: table.title, createdAt: table.createdAt })
            .from(table as typeof resources)
            .where(eq(table.createdBy, userId))
            .orderBy(asc(table.id))
        ).map((row) => ({ kind, ...row }));
      const people = (
        await db
          .select({ id: specialists.id, title: specialists.name, createdAt: specialists.createdAt })
          .from(specialists)
          .where(eq(specialists.createdBy, userId))
          .orderBy(asc(specialists.id))
      ).map((row) => ({ kind: 'specialists', ...row }));
      return [...(await mine('resources', resources)), ...(await mine('experiences', experiences)), ...(await mine('profiles', profiles)), ...people];
    },

    resources: (ids: number[], withdrawn: Withdrawn = 'exclude') =>
      withInstitution(resources, ids, withdrawn) as Promise<{ row: ResourceRow; institution: InstitutionRef }[]>,
    experiences: (ids: number[], withdrawn: Withdrawn = 'exclude') =>
      withInstitution(experiences, ids, withdrawn) as Promise<{ row: ExperienceRow; institution: InstitutionRef }[]>,
    profiles: (ids: number[], withdrawn: Withdrawn = 'exclude') =>
      withInstitution(profiles, ids, withdrawn) as Promise<{ row: ProfileRow; institution: InstitutionRef }[]>,
    specialists: (ids: number[], withdrawn: Withdrawn = 'exclude') =>
      withInstitution(specialists, ids, withdrawn) as Promise<{ row: SpecialistRow; institution: InstitutionRef }[]>,

    async relatedResources(experienceId: number) {
      return db
        .select({ id: resources.id, title: resources.title })
        .from(experienceResources)
        .innerJoin(resources, eq(resources.id, experienceResources.resourceId))
        .where(and(eq(experienceResources.experienceId, experienceId), liveRecord(resources)));
    },

    /**
     * Specialist records (of these, or all) whose linked account shows the record's institution
     * with a verified affiliation: what the directory's "verified" filter and badge trust.
     */
    async verifiedSpecialists(ids?: number[]): Promise<Set<number>> {
      if (ids && ids.length === 0) return new Set();
      const rows = await db
        .select({ id: specialists.id })
        .from(specialists)
        .innerJoin(users, eq(users.id, specialists.userId))
        .innerJoin(userAffiliations, badgeCounts(users.id, users.institutionId))
        .where(and(eq(userAffiliations.institutionId, specialists.institutionId), ids ? inArray(specialists.id, ids) : undefined));
      return new Set(rows.map((row) => row.id));
    },

    /** The account linked to a specialist record, with the institution it shows and its verified affiliation badge. */
    async accountOf(userId: number | null) {
      if (userId === null) return null;
      // drizzle's generic alias (nothing engine-specific at run time), typed as SQLite's alias so the join keeps its name.
      const voucher = aliasedTable(users, 'voucher') as unknown as ReturnType<typeof sqliteAlias<typeof users, 'voucher'>>;
      const [row] = await db
        .select({
          id: users.id,
          username: users.username,
          displayName: users.displayName,
          institutionId: institutions.id,
          acronym: institutions.acronym,
          institutionName: institutions.name,
          affiliation: userAffiliations,
          voucherUsername: voucher.username,
          voucherName: voucher.displayName,
        })
        .from(users)
        .leftJoin(institutions, eq(institutions.id, users.institutionId))
        .leftJoin(userAffiliations, badgeCounts(users.id, users.institutionId))
        .leftJoin(voucher, eq(voucher.id, userAffiliations.vouchedBy))
        .where(eq(users.id, userId))
        .limit(1);
      if (!row) return null;
      return {
        id: row.id,
        username: row.username,
        displayName: row.displayName,
        institution: row.institutionId !== null ? { id: row.institutionId, acronym: row.acronym!, name: row.institutionName! } : null,
        affiliation: toAffiliationBadge(row.affiliation, { username: row.voucherUsername, displayName: row.voucherName }),
      };
    },

    /** Answers a person wrote to questions the viewer may read, and how many were accepted. */
    async answerCounts(userId: number | null, viewer: Viewer): Promise<{ total: number; accepted: number }> {
      if (userId === null) return { total: 0, accepted: 0 };
      const [row] = await db
        .select({
          total: count(),
          accepted: sql<number>`coalesce(sum(CASE WHEN ${threads.acceptedPostId} = ${posts.id} THEN 1 ELSE 0 END), 0)`,
        })
        .from(posts)
        .innerJoin(threads, eq(threads.id, posts.threadId))
        .innerJoin(communities, eq(communities.id, threads.communityId))
        .where(readableAnswers(userId, viewer));
      return { total: row?.total ?? 0, accepted: Number(row?.accepted ?? 0) };
    },

    /** Question threads a person answered that the viewer may read, newest first. */
    async answeredQuestions(userId: number | null, viewer: Viewer, limit = 20) {
      if (userId === null) return [];
      return (
        await db
        .selectDistinct({
          threadId: threads.id,
          title: threads.title,
          accepted: sql<number>`EXISTS (SELECT 1 FROM posts AS answer WHERE answer.id = ${threads.acceptedPostId} AND answer.author_id = ${userId})`,
        })
        .from(posts)
        .innerJoin(threads, eq(threads.id, posts.threadId))
        .innerJoin(communities, eq(communities.id, threads.communityId))
        .where(readableAnswers(userId, viewer))
        .orderBy(sql`${threads.id} DESC`)
        .limit(limit)
      ).map((r) => ({ ...r, accepted: Number(r.accepted) === 1 }));
    },

    async institutionCounts(institutionId: number) {
      const n = async (table: typeof resources | typeof experiences | typeof profiles | typeof specialists) =>
        (
          await db
            .select({ n: count() })
            .from(table as typeof resources)
            .where(and(eq((table as typeof resources).institutionId, institutionId), liveRecord(table as typeof resources)))
        )[0]!.n;
      return {
        resources: await n(resources),
        experiences: await n(experiences),
        profiles: await n(profiles),
        specialists: await n(specialists),
        members: (await db.select({ n: count() }).from(users).where(eq(users.institutionId, institutionId)))[0]!.n,
      };
    },

    async institution(id: number) {
      return (await db.select().from(institutions).where(eq(institutions.id, id)).limit(1))[0];
    },

    /**
     * Records of one base in order of id after a keyset position, with when each last changed:
     * what crawlers are offered (sitemaps). Every record is public reference material (the
     * detail routes read any of them by id, for anyone), so none is left out but the withdrawn.
     */
    async datedPage(kind: 'resources' | 'experiences' | 'profiles' | 'specialists', afterId: number, limit: number): Promise<{ id: number; updatedAt: Date }[]> {
      const table = { resources, experiences, profiles, specialists }[kind] as typeof resources;
      return db
        .select({ id: table.id, updatedAt: table.updatedAt })
        .from(table)
        .where(and(gt(table.id, afterId), liveRecord(table)))
        .orderBy(asc(table.id))
        .limit(limit);
    },

    /** Institutions likewise (public, read by id for anyone); they keep only when they were added. */
    async datedInstitutions(afterId: number, limit: number): Promise<{ id: number; createdAt: Date }[]> {
      return db
        .select({ id: institutions.id, createdAt: institutions.createdAt })
        .from(institutions)
        .where(gt(institutions.id, afterId))
        .orderBy(asc(institutions.id))
        .limit(limit);
    },
  };
}

export type ItemsRepository = ReturnType<typeof createItemsRepository>;
