import { aliasedTable, and, asc, desc, eq, gt, inArray, lt, sql, type SQL } from 'drizzle-orm';
import { transaction } from '../../../db/access.ts';
import type { Db } from '../../../db/client.ts';
import { jsonValues } from '../../../db/dialect.ts';
import { cooperationItems, cooperationMatches, cooperationResponses, institutions, specialists, users, type CooperationItemRow } from '../../../db/schema/index.ts';
import type { CooperationKind, CooperationStatus } from '../../../shared/schemas/cooperation.ts';
import { fold } from '../search/highlight.ts';
import { liveRecord } from '../knowledge/withdrawal.ts';
import { agreementReadableByAnyone } from '../agreements/repository.ts';

export interface ListFilter {
  kind?: CooperationKind;
  status?: CooperationStatus;
  sector?: string;
  theme?: string;
  country?: string;
  institutionId?: number;
  q?: string;
  beforeId?: number;
  limit: number;
}

export type NewItem = Pick<CooperationItemRow, 'kind' | 'title' | 'body' | 'bodyHtml' | 'bodyText' | 'searchText' | 'institutionId' | 'sectors' | 'themes' | 'expertise' | 'deadline' | 'createdBy'>;

const inJson = (column: SQL.Aliased | typeof cooperationItems.sectors, value: string) => sql`EXISTS (SELECT 1 FROM ${jsonValues(column)} AS v WHERE v.value = ${value})`;

