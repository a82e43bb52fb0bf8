/**
 * Threads: when, where, who, in which language. Each community gets its pinned welcome thread
 * and its share of the rest; the threads are numbered by date, and a few long, older
 * discussions get locked by a moderator.
 */
import { DAY, END, HOUR, START } from './clock.ts';
import { apportion, pickMember } from './sampling.ts';
import { LANGS, type Random } from './templates/index.ts';
import type { CommunityPlan, ForumPlan, Person, ThreadPlan } from './types.ts';

const THREADS_AT_SCALE_1 = 2000;
/** Mean number of replies of a thread (an exponential: most threads are short, a few are long). */
const MEAN_REPLIES = 9.4;
const QUESTION_SHARE = 0.3;

/** Every thread, numbered after `threadBase` in order of creation. */
export function planThreads(rng: Random, plans: CommunityPlan[], scale: number, threadBase: number): ThreadPlan[] {
  const threadPlans = scheduleThreads(rng, plans, scale);
  threadPlans.sort((a, b) => a.createdAt - b.createdAt || a.community.index - b.community.index || a.author.id - b.author.id);
  threadPlans.forEach((t, i) => (t.id = threadBase + i + 1));
  lockSomeThreads(rng, threadPlans, scale);
  return threadPlans;
}

function scheduleThreads(rng: Random, plans: CommunityPlan[], scale: number): ThreadPlan[] {
  const totalThreads = Math.max(plans.length, Math.round(THREADS_AT_SCALE_1 * scale));
  const perCommunity = apportion(
    totalThreads - plans.length,
    plans.map((c) => c.seed.activity),
  );
  const threadPlans: ThreadPlan[] = [];
  for (const community of plans) {
    threadPlans.push(welcomeThread(community));
    const forumWeights = community.forums.map((f) => f.seed.weight);
    const langWeights = LANGS.map((l) => community.seed.languages[l]);
    for (let k = 0; k < perCommunity[community.index]; k++) threadPlans.push(regularThread(rng, community, forumWeights, langWeights));
  }
  return threadPlans;
}

/** The pinned welcome thread, opened by its first moderator on the day the community opens. */
function welcomeThread(community: CommunityPlan): ThreadPlan {
  return newThread({
    community,
    forum: community.forums[0],
    createdAt: community.createdAt + 3 * HOUR,
    kind: 'discussion',
    lang: community.seed.lead,
    author: community.moderators[0],
    welcome: true,
    replies: 0,
    pinned: true,
  });
}

/** A thread opened by a member who had joined, in a language they speak; questions seldom go unanswered. */
function regularThread(rng: Random, community: CommunityPlan, forumWeights: number[], langWeights: number[]): ThreadPlan {
  const createdAt = START + Math.floor((END - 4 * DAY - START) * Math.pow(rng.next(), 0.85));
  let lang = rng.weighted(LANGS, langWeights);
  let author = pickMember(rng, community.speakers[lang], createdAt);
  if (!author) {
    author = pickMember(rng, community.active, createdAt)!;
    lang = author.languages[0];
  }
  const kind = rng.chance(QUESTION_SHARE) ? 'question' : 'discussion';
  let replies = Math.min(45, Math.floor(rng.exponential(MEAN_REPLIES)));
  if (kind === 'question' && replies === 0 && rng.chance(0.9)) replies = 1 + rng.int(0, 2);
  const forum = rng.weighted(community.forums, forumWeights);
  return newThread({ community, forum, createdAt, kind, lang, author, welcome: false, replies, pinned: false });
}

type ThreadStart = Pick<ThreadPlan, 'community' | 'createdAt' | 'kind' | 'lang' | 'welcome' | 'replies' | 'pinned'> & {
  forum: ForumPlan;
  author: Person;
};

function newThread(start: ThreadStart): ThreadPlan {
  return { id: 0, ...start, locked: false, title: '', sector: null, posts: [], accepted: null, postCount: 0, lastPostAt: 0 };
}

/** A couple of long, older discussions get closed by a moderator. */
function lockSomeThreads(rng: Random, threadPlans: ThreadPlan[], scale: number): void {
  const lockable = threadPlans.filter((t) => !t.welcome && t.kind === 'discussion' && t.replies >= 3 && t.createdAt < END - 180 * DAY);
  const lockCount = Math.min(lockable.length, Math.max(1, Math.round(2 * Math.min(1, scale * 4))));
  for (const t of rng.sample(lockable, lockCount)) t.locked = true;
}
