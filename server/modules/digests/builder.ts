import type { Locale } from '../../../shared/i18n/index.ts';
import type { DigestContentRepository, DigestNews, DigestPost, DigestQuestion, DigestResource, DigestThread, DigestWorkshop } from './content-repository.ts';
import type { DueMember } from './repository.ts';

/** A notification the notifications area held back for the digest (see `HeldNotifications`). */
export interface HeldItem {
  title: string;
  /** Absolute, or a site path (`/t/12#post-34`) made absolute here. */
  url: string;
  meta?: string;
}

/**
 * Optional: the notifications the members chose to get "in the digest" rather than by mail,
 * since the given moment, for many members at once (the notifications area's `heldForDigest`).
 */
export type HeldNotifications = (userIds: number[], since: Date) => Map<number, HeldItem[]> | Promise<Map<number, HeldItem[]>>;

/** What the digest template shows: every text already in the member's language or escaped later. */
export interface DigestParams {
  locale: Locale;
  /** Dates are shown on the member's clocks: their zone, null for UTC. */
  timeZone?: string | null;
  displayName: string;
  frequency: 'daily' | 'weekly';
  settingsUrl: string;
  threads: { title: string; url: string; community: string; replies: number }[];
  posts: { title: string; url: string; excerpt: string; score: number }[];
  questions: { title: string; url: string; community: string }[];
  workshops: { title: string; url: string; community: string; startsAt: string; registered: boolean }[];
  resources: { title: string; url: string; sector: string }[];
  held: { title: string; url: string; meta?: string }[];
  /** The network's news of the period, those in the member's language first. */
  news?: { title: string; url: string; summary: string; institution: string | null }[];
}

const TOP = 5;
/** Upcoming workshops: those starting within this long after the run. */
export const WORKSHOPS_AHEAD_MS = 14 * 24 * 60 * 60_000;

