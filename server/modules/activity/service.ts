import type { Activity, ActivityPoint, ActivityQuery, KnowledgeUse, KnowledgeUseQuery, UsedRecord } from '../../../shared/schemas/activity.ts';
import { coherentCache, LOCAL_ONLY, type CacheShared } from '../../cluster/cache-coherence.ts';
import { AppError } from '../../lib/errors.ts';
import type { LinkType } from '../../lib/markdown.ts';
import type { Actor } from '../auth/actor.ts';
import type { CommunitiesRepository } from '../communities/repository.ts';
import type { LinksService } from '../links/service.ts';
import { activityPolicy } from './policy.ts';
import type { Interval, RollupRepository, SeriesFilter } from './rollup-repository.ts';
import type { UseCount, UseRepository } from './use-repository.ts';

const DAY_MS = 86_400_000;
/** More buckets than a chart can show legibly (two years of days). */
const MAX_BUCKETS = 800;
const USE_SHOWN = 10;

const dayOf = (date: Date) => date.toISOString().slice(0, 10);
const at = (day: string) => Date.parse(`${day}T00:00:00Z`);

/** The first day of every bucket from `from` to `to`, so a quiet week shows as zero rather than missing. */
export function buckets(from: string, to: string, interval: Interval): string[] {
  const first = new Date(at(from));
  if (interval === 'week') first.setUTCDate(first.getUTCDate() - ((first.getUTCDay() + 6) % 7));
  if (interval === 'month') first.setUTCDate(1);
  const out: string[] = [];
  for (const day = first; day.getTime() <= at(to); ) {
    out.push(dayOf(day));
    if (interval === 'day') day.setUTCDate(day.getUTCDate() + 1);
    if (interval === 'week') day.setUTCDate(day.getUTCDate() + 7);
    if (interval === 'month') day.setUTCMonth(day.getUTCMonth() + 1);
  }
  return out;
}

