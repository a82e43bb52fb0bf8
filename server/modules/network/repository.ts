import { and, asc, count, desc, eq, gte, inArray, isNotNull, max } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import {
  communities,
  countries,
  experiences,
  institutions,
  posts,
  profiles,
  resources,
  specialists,
  threads,
  users,
  workshops,
} from '../../../db/schema/index.ts';
import { readablePostBy, readableThreadByAnyone } from '../discussions/readable.ts';
import { liveRecord } from '../knowledge/withdrawal.ts';
import { readableWorkshop, statusCondition } from '../workshops/repository.ts';

/** The figures a country's rows give (agreements come from their own area). */
export type CountedFigures = { members: number; specialists: number; resources: number; profiles: number; experiences: number };
const NO_FIGURES: CountedFigures = { members: 0, specialists: 0, resources: 0, profiles: 0, experiences: 0 };

/**
 * The network seen by country: reads only, across the areas' tables, every list of discussions
 * and workshops through their areas' gates for anyone at all (the pages are public).
 */
export function createNetworkRepository(db: Db) {
  const counted = (rows: { code: string | null; n: number }[]) => rows.filter((r): r is { code: string; n: number } => r.code !== null);
  const perCountry = {
    members: async () => counted(await db.select({ code: users.countryCode, n: count() }).from(users).groupBy(users.countryCode)),
    specialists: async () =>
      counted(await db.select({ code: specialists.countryCode, n: count() }).from(specialists).where(liveRecord(specialists)).groupBy(specialists.countryCode)),
    resources: async () =>
      counted(await db.select({ code: resources.countryCode, n: count() }).from(resources).where(liveRecord(resources)).groupBy(resources.countryCode)),
    profiles: async () =>
      counted(await db.select({ code: profiles.countryCode, n: count() }).from(profiles).where(liveRecord(profiles)).groupBy(profiles.countryCode)),
    experiences: async () =>
      counted(await db.select({ code: experiences.countryCode, n: count() }).from(experiences).where(liveRecord(experiences)).groupBy(experiences.countryCode)),
  } satisfies Record<keyof CountedFigures, unknown>;

  return {
    /** Each country's counted figures (countries without rows are absent; withdrawn records are not counted). */
    async figuresByCountry(): Promise<Map<string, CountedFigures>> {
      const figures = new Map<string, CountedFigures>();
      const add = (key: keyof CountedFigures, rows: { code: string; n: number }[]) => {
        for (const { code, n } of rows) {
          const entry = figures.get(code) ?? { ...NO_FIGURES };
          entry[key] = n;
          figures.set(code, entry);
        }
      };
      for (const key of Object.keys(perCountry) as (keyof CountedFigures)[]) add(key, await perCountry[key]());
      return figures;
    },

    async country(code: string) {
      return (await db.select().from(countries).where(eq(countries.code, code)).limit(1))[0] ?? null;
    },

    async institutionsOf(code: string) {
      return db.select().from(institutions).where(eq(institutions.countryCode, code)).orderBy(asc(institutions.acronym), asc(institutions.id));
    },

    /** The network's country codes, in order. */
    async countryCodes(): Promise<string[]> {
      return (await db.select({ code: countries.code }).from(countries).orderBy(asc(countries.code))).map((r) => r.code);
    },

    /** When the reference data (the institutions) last changed: the sitemap's date for the network's pages. */
    async referenceChangedAt(): Promise<Date> {
      const [row] = await db.select({ at: max(institutions.createdAt) }).from(institutions);
      return row?.at ?? new Date(0);
    },

    /** Every institution with where it is, for the map. */
    async institutionPoints() {
      return db
        .select({ id: institutions.id, acronym: institutions.acronym, name: institutions.name, countryCode: institutions.countryCode, lat: institutions.lat, lon: institutions.lon })
        .from(institutions)
        .orderBy(asc(institutions.acronym), asc(institutions.id));
    },

    /** The latest discussions started by members of the country that anyone may read. */
    async recentDiscussionsBy(code: string, limit: number) {
      return db
        .select({
          id: threads.id,
          title: threads.title,
          kind: threads.kind,
          postCount: threads.postCount,
          lastPostAt: threads.lastPostAt,
          acceptedPostId: threads.acceptedPostId,
          authorUsername: users.username,
          authorDisplayName: users.displayName,
          communitySlug: communities.slug,
          communityName: communities.name,
        })
        .from(threads)
        .innerJoin(users, eq(users.id, threads.authorId))
        .innerJoin(communities, eq(communities.id, threads.communityId))
        .where(and(eq(users.countryCode, code), readableThreadByAnyone()))
        .orderBy(desc(threads.lastPostAt), desc(threads.id))
        .limit(limit);
    },

    /** Upcoming workshops anyone may read, in one of these languages, soonest first. */
    async upcomingWorkshopsIn(languages: string[], now: Date, limit: number) {
      if (languages.length === 0) return [];
      return db
        .select({
          id: workshops.id,
          title: workshops.title,
          kind: workshops.kind,
          language: workshops.language,
          startsAt: workshops.startsAt,
          endsAt: workshops.endsAt,
          communitySlug: communities.slug,
          communityName: communities.name,
        })
        .from(workshops)
        .innerJoin(communities, eq(communities.id, workshops.communityId))
        .where(and(inArray(workshops.language, languages as ('es' | 'pt' | 'en')[]), statusCondition('upcoming', now), readableWorkshop(undefined)))
        .orderBy(asc(workshops.startsAt), asc(workshops.id))
        .limit(limit);
    },

    /** Posts anyone may read, written since then, by members of each country: `[code, posts]`. */
    async activityByCountry(since: Date): Promise<Map<string, number>> {
      const rows = await db
        .select({ code: users.countryCode, n: count() })
        .from(posts)
        .innerJoin(threads, eq(threads.id, posts.threadId))
        .innerJoin(communities, eq(communities.id, threads.communityId))
        .innerJoin(users, eq(users.id, posts.authorId))
        .where(and(gte(posts.createdAt, since), isNotNull(users.countryCode), readablePostBy(null)))
        .groupBy(users.countryCode);
      return new Map(rows.map((r) => [r.code!, r.n]));
    },
  };
}

export type NetworkRepository = ReturnType<typeof createNetworkRepository>;
