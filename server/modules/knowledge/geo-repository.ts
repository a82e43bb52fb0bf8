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
    countriesWithCounts(): (CountryRow & { institutionCount: number })[] {
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
        .groupBy(countries.code)
        .orderBy(asc(countries.code))
        .all();
    },

    /** One page in (acronym, id) order, starting after the cursor's key. */
    institutionsPage(filter: InstitutionFilter, after: [string, number] | null, limit: number): InstitutionRow[] {
      const keyset = after
        ? or(gt(institutions.acronym, after[0]), and(eq(institutions.acronym, after[0]), gt(institutions.id, after[1])))
        : undefined;
      return db
        .select()
        .from(institutions)
        .where(and(where(filter), keyset))
        .orderBy(asc(institutions.acronym), asc(institutions.id))
        .limit(limit)
        .all();
    },

    institutionFacets(filter: InstitutionFilter) {
      const base = where(filter);
      const country = db
        .select({ value: institutions.countryCode, count: count() })
        .from(institutions)
        .where(base)
        .groupBy(institutions.countryCode)
        .orderBy(sql`count(*) DESC`, asc(institutions.countryCode))
        .all();
      const kind = db
        .select({ value: institutions.kind, count: count() })
        .from(institutions)
        .where(base)
        .groupBy(institutions.kind)
        .orderBy(sql`count(*) DESC`)
        .all();
      return { country, kind, total: country.reduce((sum, f) => sum + f.count, 0) };
    },

    stats() {
      return {
        countries: db.select({ n: count() }).from(countries).get()!.n,
        institutions: db.select({ n: count() }).from(institutions).get()!.n,
        members: db.select({ n: count() }).from(users).get()!.n,
      };
    },
  };
}

export type GeoRepository = ReturnType<typeof createGeoRepository>;