function groupBy<T, K>(items: T[], key: (item: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

function setsBy<K, V>(rows: { k: K; v: V }[]): Map<K, Set<V>> {
  const map = new Map<K, Set<V>>();
  for (const { k, v } of rows) {
    const set = map.get(k);
    if (set) set.add(v);
    else map.set(k, new Set([v]));
  }
  return map;
}

/** Everything a run needs, read once for all its members. */
export interface DigestSnapshot {
  communitiesOf: Map<number, Set<number>>;
  threadsIn: Map<number, DigestThread[]>;
  postsIn: Map<number, DigestPost[]>;
  questionsFor: Map<number, DigestQuestion[]>;
  workshops: DigestWorkshop[];
  workshopsIn: Map<number, DigestWorkshop[]>;
  registeredTo: Map<number, Set<number>>;
  resourcesIn: Map<string, DigestResource[]>;
  institutionSectors: Map<number, Set<string>>;
  citedSectors: Map<number, Set<string>>;
  held: Map<number, HeldItem[]>;
  news: DigestNews[];
}

/** One pass of queries for the whole run, from the earliest moment any member's digest covers. */
export async function loadSnapshot(
  content: DigestContentRepository,
  since: Date,
  now: Date,
  userIds: number[],
  heldNotifications?: HeldNotifications,
): Promise<DigestSnapshot> {
  const ahead = new Date(now.getTime() + WORKSHOPS_AHEAD_MS);
  const workshops = await content.upcomingWorkshops(now, ahead);
  return {
    communitiesOf: setsBy((await content.memberCommunities()).map((r) => ({ k: r.userId, v: r.communityId }))),
    threadsIn: groupBy(await content.newThreads(since, now), (t) => t.communityId),
    postsIn: groupBy(await content.bestPosts(since, now), (p) => p.communityId),
    questionsFor: groupBy(await content.openQuestions(since, now), (q) => q.userId),
    workshops,
    workshopsIn: groupBy(workshops, (w) => w.communityId),
    registeredTo: setsBy((await content.registrations(now, ahead)).map((r) => ({ k: r.userId, v: r.workshopId }))),
    resourcesIn: groupBy(await content.newResources(since, now), (r) => r.sector),
    institutionSectors: setsBy((await content.institutionSectors()).map((r) => ({ k: r.institutionId, v: r.sector }))),
    citedSectors: setsBy((await content.citedSectors()).map((r) => ({ k: r.userId, v: r.sector }))),
    held: heldNotifications ? await heldNotifications(userIds, since) : new Map(),
    news: await content.newNews(since, now),
  };
}

const byNewest = (a: { createdAt: number }, b: { createdAt: number }) => b.createdAt - a.createdAt;

/**
 * One member's digest from the run's snapshot, or null when nothing is new for them since
 * `since` (upcoming workshops alone are not news unless announced since). Their own threads
 * and posts are not news to them.
 */
export function buildDigest(
  snapshot: DigestSnapshot,
  member: DueMember,
  since: Date,
  link: (path: string) => string,
  settingsUrl: string,
): DigestParams | null {
  const from = since.getTime();
  const locale: Locale = member.locale ?? 'es';
  const mine = snapshot.communitiesOf.get(member.id) ?? new Set<number>();
  const threads: DigestThread[] = [];
  const posts: DigestPost[] = [];
  for (const communityId of mine) {
    for (const thread of snapshot.threadsIn.get(communityId) ?? []) if (thread.createdAt >= from && thread.authorId !== member.id) threads.push(thread);
    for (const post of snapshot.postsIn.get(communityId) ?? []) if (post.createdAt >= from && post.authorId !== member.id) posts.push(post);
  }
  threads.sort((a, b) => b.replies + b.reactions - (a.replies + a.reactions) || b.id - a.id);
  posts.sort((a, b) => b.score - a.score || b.id - a.id);
  const questions = (snapshot.questionsFor.get(member.id) ?? []).filter((q) => q.createdAt >= from).sort(byNewest);

  const registered = snapshot.registeredTo.get(member.id) ?? new Set<number>();
  const workshops = snapshot.workshops.filter((w) => registered.has(w.id) || mine.has(w.communityId));
  const announced = workshops.some((w) => w.createdAt >= from && !registered.has(w.id));

  const sectors = new Set([...(snapshot.citedSectors.get(member.id) ?? []), ...(member.institutionId !== null ? (snapshot.institutionSectors.get(member.institutionId) ?? []) : [])]);
  const resources = [...sectors].flatMap((sector) => (snapshot.resourcesIn.get(sector) ?? []).slice(0, TOP)).filter((r) => r.createdAt >= from).sort(byNewest);
  const held = snapshot.held.get(member.id) ?? [];
  const news = snapshot.news
    .filter((n) => n.createdAt >= from)
    .sort((a, b) => Number(b.language === locale) - Number(a.language === locale) || b.createdAt - a.createdAt);

  if (!threads.length && !posts.length && !questions.length && !resources.length && !held.length && !news.length && !announced) return null;
  return {
    locale,
    timeZone: member.timeZone ?? null,
    displayName: member.displayName,
    frequency: member.frequency,
    settingsUrl,
    threads: threads.slice(0, TOP).map((t) => ({ title: t.title, url: link(`/t/${t.id}`), community: t.community, replies: t.replies })),
    posts: posts.slice(0, TOP).map((p) => ({ title: p.threadTitle, url: link(`/t/${p.threadId}#post-${p.id}`), excerpt: p.excerpt, score: p.score })),
    questions: questions.slice(0, TOP).map((q) => ({ title: q.title, url: link(`/t/${q.id}`), community: q.community })),
    workshops: workshops.slice(0, TOP).map((w) => ({
      title: w.title,
      url: link(`/w/${w.id}`),
      community: w.community,
      startsAt: new Date(w.startsAt).toISOString(),
      registered: registered.has(w.id),
    })),
    resources: resources.slice(0, TOP).map((r) => ({ title: r.title, url: link(`/knowledge/resources/${r.id}`), sector: r.labels[locale] })),
    held: held.slice(0, 10).map((h) => ({ ...h, url: /^https?:\/\//.test(h.url) ? h.url : link(h.url) })),
    news: news.slice(0, TOP).map((n) => ({ title: n.title, url: link(`/news/${n.id}`), summary: n.summary, institution: n.institution })),
  };
}
