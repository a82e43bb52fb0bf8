import { and, asc, desc, eq, inArray, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
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

  function writeParties(tx: Pick<Db, 'insert' | 'delete'>, agreementId: number, parties: PartyValue[]) {
    tx.delete(agreementParties).where(eq(agreementParties.agreementId, agreementId)).run();
    tx.insert(agreementParties)
      .values(parties.map((p, position) => ({ agreementId, institutionId: p.institutionId, signedOn: p.signedOn, position })))
      .run();
  }

  function writeAreas(tx: Pick<Db, 'insert' | 'delete'>, agreementId: number, areas: AreaValue[]) {
    tx.delete(agreementAreas).where(eq(agreementAreas.agreementId, agreementId)).run();
    if (areas.length) tx.insert(agreementAreas).values(areas.map((a) => ({ agreementId, ...a }))).run();
  }

  return {
    readableBy,

    find(id: number, viewer: AgreementViewer): AgreementRow | undefined {
      return db
        .select()
        .from(agreements)
        .where(and(eq(agreements.id, id), readableBy(viewer)))
        .get();
    },

    insert(values: Values, parties: PartyValue[], areas: AreaValue[]): AgreementRow {
      return db.transaction((tx) => {
        const row = tx.insert(agreements).values(values).returning().get();
        writeParties(tx, row.id, parties);
        writeAreas(tx, row.id, areas);
        return row;
      });
    },

    update(id: number, values: Partial<Values>, parties?: PartyValue[], areas?: AreaValue[]): void {
      db.transaction((tx) => {
        tx.update(agreements)
          .set({ ...values, updatedAt: new Date() })
          .where(eq(agreements.id, id))
          .run();
        if (parties) writeParties(tx, id, parties);
        if (areas) writeAreas(tx, id, areas);
      });
    },

    /** Newest first by start date; keyset on (start date, id). */
    list(options: { viewer: AgreementViewer; institutionId?: number; countryCode?: string; status?: AgreementRow['status']; after: [string, number] | null; limit: number }) {
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
        .limit(options.limit)
        .all();
    },

    partiesOf(agreementIds: number[]) {
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
        .orderBy(asc(agreementParties.agreementId), asc(agreementParties.position))
        .all();
    },

    areasOf(agreementIds: number[]) {
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
        .orderBy(asc(agreementAreas.scheme), asc(vocabTerms.position), asc(agreementAreas.code))
        .all();
    },

    existingInstitutions(ids: number[]): Set<number> {
      if (!ids.length) return new Set();
      return new Set(
        db
          .select({ id: institutions.id })
          .from(institutions)
          .where(inArray(institutions.id, ids))
          .all()
          .map((r) => r.id),
      );
    },

    existingTerms(scheme: 'sector' | 'theme', codes: string[]): Set<string> {
      if (!codes.length) return new Set();
      return new Set(
        db
          .select({ code: vocabTerms.code })
          .from(vocabTerms)
          .where(and(eq(vocabTerms.scheme, scheme), inArray(vocabTerms.code, codes)))
          .all()
          .map((r) => r.code),
      );
    },

    userExists: (userId: number): boolean => db.select({ id: users.id }).from(users).where(eq(users.id, userId)).get() !== undefined,

    documentsOf(agreementId: number) {
      return db
        .select({ id: files.id, name: files.originalName, size: files.size, mime: files.mime })
        .from(agreementDocuments)
        .innerJoin(files, eq(files.id, agreementDocuments.fileId))
        .where(eq(agreementDocuments.agreementId, agreementId))
        .orderBy(asc(agreementDocuments.createdAt), asc(files.id))
        .all();
    },

    addDocument(agreementId: number, fileId: number, addedBy: number): void {
      db.insert(agreementDocuments).values({ agreementId, fileId, addedBy }).onConflictDoNothing().run();
    },

    hasDocument(agreementId: number, fileId: number): boolean {
      return (
        db
          .select({ one: agreementDocuments.fileId })
          .from(agreementDocuments)
          .where(and(eq(agreementDocuments.agreementId, agreementId), eq(agreementDocuments.fileId, fileId)))
          .get() !== undefined
      );
    },

    removeDocument(agreementId: number, fileId: number): boolean {
      return (
        db
          .delete(agreementDocuments)
          .where(and(eq(agreementDocuments.agreementId, agreementId), eq(agreementDocuments.fileId, fileId)))
          .run().changes > 0
      );
    },

    people(agreementId: number) {
      return db
        .select({ id: users.id, username: users.username, displayName: users.displayName, institutionId: agreementPeople.institutionId })
        .from(agreementPeople)
        .innerJoin(users, eq(users.id, agreementPeople.userId))
        .where(eq(agreementPeople.agreementId, agreementId))
        .orderBy(asc(agreementPeople.institutionId), asc(users.displayName), asc(users.id))
        .all();
    },

    person(agreementId: number, userId: number) {
      return db
        .select()
        .from(agreementPeople)
        .where(and(eq(agreementPeople.agreementId, agreementId), eq(agreementPeople.userId, userId)))
        .get();
    },

    /** Nominates (or moves to another party) a person. */
    nominate(agreementId: number, userId: number, institutionId: number, nominatedBy: number): void {
      db.insert(agreementPeople)
        .values({ agreementId, userId, institutionId, nominatedBy })
        .onConflictDoUpdate({ target: [agreementPeople.agreementId, agreementPeople.userId], set: { institutionId, nominatedBy } })
        .run();
    },

    removePerson(agreementId: number, userId: number): boolean {
      return db.delete(agreementPeople).where(and(eq(agreementPeople.agreementId, agreementId), eq(agreementPeople.userId, userId))).run().changes > 0;
    },

    /** People nominated for parties that are no longer parties go with them. */
    dropPeopleOutside(agreementId: number, institutionIds: number[]): number[] {
      const gone = db
        .select({ userId: agreementPeople.userId, institutionId: agreementPeople.institutionId })
        .from(agreementPeople)
        .where(eq(agreementPeople.agreementId, agreementId))
        .all()
        .filter((p) => !institutionIds.includes(p.institutionId))
        .map((p) => p.userId);
      if (gone.length) db.delete(agreementPeople).where(and(eq(agreementPeople.agreementId, agreementId), inArray(agreementPeople.userId, gone))).run();
      return gone;
    },

    setSpace(agreementId: number, communityId: number): void {
      db.update(agreements).set({ spaceCommunityId: communityId, updatedAt: new Date() }).where(eq(agreements.id, agreementId)).run();
    },

    /** The agreement whose space this community is, if any. */
    agreementOfSpace(communityId: number): number | undefined {
      return db.select({ id: agreements.id }).from(agreements).where(eq(agreements.spaceCommunityId, communityId)).get()?.id;
    },

    /** Agreements with a space that this institution is a party to. */
    spacesOf(institutionId: number) {
      return db
        .select({ id: agreements.id, communityId: agreements.spaceCommunityId })
        .from(agreements)
        .innerJoin(agreementParties, eq(agreementParties.agreementId, agreements.id))
        .where(and(eq(agreementParties.institutionId, institutionId), sql`${agreements.spaceCommunityId} is not null`))
        .all()
        .map((r) => ({ id: r.id, communityId: r.communityId! }));
    },

    /** Public agreements per country (an agreement counts once in each of its parties' countries): the countries' figures. */
    publicPerCountry(): Map<string, number> {
      const rows = db
        .select({ code: institutions.countryCode, n: sql<number>`count(distinct ${agreements.id})` })
        .from(agreements)
        .innerJoin(agreementParties, eq(agreementParties.agreementId, agreements.id))
        .innerJoin(institutions, eq(institutions.id, agreementParties.institutionId))
        .where(readableBy(ANYONE))
        .groupBy(institutions.countryCode)
        .all();
      return new Map(rows.map((r) => [r.code, r.n]));
    },

    /** The pairs of institutions bound by a public agreement (each pair once): the network map's links. */
    publicPartyPairs(): { from: number; to: number }[] {
      const rows = db
        .select({ agreementId: agreementParties.agreementId, institutionId: agreementParties.institutionId })
        .from(agreementParties)
        .innerJoin(agreements, eq(agreements.id, agreementParties.agreementId))
        .where(readableBy(ANYONE))
        .orderBy(asc(agreementParties.agreementId), asc(agreementParties.position))
        .all();
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
    readableByAnyone(afterId: number, limit: number) {
      return db
        .select({ id: agreements.id, updatedAt: agreements.updatedAt })
        .from(agreements)
        .where(and(readableBy(ANYONE), sql`${agreements.id} > ${afterId}`))
        .orderBy(asc(agreements.id))
        .limit(limit)
        .all();
    },
  };
}

export type AgreementsRepository = ReturnType<typeof createAgreementsRepository>;