/** The cooperation tables (items, responses, matches): only this repository writes them. */
export function createCooperationRepository(db: Db) {
  const authors = aliasedTable(users, 'authors');
  const responseCount = sql<number>`(SELECT count(*) FROM ${cooperationResponses} WHERE ${cooperationResponses.itemId} = ${cooperationItems.id})`;
  const itemColumns = {
    i: cooperationItems,
    institution: { id: institutions.id, acronym: institutions.acronym, name: institutions.name, countryCode: institutions.countryCode },
    authorUsername: authors.username,
    authorDisplayName: authors.displayName,
    responseCount,
    /** The agreement it grew into, when anyone may read it (a draft is not shown). */
    publicAgreementId: agreementReadableByAnyone(cooperationItems.agreementId),
  };

  async function items(where: SQL | undefined, limit: number) {
    return db
      .select(itemColumns)
      .from(cooperationItems)
      .innerJoin(institutions, eq(institutions.id, cooperationItems.institutionId))
      .leftJoin(authors, eq(authors.id, cooperationItems.createdBy))
      .where(where)
      .orderBy(desc(cooperationItems.id))
      .limit(limit);
  }

  return {
    /** Runs a read-check-write as one transaction: no other write lands between the check and the write. */
    atomically: <T>(work: () => Promise<T>): Promise<T> => transaction(db, work),

    async list(filter: ListFilter) {
      const words = filter.q ? fold(filter.q).split(/\s+/).filter(Boolean) : [];
      const like = (word: string) => `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      return items(
        and(
          filter.kind ? eq(cooperationItems.kind, filter.kind) : undefined,
          filter.status ? eq(cooperationItems.status, filter.status) : undefined,
          filter.sector ? inJson(cooperationItems.sectors, filter.sector) : undefined,
          filter.theme ? inJson(cooperationItems.themes, filter.theme) : undefined,
          filter.country ? eq(institutions.countryCode, filter.country.toUpperCase()) : undefined,
          filter.institutionId ? eq(cooperationItems.institutionId, filter.institutionId) : undefined,
          ...words.map((word) => sql`${cooperationItems.searchText} LIKE ${like(word)} ESCAPE '\\'`),
          filter.beforeId !== undefined ? lt(cooperationItems.id, filter.beforeId) : undefined,
        ),
        filter.limit,
      );
    },

    async find(id: number) {
      return (await items(eq(cooperationItems.id, id), 1))[0];
    },

    /** Items after a keyset position, with their last change (the sitemap: every item is public). */
    /** Institutions that responded to another's request or offer (each pair once): the network map's links. */
    async responsePairs(): Promise<{ from: number; to: number }[]> {
      return db
        .selectDistinct({ from: cooperationItems.institutionId, to: cooperationResponses.institutionId })
        .from(cooperationResponses)
        .innerJoin(cooperationItems, eq(cooperationItems.id, cooperationResponses.itemId));
    },

    async datedPage(afterId: number, limit: number) {
      return db
        .select({ id: cooperationItems.id, updatedAt: cooperationItems.updatedAt })
        .from(cooperationItems)
        .where(gt(cooperationItems.id, afterId))
        .orderBy(asc(cooperationItems.id))
        .limit(limit);
    },

    async institution(id: number) {
      const found = await db
        .select({ id: institutions.id, acronym: institutions.acronym, name: institutions.name, countryCode: institutions.countryCode })
        .from(institutions)
        .where(eq(institutions.id, id))
        .limit(1);
      return found[0];
    },

    async institutionsByIds(ids: number[]) {
      if (ids.length === 0) return [];
      return db
        .select({ id: institutions.id, acronym: institutions.acronym, name: institutions.name, countryCode: institutions.countryCode })
        .from(institutions)
        .where(inArray(institutions.id, ids))
        .orderBy(asc(institutions.acronym));
    },

    async allInstitutions() {
      return db
        .select({ id: institutions.id, acronym: institutions.acronym, name: institutions.name, countryCode: institutions.countryCode })
        .from(institutions)
        .orderBy(asc(institutions.acronym));
    },

    /** Writes the item and its matches in one transaction; returns the new id. */
    insert(item: NewItem, matches: { kind: 'specialist' | 'institution'; refId: number; score: number }[]): Promise<number> {
      return transaction(db, async () => {
        const [{ id }] = (await db.insert(cooperationItems).values(item).returning({ id: cooperationItems.id })) as [{ id: number }];
        if (matches.length) await db.insert(cooperationMatches).values(matches.map((m) => ({ ...m, itemId: id })));
        return id;
      });
    },

    async update(
      id: number,
      change: Partial<Pick<CooperationItemRow, 'status' | 'title' | 'body' | 'bodyHtml' | 'bodyText' | 'searchText' | 'deadline' | 'agreementId'>>,
    ): Promise<void> {
      await db.update(cooperationItems).set(change).where(eq(cooperationItems.id, id));
    },

    async responses(itemId: number) {
      return db
        .select({
          r: cooperationResponses,
          institution: { id: institutions.id, acronym: institutions.acronym, name: institutions.name, countryCode: institutions.countryCode },
          authorUsername: authors.username,
          authorDisplayName: authors.displayName,
        })
        .from(cooperationResponses)
        .innerJoin(institutions, eq(institutions.id, cooperationResponses.institutionId))
        .leftJoin(authors, eq(authors.id, cooperationResponses.authorId))
        .where(eq(cooperationResponses.itemId, itemId))
        .orderBy(asc(cooperationResponses.id));
    },

    async insertResponse(row: { itemId: number; institutionId: number; authorId: number; body: string; bodyHtml: string }): Promise<number> {
      return (await db.insert(cooperationResponses).values(row).returning({ id: cooperationResponses.id }))[0]!.id;
    },

    /** The matches stored when the item was posted, best first, with their names. */
    async matches(itemId: number) {
      const rows = await db
        .select({ kind: cooperationMatches.kind, refId: cooperationMatches.refId, score: cooperationMatches.score })
        .from(cooperationMatches)
        .where(eq(cooperationMatches.itemId, itemId))
        .orderBy(desc(cooperationMatches.score), asc(cooperationMatches.refId));
      const specialistIds = rows.filter((r) => r.kind === 'specialist').map((r) => r.refId);
      const institutionIds = rows.filter((r) => r.kind === 'institution').map((r) => r.refId);
      const people = specialistIds.length
        ? await db
            .select({ id: specialists.id, name: specialists.name, username: users.username })
            .from(specialists)
            .leftJoin(users, eq(users.id, specialists.userId))
            .where(and(inArray(specialists.id, specialistIds), liveRecord(specialists)))
        : [];
      const places = await this.institutionsByIds(institutionIds);
      return { rows, people: new Map(people.map((p) => [p.id, p])), places: new Map(places.map((p) => [p.id, p])) };
    },
  };
}

export type CooperationRepository = ReturnType<typeof createCooperationRepository>;
export type ItemRow = NonNullable<Awaited<ReturnType<CooperationRepository['find']>>>;
