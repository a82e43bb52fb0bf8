import { and, asc, desc, eq, inArray, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { changed, transaction } from '../../../db/access.ts';
import type { Db } from '../../../db/client.ts';
import {
  agreementAreas,
  agreementDocuments,
  agreementParties,
  agreementPeople,
  agreements,
  files,
  institutions,
  users,
  vocabTerms,
  type AgreementRow,
} from '../../../db/schema/index.ts';

/** Who is reading: drafts are for site staff and the parties' representatives only. */
export interface AgreementViewer {
  staff: boolean;
  institutionIds: number[];
}

export const ANYONE: AgreementViewer = { staff: false, institutionIds: [] };

type Values = Omit<typeof agreements.$inferInsert, 'id' | 'createdAt' | 'updatedAt'>;
export interface PartyValue {
  institutionId: number;
  signedOn: string | null;
}
export interface AreaValue {
  scheme: 'sector' | 'theme';
  code: string;
}

/**
 * THE visibility rule of agreements: signed and ended ones are public; a draft is seen by
 * site staff and the representatives of its parties. Every list, page and sitemap asks here
 * (another area pointing at an agreement too: `agreementReadableByAnyone`).
 */
export function readableBy(viewer: AgreementViewer): SQL | undefined {
  if (viewer.staff) return undefined;
  const own = viewer.institutionIds.length
    ? sql`exists (select 1 from ${agreementParties} where ${agreementParties.agreementId} = ${agreements.id} and ${inArray(agreementParties.institutionId, viewer.institutionIds)})`
    : undefined;
  return own ? or(ne(agreements.status, 'draft'), own) : ne(agreements.status, 'draft');
}

/** The agreement this column names, if anyone may read it (else null): for areas that link to one. */
export const agreementReadableByAnyone = (agreementId: SQLiteColumn) =>
  sql<number | null>`(SELECT ${agreements.id} FROM ${agreements} WHERE ${agreements.id} = ${agreementId} AND ${readableBy(ANYONE)})`;

/** The agreements tables: only this repository writes them. */
export function createAgreementsRepository(db: Db) {

  /** Inside the caller's transaction. */
  async function writeParties(agreementId: number, parties: PartyValue[]): Promise<void> {
    await db.delete(agreementParties).where(eq(agreementParties.agreementId, agreementId));
    await db
      .insert(agreementParties)
      .values(parties.map((p, position) => ({ agreementId, institutionId: p.institutionId, signedOn: p.signedOn, position })));
  }

  /** Inside the caller's transaction. */
  async function writeAreas(agreementId: number, areas: AreaValue[]): Promise<void> {
    await db.delete(agreementAreas).where(eq(agreementAreas.agreementId, agreementId));
    if (areas.length) await db.insert(agreementAreas).values(areas.map((a) => ({ agreementId, ...a })));
  }

  return {
    readableBy,

    /** Runs a read-check-write as one transaction: no other write lands between the check and the write. */
    atomically: <T>(work: () => Promise<T>): Promise<T> => transaction(db, work),

    async find(id: number, viewer: AgreementViewer): Promise<AgreementRow | undefined> {
      const found = await db
        .select()
        .from(agreements)
        .where(and(eq(agreements.id, id), readableBy(viewer)))
        .limit(1);
      return found[0];
    },

    insert(values: Values, parties: PartyValue[], areas: AreaValue[]): Promise<AgreementRow> {
      return transaction(db, async () => {
        const [row] = await db.insert(agreements).values(values).returning();
        await writeParties(row!.id, parties);
        await writeAreas(row!.id, areas);
        return row!;
      });
    },

    async update(id: number, values: Partial<Values>, parties?: PartyValue[], areas?: AreaValue[]): Promise<void> {
      await transaction(db, async () => {
        await db
          .update(agreements)
          .set({ ...values, updatedAt: new Date() })
          .where(eq(agreements.id, id));
        if (parties) await writeParties(id, parties);
        if (areas) await writeAreas(id, areas);
      });
    },

    /** Newest first by start date; keyset on (start date, id). */
    async list(options: { viewer: AgreementViewer; institutionId?: number; countryCode?: string; status?: AgreementRow['status']; after: [string, number] | null; limit: number }) {
      const conditions: (SQL | undefined)[] = [readableBy(options.viewer)];
      if (options.institutionId !== undefined) {
        conditions.push(
          sql`exists (select 1 from ${agreementParties} where ${agreementParties.agreementId} = ${agreements.id} and ${agreementParties.institutionId} = ${options.institutionId})`,
        );
      }
      if (options.countryCode !== undefined) {
        conditions.push(
          sql`exists (select 1 from ${agreementParties} join ${institutions} on ${institutions.id} = ${agreementParties.institutionId} where ${agreementParties.agreementId} = ${agreements.id} and ${institutions.countryCode} = ${options.countryCode})`,
        );
      }
      if (options.status) conditions.push(eq(agreements.status, options.status));
      if (options.after) {
        const [start, id] = options.after;
        conditions.push(or(lt(agreements.startDate, start), and(eq(agreements.startDate, start), lt(agreements.id, id))));
      }
      return db
        .select()
        .from(agreements)
        .where(and(...conditions))
        .orderBy(desc(agreements.startDate), desc(agreements.id))
        .limit(options.limit);
    },

    async partiesOf(agreementIds: number[]) {
      if (!agreementIds.length) return [];
      return db
        .select({
          agreementId: agreementParties.agreementId,
          signedOn: agreementParties.signedOn,
          institution: { id: institutions.id, acronym: institutions.acronym, name: institutions.name, countryCode: institutions.countryCode },
        })
        .from(agreementParties)
        .innerJoin(institutions, eq(institutions.id, agreementParties.institutionId))
        .where(inArray(agreementParties.agreementId, agreementIds))
        .orderBy(asc(agreementParties.agreementId), asc(agreementParties.position));
    },

    async areasOf(agreementIds: number[]) {
      if (!agreementIds.length) return [];
      return db
        .select({
          agreementId: agreementAreas.agreementId,
          scheme: agreementAreas.scheme,
          code: agreementAreas.code,
          es: vocabTerms.labelEs,
          pt: vocabTerms.labelPt,
          en: vocabTerms.labelEn,
        })
        .from(agreementAreas)
        .innerJoin(vocabTerms, and(eq(vocabTerms.scheme, agreementAreas.scheme), eq(vocabTerms.code, agreementAreas.code)))
        .where(inArray(agreementAreas.agreementId, agreementIds))
        .orderBy(asc(agreementAreas.scheme), asc(vocabTerms.position), asc(agreementAreas.code));
    },

    async existingInstitutions(ids: number[]): Promise<Set<number>> {
      if (!ids.length) return new Set();
      return new Set((await db.select({ id: institutions.id }).from(institutions).where(inArray(institutions.id, ids))).map((r) => r.id));
    },

    async existingTerms(scheme: 'sector' | 'theme', codes: string[]): Promise<Set<string>> {
      if (!codes.length) return new Set();
      const found = await db
        .select({ code: vocabTerms.code })
        .from(vocabTerms)
        .where(and(eq(vocabTerms.scheme, scheme), inArray(vocabTerms.code, codes)));
      return new Set(found.map((r) => r.code));
    },

    userExists: async (userId: number): Promise<boolean> => (await db.select({ id: users.id }).from(users).where(eq(users.id, userId)).limit(1)).length > 0,

    async documentsOf(agreementId: number) {
      return db
        .select({ id: files.id, name: files.originalName, size: files.size, mime: files.mime })
        .from(agreementDocuments)
        .innerJoin(files, eq(files.id, agreementDocuments.fileId))
        .where(eq(agreementDocuments.agreementId, agreementId))
        .orderBy(asc(agreementDocuments.createdAt), asc(files.id));
    },

    async addDocument(agreementId: number, fileId: number, addedBy: number): Promise<void> {
      await db.insert(agreementDocuments).values({ agreementId, fileId, addedBy }).onConflictDoNothing();
    },

    async hasDocument(agreementId: number, fileId: number): Promise<boolean> {
      const found = await db
        .select({ one: agreementDocuments.fileId })
        .from(agreementDocuments)
        .where(and(eq(agreementDocuments.agreementId, agreementId), eq(agreementDocuments.fileId, fileId)))
        .limit(1);
      return found.length > 0;
    },

    async removeDocument(agreementId: number, fileId: number): Promise<boolean> {
      const result = await db
        .delete(agreementDocuments)
        .where(and(eq(agreementDocuments.agreementId, agreementId), eq(agreementDocuments.fileId, fileId)));
      return changed(result) > 0;
    },

    async people(agreementId: number) {
      return db
        .select({ id: users.id, username: users.username, displayName: users.displayName, institutionId: agreementPeople.institutionId })
        .from(agreementPeople)
        .innerJoin(users, eq(users.id, agreementPeople.userId))
        .where(eq(agreementPeople.agreementId, agreementId))
        .orderBy(asc(agreementPeople.institutionId), asc(users.displayName), asc(users.id));
    },

    async person(agreementId: number, userId: number) {
      const found = await db
        .select()
        .from(agreementPeople)
        .where(and(eq(agreementPeople.agreementId, agreementId), eq(agreementPeople.userId, userId)))
        .limit(1);
      return found[0];
    },

    /** Nominates (or moves to another party) a person. */
    async nominate(agreementId: number, userId: number, institutionId: number, nominatedBy: number): Promise<void> {
      await db
        .insert(agreementPeople)
        .values({ agreementId, userId, institutionId, nominatedBy })
        .onConflictDoUpdate({ target: [agreementPeople.agreementId, agreementPeople.userId], set: { institutionId, nominatedBy } });
    },

    async removePerson(agreementId: number, userId: number): Promise<boolean> {
      return changed(await db.delete(agreementPeople).where(and(eq(agreementPeople.agreementId, agreementId), eq(agreementPeople.userId, userId)))) > 0;
    },

    /** People nominated for parties that are no longer parties go with them. */
    async dropPeopleOutside(agreementId: number, institutionIds: number[]): Promise<number[]> {
      const gone = (
        await db
          .select({ userId: agreementPeople.userId, institutionId: agreementPeople.institutionId })
          .from(agreementPeople)
          .where(eq(agreementPeople.agreementId, agreementId))
      )
        .filter((p) => !institutionIds.includes(p.institutionId))
        .map((p) => p.userId);
      if (gone.length) await db.delete(agreementPeople).where(and(eq(agreementPeople.agreementId, agreementId), inArray(agreementPeople.userId, gone)));
      return gone;
    },

    async setSpace(agreementId: number, communityId: number): Promise<void> {
      await db.update(agreements).set({ spaceCommunityId: communityId, updatedAt: new Date() }).where(eq(agreements.id, agreementId));
    },

    /** The agreement whose space this community is, if any. */
    async agreementOfSpace(communityId: number): Promise<number | undefined> {
      return (await db.select({ id: agreements.id }).from(agreements).where(eq(agreements.spaceCommunityId, communityId)).limit(1))[0]?.id;
    },

    /** Agreements with a space that this institution is a party to. */
    async spacesOf(institutionId: number) {
      return (
        await db
          .select({ id: agreements.id, communityId: agreements.spaceCommunityId })
          .from(agreements)
          .innerJoin(agreementParties, eq(agreementParties.agreementId, agreements.id))
          .where(and(eq(agreementParties.institutionId, institutionId), sql`${agreements.spaceCommunityId} is not null`))
      ).map((r) => ({ id: r.id, communityId: r.communityId! }));
    },

    /** Public agreements per country (an agreement counts once in each of its parties' countries): the countries' figures. */
    async publicPerCountry(): Promise<Map<string, number>> {
      const rows = await db
        .select({ code: institutions.countryCode, n: sql<number>`count(distinct ${agreements.id})` })
        .from(agreements)
        .innerJoin(agreementParties, eq(agreementParties.agreementId, agreements.id))
        .innerJoin(institutions, eq(institutions.id, agreementParties.institutionId))
        .where(readableBy(ANYONE))
        .groupBy(institutions.countryCode);
      return new Map(rows.map((r) => [r.code, Number(r.n)]));
    },

    /** The pairs of institutions bound by a public agreement (each pair once): the network map's links. */
    async publicPartyPairs(): Promise<{ from: number; to: number }[]> {
      const rows = await db
        .select({ agreementId: agreementParties.agreementId, institutionId: agreementParties.institutionId })
        .from(agreementParties)
        .innerJoin(agreements, eq(agreements.id, agreementParties.agreementId))
        .where(readableBy(ANYONE))
        .orderBy(asc(agreementParties.agreementId), asc(agreementParties.position));
      const byAgreement = new Map<number, number[]>();
      for (const r of rows) byAgreement.set(r.agreementId, [...(byAgreement.get(r.agreementId) ?? []), r.institutionId]);
      const pairs = new Map<string, { from: number; to: number }>();
      for (const parties of byAgreement.values()) {
        for (let i = 0; i < parties.length; i += 1) {
          for (let j = i + 1; j < parties.length; j += 1) {
            const [from, to] = [Math.min(parties[i]!, parties[j]!), Math.max(parties[i]!, parties[j]!)];
            pairs.set(`${from}-${to}`, { from, to });
          }
        }
      }
      return [...pairs.values()];
    },

    /** Public agreements after a keyset position, for the sitemap. */
    async readableByAnyone(afterId: number, limit: number) {
      return db
        .select({ id: agreements.id, updatedAt: agreements.updatedAt })
        .from(agreements)
        .where(and(readableBy(ANYONE), sql`${agreements.id} > ${afterId}`))
        .orderBy(asc(agreements.id))
        .limit(limit);
    },
  };
}

export type AgreementsRepository = ReturnType<typeof createAgreementsRepository>;