function median(sorted: number[]): number {
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The network's activity over time and the use of its knowledge, each as the reader may see it. */
export function createActivityService(deps: {
  rollup: RollupRepository;
  use: UseRepository;
  communities: Pick<CommunitiesRepository, 'findBySlug'>;
  links: Pick<LinksService, 'describe' | 'mostCited'>;
  now?: () => Date;
  /** The other processes (issue 20): while their changes cannot arrive, nothing is answered from memory. */
  shared?: CacheShared;
}) {
  const now = deps.now ?? (() => new Date());
  // Knowledge-use answers, kept until views are written or a discussion or record changes (`changed()`), in any process.
  const useAnswers = new Map<string, KnowledgeUse>();
  let changes = 0;
  const keep = coherentCache(deps.shared ?? LOCAL_ONLY, () => {
    changes += 1;
    useAnswers.clear();
  });

  function range(query: { from?: string; to?: string }, interval: Interval) {
    const to = query.to?.slice(0, 10) ?? dayOf(now());
    const from = query.from?.slice(0, 10) ?? dayOf(new Date(at(to) - 364 * DAY_MS));
    if (Number.isNaN(at(from)) || Number.isNaN(at(to)) || from > to) throw new AppError('ACTIVITY_RANGE_INVALID', { field: 'from', params: { from, to } });
    if ((at(to) - at(from)) / DAY_MS / { day: 1, week: 7, month: 30 }[interval] > MAX_BUCKETS) {
      throw new AppError('ACTIVITY_RANGE_TOO_LONG', { field: 'interval', params: { max: MAX_BUCKETS } });
    }
    return { from, to };
  }

  const service = {
    async activity(actor: Actor | null, query: ActivityQuery): Promise<Activity> {
      const scope = activityPolicy.scopeOf(actor);
      const interval = query.interval ?? 'week';
      const { from, to } = range(query, interval);
      let communityId: number | null = null;
      if (query.community !== undefined) {
        const community = await deps.communities.findBySlug(query.community);
        if (!community || !activityPolicy.canSeeCommunity(scope, community)) throw new AppError('COMMUNITY_NOT_FOUND');
        communityId = community.id;
      }
      const filter: SeriesFilter = { from, to, interval, communityId, countryCode: query.country?.toUpperCase() ?? null, publicOnly: scope === 'public' };
      const days = buckets(from, to, interval);
      const fill = (rows: { bucket: string; value: number | null }[]): ActivityPoint[] => {
        const byBucket = new Map(rows.map((row) => [row.bucket, row.value]));
        return days.map((date) => ({ date, value: byBucket.get(date) ?? 0 }));
      };
      const [answers, posts, members] = await Promise.all([deps.rollup.answers(filter), deps.rollup.posts(filter), deps.rollup.members(filter)]);
      const delays = new Map<string, number[]>();
      for (const row of answers) {
        const list = delays.get(row.bucket) ?? [];
        list.push(row.hours);
        delays.set(row.bucket, list);
      }
      return {
        from,
        to,
        interval,
        scope,
        series: [
          { name: 'posts', points: fill(posts) },
          { name: 'members', points: fill(members) },
          { name: 'answered', points: days.map((date) => ({ date, value: delays.get(date)?.length ?? 0 })) },
          {
            name: 'medianHoursToAnswer',
            points: days.map((date) => {
              const list = delays.get(date);
              return { date, value: list ? Math.round(median(list) * 10) / 10 : null };
            }),
          },
        ],
      };
    },

    /** Views were written, or what cites or names a record changed: the next knowledge-use answers are counted afresh. */
    changed(): void {
      changes += 1;
      useAnswers.clear();
    },

    async knowledgeUse(actor: Actor | null, query: KnowledgeUseQuery): Promise<KnowledgeUse> {
      const scope = activityPolicy.scopeOf(actor);
      const { from, to } = range(query, 'day');
      const limit = query.limit ?? USE_SHOWN;
      const key = `${scope} ${from} ${to} ${limit}`;
      if (!keep()) return countUse(scope, from, to, limit);
      const kept = useAnswers.get(key);
      if (kept) return kept;
      if (useAnswers.size >= 200) useAnswers.clear();
      const generation = changes;
      const answer = await countUse(scope, from, to, limit);
      // A change that landed while it was counted makes this answer stale: not kept.
      if (generation === changes) useAnswers.set(key, answer);
      return answer;
    },
  };
  return service;

  async function countUse(scope: 'all' | 'public', from: string, to: string, limit: number): Promise<KnowledgeUse> {
    const { viewed, downloaded } = await deps.use.mostUsed(from, to, limit);
    const cited = await deps.links.mostCited(scope, new Date(at(from)), new Date(at(to) + DAY_MS), limit);
    // Titles come from the records themselves: one that no longer exists drops out.
    const described = new Map(
      (await deps.links.describe([...viewed, ...downloaded].map((c) => ({ type: c.kind as LinkType, id: c.recordId })).concat(cited.map((c) => ({ type: c.type, id: c.id })))))
        .map((d) => [`${d.type}:${d.id}`, d]),
    );
    const uses = new Map<string, UseCount>([...viewed, ...downloaded].map((c) => [`${c.kind}:${c.recordId}`, c]));
    const citations = new Map(cited.map((c) => [`${c.type}:${c.id}`, c.citations]));
    const record = (type: LinkType, id: number): UsedRecord[] => {
      const found = described.get(`${type}:${id}`);
      if (!found) return [];
      const use = uses.get(`${type}:${id}`);
      return [{ type: type as UsedRecord['type'], id, title: found.title, url: found.url, views: use?.views ?? 0, downloads: use?.downloads ?? 0, citations: citations.get(`${type}:${id}`) ?? 0 }];
    };
    return {
      from,
      to,
      mostViewed: viewed.flatMap((c) => record(c.kind, c.recordId)),
      mostDownloaded: downloaded.flatMap((c) => record(c.kind, c.recordId)),
      mostCited: cited.flatMap((c) => record(c.type, c.id)),
    };
  }
}

export type ActivityService = ReturnType<typeof createActivityService>;
