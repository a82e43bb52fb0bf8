import { and, asc, count, eq, gt, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { containsText } from '../../lib/like.ts';
import { countries, institutions, users, type CountryRow, type InstitutionRow } from '../../../db/schema/index.ts';

export interface InstitutionFilter {
  q?: string;
  country?: string;
  kind?: 'constituent' | 'associated';
}


export function createGeoRepository(db: Db) {
  function where(filter: InstitutionFilter): SQL | undefined {
    const conditions: SQL[] = [];
    if (filter.country) conditions.push(eq(institutions.countryCode, filter.country));
    if (filter.kind) conditions.push(eq(institutions.kind, filter.kind));
    if (filter.q) {
      conditions.push(
        or(containsText(institutions.acronym, filter.q), containsText(institutions.name, filter.q), containsText(institutions.city, filter.q))!,
      );
    }
    return conditions.length ? and(...conditions) : undefined;
  }

  return {
    async countriesWithCounts(): Promise<(CountryRow & { institutionCount: number })[]> {
      return db
        .select({
          code: countries.code,
          nameEs: countries.nameEs,
          namePt: countries.namePt,
          nameEn: countries.nameEn,
          region: countries.region,
          institutionCount: count(institutions.id),
        })
        .from(countries)
        .leftJoin(institutions, eq(institutions.countryCode, countries.code))
        .groupBy(countries.code, countries.nameEs, countries.namePt, countries.nameEn, countries.region)
        .orderBy(asc(countries.code));
    },

    /** One page in (acronym, id) order, starting after the cursor's key. */
    async institutionsPage(filter: InstitutionFilter, after: [string, number] | null, limit: number): Promise<InstitutionRow[]> {
      const keyset = after
        ? or(gt(institutions.acronym, after[0]), and(eq(institutions.acronym, after[0]), gt(institutions.id, after[1])))
        : undefined;
      return db
        .select()
        .from(institutions)
        .where(and(where(filter), keyset))
        .orderBy(asc(institutions.acronym), asc(institutions.id))
        .limit(limit);
    },

    async institutionFacets(filter: InstitutionFilter) {
      const base = where(filter);
      const country = await db
        .select({ value: institutions.countryCode, count: count() })
        .from(institutions)
        .where(base)
        .groupBy(institutions.countryCode)
        .orderBy(sql`count(*) DESC`, asc(institutions.countryCode));
      const kind = await db
        .select({ value: institutions.kind, count: count() })
        .from(institutions)
        .where(base)
        .groupBy(institutions.kind)
        .orderBy(sql`count(*) DESC`);
      return { country, kind, total: country.reduce((sum, f) => sum + f.count, 0) };
    },

    async stats() {
      return {
        countries: (await db.select({ n: count() }).from(countries))[0]!.n,
        institutions: (await db.select({ n: count() }).from(institutions))[0]!.n,
        members: (await db.select({ n: count() }).from(users))[0]!.n,
      };
    },
  };
}

export type GeoRepository = ReturnType<typeof createGeoRepository>;
