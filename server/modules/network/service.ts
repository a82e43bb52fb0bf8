import { AppError } from '../../lib/errors.ts';
import { coherentCache, LOCAL_ONLY, type CacheShared } from '../../cluster/cache-coherence.ts';
import type { CountryFigures } from '../../../shared/schemas/geo.ts';
import type { CountryDetail, MapLinkKind, NetworkMap } from '../../../shared/schemas/network.ts';
import { interpolateYlGnBu } from 'd3-scale-chromatic';
import { MAP_HEIGHT, MAP_WIDTH, mapGeometry } from './map-geometry.ts';
import type { GeoRepository } from '../knowledge/geo-repository.ts';
import type { CountedFigures, NetworkRepository } from './repository.ts';

/** A link drawn between two institutions (their ids): an agreement or a cooperation. */
export interface MapLink {
  from: number;
  to: number;
  kind: MapLinkKind;
}

export interface NetworkDeps {
  repo: NetworkRepository;
  /** The countries with their institutions' count (the knowledge area's reference data). */
  geo: Pick<GeoRepository, 'countriesWithCounts'>;
  /** Agreements per country code (the agreements area); none when absent. */
  agreementsPerCountry?: () => Map<string, number> | Promise<Map<string, number>>;
  /** Links between institutions (agreements and cooperation); none when absent. */
  mapLinks?: () => MapLink[] | Promise<MapLink[]>;
  /** Calls back when what the map shows may have changed (domain events). */
  onActivityChanged?: (drop: () => void) => void;
  /** The other processes (issue 20): while their changes cannot arrive, nothing is answered from memory. */
  shared?: CacheShared;
  now?: () => Date;
}

/** The languages of the platform each country works in; the rest of the network speaks Spanish. */
const COUNTRY_LANGUAGES: Readonly<Record<string, string[]>> = {
  BR: ['pt'],
  PT: ['pt'],
  CV: ['pt'],
  BB: ['en'],
  BS: ['en'],
  JM: ['en'],
  TT: ['en'],
  SR: ['en'],
  HT: [],
};
export const languagesOf = (code: string): string[] => COUNTRY_LANGUAGES[code] ?? ['es'];

/** The map's activity window: posts of the last 90 days. */
export const ACTIVITY_DAYS = 90;
const ACTIVITY_TTL_MS = 60_000;
const RECENT_DISCUSSIONS = 8;
const UPCOMING_WORKSHOPS = 6;

/** The colour of an activity on a square-root scale up to the busiest country (0 is the palest). */
const fillFor = (activity: number, max: number): string => interpolateYlGnBu(0.08 + 0.87 * (max > 0 ? Math.sqrt(activity / max) : 0));

const NO_FIGURES: CountedFigures = { members: 0, specialists: 0, resources: 0, profiles: 0, experiences: 0 };

/**
 * The network seen by country and on the map: public, the same for every reader (discussions
 * and workshops are those anyone may read, activity counts only public posts).
 */
