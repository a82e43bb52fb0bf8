import { DEFAULT_PAGE_SIZE, encodeCursor, readCursor } from '../../lib/cursor.ts';
import type { CountryFigures, CountryList, InstitutionList, InstitutionsQuery, NetworkStats } from '../../../shared/schemas/geo.ts';
import type { GeoRepository } from './geo-repository.ts';

/** Countries and member institutions: public reference data, readable by anyone. */
export function createGeoService(deps: { geo: GeoRepository; figures?: () => Map<string, CountryFigures> | Promise<Map<string, CountryFigures>> }) {
  const { geo } = deps;
  return {
    /** With each country's figures when the network area gives them (the countries list shows them). */
    async countries(): Promise<CountryList> {
      const figures = await deps.figures?.();
      const items = (await geo.countriesWithCounts()).map((c) => ({
        code: c.code,
        names: { es: c.nameEs, pt: c.namePt, en: c.nameEn },
        region: c.region,
        institutionCount: c.institutionCount,
        ...(figures ? { figures: figures.get(c.code) } : {}),
      }));
      return { items, nextCursor: null };
    },

    async institutions(query: InstitutionsQuery): Promise<InstitutionList> {
      const limit = query.limit ?? DEFAULT_PAGE_SIZE;
      const after = readCursor(query.cursor, ['string', 'number']) as [string, number] | null;
      const filter = {
        q: query.q?.trim() || undefined,
        country: query.country?.toUpperCase(),
        kind: query.kind,
      };
      const rows = await geo.institutionsPage(filter, after, limit + 1);
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      const facets = await geo.institutionFacets(filter);
      return {
        items: page.map((r) => ({
          id: r.id,
          acronym: r.acronym,
          name: r.name,
          countryCode: r.countryCode,
          kind: r.kind,
          website: r.website,
          city: r.city,
          founded: r.founded,
        })),
        nextCursor: rows.length > limit && last ? encodeCursor([last.acronym, last.id]) : null,
        total: facets.total,
        facets: { country: facets.country, kind: facets.kind },
      };
    },

    async stats(): Promise<NetworkStats> {
      return geo.stats();
    },
  };
}

export type GeoService = ReturnType<typeof createGeoService>;
