import { describe, expect, it } from 'vitest';
import type { NetworkRepository } from '../../server/modules/network/repository.ts';
import { createNetworkService } from '../../server/modules/network/service.ts';

const countries = [
  { code: 'BR', nameEs: 'Brasil', namePt: 'Brasil', nameEn: 'Brazil', region: 'south_america', institutionCount: 1 },
  { code: 'UY', nameEs: 'Uruguay', namePt: 'Uruguai', nameEn: 'Uruguay', region: 'south_america', institutionCount: 1 },
];

/** Repositories with two countries, two institutions and nothing else. */
function fakeRepo(): NetworkRepository {
  return {
    figuresByCountry: () => new Map([['BR', { members: 3, specialists: 1, resources: 2, profiles: 0, experiences: 1 }]]),
    country: (code: string) => countries.find((c) => c.code === code) ?? null,
    institutionsOf: () => [],
    institutionPoints: () => [
      { id: 1, acronym: 'SENAI', name: 'Serviço Nacional de Aprendizagem Industrial', countryCode: 'BR', lat: -15.79, lon: -47.88 },
      { id: 2, acronym: 'INEFOP', name: 'Instituto Nacional de Empleo y Formación Profesional', countryCode: 'UY', lat: -34.9, lon: -56.16 },
    ],
    recentDiscussionsBy: () => [],
    upcomingWorkshopsIn: () => [],
    activityByCountry: () => new Map(),
    countryCodes: () => countries.map((c) => c.code),
    referenceChangedAt: () => new Date(0),
  } as unknown as NetworkRepository;
}

describe('the network area takes agreements and map links from their own areas', () => {
  it('counts agreements per country from the provider, and none without one', async () => {
    const geo = { countriesWithCounts: async () => countries };
    const without = createNetworkService({ repo: fakeRepo(), geo });
    expect((await without.country('br')).figures.agreements).toBe(0);
    const withAgreements = createNetworkService({ repo: fakeRepo(), geo, agreementsPerCountry: () => new Map([['BR', 4]]) });
    expect((await withAgreements.country('BR')).figures).toEqual({ members: 3, specialists: 1, resources: 2, profiles: 0, experiences: 1, agreements: 4 });
    expect((await withAgreements.figures()).get('UY')).toEqual({ members: 0, specialists: 0, resources: 0, profiles: 0, experiences: 0, agreements: 0 });
  });

  it('draws the links between known institutions only', async () => {
    const service = createNetworkService({
      repo: fakeRepo(),
      geo: { countriesWithCounts: async () => countries },
      mapLinks: () => [
        { from: 1, to: 2, kind: 'agreement' },
        { from: 2, to: 1, kind: 'cooperation' },
        { from: 1, to: 99, kind: 'agreement' },
        { from: 1, to: 1, kind: 'cooperation' },
      ],
    });
    const map = await service.map();
    expect(map.links).toEqual([
      { from: 1, to: 2, kind: 'agreement' },
      { from: 2, to: 1, kind: 'cooperation' },
    ]);
    expect(map.institutions.every((i) => i.x !== null && i.y !== null)).toBe(true);
  });
});