export function createNetworkService(deps: NetworkDeps) {
  const { repo, geo } = deps;
  const now = deps.now ?? (() => new Date());
  let activity: { at: number; value: Map<string, number> } | null = null;
  /** Moves whenever the activity is dropped: a count read across a drop is not kept. */
  let generation = 0;
  const drop = () => {
    activity = null;
    generation += 1;
  };
  deps.onActivityChanged?.(drop);
  const keep = coherentCache(deps.shared ?? LOCAL_ONLY, drop);

  async function activityByCountry(): Promise<Map<string, number>> {
    const at = now().getTime();
    if (activity && at - activity.at <= ACTIVITY_TTL_MS && keep()) return activity.value;
    const reading = generation;
    const value = await repo.activityByCountry(new Date(at - ACTIVITY_DAYS * 86_400_000));
    if (reading === generation) activity = { at, value };
    return value;
  }

  function figuresOf(code: string, counted: Map<string, CountedFigures>, agreements: Map<string, number>): CountryFigures {
    return { ...(counted.get(code) ?? NO_FIGURES), agreements: agreements.get(code) ?? 0 };
  }

  const names = (c: { nameEs: string; namePt: string; nameEn: string }) => ({ es: c.nameEs, pt: c.namePt, en: c.nameEn });

  return {
    /** Every country's figures, by code. */
    async figures(): Promise<Map<string, CountryFigures>> {
      const counted = await repo.figuresByCountry();
      const agreements = (await deps.agreementsPerCountry?.()) ?? new Map<string, number>();
      return new Map((await geo.countriesWithCounts()).map((c) => [c.code, figuresOf(c.code, counted, agreements)]));
    },

    /** A country's page: its institutions, figures, public discussions by its members, upcoming workshops in its languages. */
    async country(rawCode: string): Promise<CountryDetail> {
      const code = rawCode.trim().toUpperCase();
      const row = /^[A-Z]{2}$/.test(code) ? await repo.country(code) : null;
      if (!row) throw new AppError('NOT_FOUND');
      const institutions = await repo.institutionsOf(code);
      const languages = languagesOf(code);
      const counted = await repo.figuresByCountry();
      const agreements = (await deps.agreementsPerCountry?.()) ?? new Map<string, number>();
      const discussions = await repo.recentDiscussionsBy(code, RECENT_DISCUSSIONS);
      const workshops = await repo.upcomingWorkshopsIn(languages, now(), UPCOMING_WORKSHOPS);
      return {
        country: { code, names: names(row), region: row.region, institutionCount: institutions.length },
        languages,
        institutions: institutions.map((r) => ({
          id: r.id,
          acronym: r.acronym,
          name: r.name,
          countryCode: r.countryCode,
          kind: r.kind,
          website: r.website,
          city: r.city,
          founded: r.founded,
        })),
        figures: figuresOf(code, counted, agreements),
        discussions: discussions.map((t) => ({
          id: t.id,
          title: t.title,
          kind: t.kind,
          postCount: t.postCount,
          lastPostAt: t.lastPostAt.toISOString(),
          solved: t.acceptedPostId !== null,
          author: { username: t.authorUsername, displayName: t.authorDisplayName },
          community: { slug: t.communitySlug, name: t.communityName },
        })),
        workshops: workshops.map((w) => ({
          id: w.id,
          title: w.title,
          kind: w.kind,
          language: w.language,
          startsAt: w.startsAt.toISOString(),
          endsAt: w.endsAt.toISOString(),
          community: { slug: w.communitySlug, name: w.communityName },
        })),
      };
    },

    /** The network on a map: countries shaded by public activity, institutions as dots, their links. */
    async map(): Promise<NetworkMap> {
      const countries = await geo.countriesWithCounts();
      const geometry = mapGeometry(countries.map((c) => c.code));
      const activity = await activityByCountry();
      const max = Math.max(0, ...countries.map((c) => activity.get(c.code) ?? 0));
      const institutions = (await repo.institutionPoints()).map((i) => {
        const point = i.lat !== null && i.lon !== null ? geometry.project(i.lat, i.lon) : null;
        return { id: i.id, acronym: i.acronym, name: i.name, countryCode: i.countryCode, x: point?.x ?? null, y: point?.y ?? null };
      });
      const known = new Set(institutions.map((i) => i.id));
      const links = ((await deps.mapLinks?.()) ?? []).filter((l) => known.has(l.from) && known.has(l.to) && l.from !== l.to);
      const stops = max > 0 ? [0, 1 / 16, 1 / 4, 9 / 16, 1].map((f) => Math.round(max * f)) : [0];
      return {
        width: MAP_WIDTH,
        height: MAP_HEIGHT,
        activityDays: ACTIVITY_DAYS,
        land: geometry.land,
        countries: countries.map((c) => {
          const shape = geometry.countries.get(c.code);
          const value = activity.get(c.code) ?? 0;
          return {
            code: c.code,
            names: names(c),
            path: shape?.path ?? '',
            x: shape?.x ?? 0,
            y: shape?.y ?? 0,
            activity: value,
            fill: fillFor(value, max),
            institutionCount: c.institutionCount,
          };
        }),
        institutions,
        links,
        legend: [...new Set(stops)].map((value) => ({ value, fill: fillFor(value, max) })),
      };
    },
  };
}

export type NetworkService = ReturnType<typeof createNetworkService>;
