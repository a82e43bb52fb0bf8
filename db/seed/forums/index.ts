/**
 * The forum demo data: synthetic members, communities of practice with their forums and
 * members, and about 2,000 threads with 20,000 posts of practitioners' exchanges (at scale 1).
 *
 * Everything is planned in memory first (a seeded PRNG, a fixed "now"), every post is cooked
 * with the real Markdown cooker, the denormalized counters are computed from the planned rows,
 * and the rows are written in a few big transactions with batched inserts. Two runs on a new
 * database give identical rows (the password hash aside, which the caller passes in).
 */
import { inArray, sql } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { cook, type CookResolver, type ResolvedLink } from '../../../server/lib/markdown.ts';
import { REACTION_KINDS } from '../../../shared/schemas/discussions.ts';
import type { Db } from '../../client.ts';
import {
  communities,
  communityMembers,
  countries,
  forums,
  institutions,
  postLinks,
  postMentions,
  postReactions,
  postRevisions,
  posts,
  threads,
  threadWatches,
  users,
} from '../../schema/index.ts';
import { DEMO_ACCOUNTS } from '../data/people.ts';
import { COMMUNITIES, type CommunitySeed, type ForumSeed } from './communities.ts';
import { buildMembers, type InstitutionInfo } from './people.ts';
import {
  composeEditNote,
  composeIntroduction,
  composeOpening,
  composeReply,
  composeTitle,
  composeWelcome,
  LANGS,
  Random,
  subjectFor,
  THEMES,
  type Composed,
  type Extras,
  type Lang,
  type ReplyRole,
  type ThemeKey,
  type ThreadSubject,
  type Voice,
} from './templates/index.ts';

/** The demo's "now": every timestamp lies before it, so two runs give the same rows. */
export const FORUM_SEED_NOW = new Date('2026-11-01T00:00:00.000Z');

export interface ForumSeedOptions {
  /** The demo password hash, shared by every synthetic member (hashed once by the caller). */
  passwordHash: string;
  progress: (line: string) => void;
  /** 1 gives ~2,000 threads and ~20,000 posts; tests use a small fraction. */
  scale?: number;
}

export interface ForumSeedResult {
  members: number;
  communities: number;
  forums: number;
  memberships: number;
  threads: number;
  posts: number;
  reactions: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const END = FORUM_SEED_NOW.getTime();
/** Activity covers the 18 months before "now". */
const START = Date.UTC(2025, 4, 1);
const THREADS_AT_SCALE_1 = 2000;
/** Mean number of replies of a thread (an exponential: most threads are short, a few are long). */
const MEAN_REPLIES = 9.4;
const QUESTION_SHARE = 0.3;
/** Share of questions with at least one reply whose answer gets accepted (~60 % of all questions). */
const ACCEPT_SHARE = 0.6;

interface Person {
  id: number;
  username: string;
  displayName: string;
  languages: Lang[];
  institution: InstitutionInfo;
  countryCode: string;
  interests: ThemeKey[];
  specialist: boolean;
  activity: number;
}

interface Membership {
  person: Person;
  role: 'member' | 'moderator';
  status: 'active' | 'pending' | 'banned';
  joinedAt: number;
}

interface ForumPlan {
  id: number;
  seed: ForumSeed;
  position: number;
  createdAt: number;
  threadCount: number;
  postCount: number;
  lastPostAt: number | null;
}

interface CommunityPlan {
  id: number;
  index: number;
  seed: CommunitySeed;
  createdAt: number;
  forums: ForumPlan[];
  memberships: Membership[];
  /** Active members by join date. */
  active: Membership[];
  speakers: Record<Lang, Membership[]>;
  moderators: Person[];
  lastActivityAt: number | null;
}

interface PostPlan {
  id: number;
  thread: ThreadPlan;
  seq: number;
  role: ReplyRole | 'opening' | 'welcome' | 'intro';
  author: Person;
  at: number;
  body: string;
  html: string;
  quote: string | null;
  replyTo: PostPlan | null;
  hidden: boolean;
  deletedAt: number | null;
  edit: { at: number; body: string; html: string } | null;
  mentions: number[];
  links: number[];
}

interface ThreadPlan {
  id: number;
  community: CommunityPlan;
  forum: ForumPlan;
  createdAt: number;
  kind: 'discussion' | 'question';
  lang: Lang;
  author: Person;
  welcome: boolean;
  replies: number;
  pinned: boolean;
  locked: boolean;
  title: string;
  posts: PostPlan[];
  accepted: PostPlan | null;
}

/** Inserts rows in batches small enough for SQLite's bound-parameter limit. */
function insertBatches<T extends SQLiteTable>(db: Db, table: T, rows: T['$inferInsert'][], batch: number): void {
  for (let i = 0; i < rows.length; i += batch) {
    db.insert(table as SQLiteTable)
      .values(rows.slice(i, i + batch) as never)
      .run();
  }
}

function maxId(db: Db, table: typeof communities | typeof forums | typeof threads | typeof posts): number {
  return db.select({ max: sql<number>`coalesce(max(${table.id}), 0)` }).from(table).get()!.max;
}

/** Members of `list` (sorted by join date) who had joined before `at`: a prefix. */
function joinedBefore(list: Membership[], at: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].joinedAt < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Picks someone who had joined before `at`, by activity (times `boost`), never one of `exclude`. */
function pickMember(
  rng: Random,
  list: Membership[],
  at: number,
  exclude: ReadonlySet<number> = new Set(),
  boost: (p: Person) => number = () => 1,
): Person | null {
  const n = joinedBefore(list, at);
  let total = 0;
  for (let i = 0; i < n; i++) if (!exclude.has(list[i].person.id)) total += list[i].person.activity * boost(list[i].person);
  if (total <= 0) return null;
  let r = rng.next() * total;
  for (let i = 0; i < n; i++) {
    const p = list[i].person;
    if (exclude.has(p.id)) continue;
    r -= p.activity * boost(p);
    if (r < 0) return p;
  }
  for (let i = n - 1; i >= 0; i--) if (!exclude.has(list[i].person.id)) return list[i].person;
  return null;
}

/** Splits `total` in proportion to `weights`, exactly (largest remainders). */
function apportion(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const out = exact.map(Math.floor);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  const missing = total - out.reduce((a, b) => a + b, 0);
  for (let k = 0; k < missing; k++) out[order[k][1]]++;
  return out;
}

export async function seedForums(db: Db, options: ForumSeedOptions): Promise<ForumSeedResult> {
  const progress = options.progress;
  const scale = Math.max(0, options.scale ?? 1);
  const rng = new Random('minga:forums');

  // ---- What is already there: institutions, country names, the demo accounts. -------------
  const institutionRows: InstitutionInfo[] = db
    .select({ id: institutions.id, acronym: institutions.acronym, name: institutions.name, countryCode: institutions.countryCode, city: institutions.city })
    .from(institutions)
    .orderBy(institutions.id)
    .all();
  if (institutionRows.length === 0) throw new Error('seedForums needs the reference data (institutions) first');
  const institutionById = new Map(institutionRows.map((i) => [i.id, i]));
  const countryNames = new Map(
    db
      .select()
      .from(countries)
      .all()
      .map((c) => [c.code, { es: c.nameEs, pt: c.namePt, en: c.nameEn } as Record<Lang, string>]),
  );

  const demoRows = db
    .select({ id: users.id, username: users.username, displayName: users.displayName, institutionId: users.institutionId, countryCode: users.countryCode })
    .from(users)
    .where(
      inArray(
        users.username,
        DEMO_ACCOUNTS.map((a) => a.username),
      ),
    )
    .all();
  const DEMO_ACTIVITY: Record<string, number> = { admin: 0.4, lucia_moderadora: 3, carlos_especialista: 4, ana_docente: 2, jose_formador: 1.5 };
  const demo = new Map<string, Person>();
  for (const account of DEMO_ACCOUNTS) {
    const row = demoRows.find((r) => r.username === account.username);
    if (!row) throw new Error(`seedForums needs the demo account ${account.username} first`);
    const institution = (row.institutionId !== null && institutionById.get(row.institutionId)) || institutionRows[0];
    demo.set(account.username, {
      id: row.id,
      username: row.username,
      displayName: row.displayName,
      languages: account.languages.filter((l): l is Lang => (LANGS as readonly string[]).includes(l)),
      institution,
      countryCode: row.countryCode ?? institution.countryCode,
      interests: account.username === 'lucia_moderadora' ? ['dual', 'youth', 'quality'] : account.username === 'carlos_especialista' ? ['competencies', 'rpl'] : ['trainers'],
      specialist: account.specialist ?? false,
      activity: DEMO_ACTIVITY[account.username] ?? 1,
    });
  }
  const admin = demo.get('admin')!;
  const lucia = demo.get('lucia_moderadora')!;

  // ---- Members. ------------------------------------------------------------------------------
  const memberSeeds = buildMembers(institutionRows);
  const inserted = db.transaction((tx) =>
    tx
      .insert(users)
      .values(
        memberSeeds.map((m) => ({
          username: m.username,
          email: m.email,
          passwordHash: options.passwordHash,
          displayName: m.displayName,
          role: 'member' as const,
          institutionId: m.institutionId,
          countryCode: m.countryCode,
          languages: m.languages,
          bio: m.bio,
          specialist: m.specialist,
          createdAt: m.createdAt,
          updatedAt: m.createdAt,
        })),
      )
      .returning({ id: users.id, username: users.username })
      .all(),
  );
  const idByUsername = new Map(inserted.map((r) => [r.username, r.id]));
  const members: Person[] = memberSeeds.map((m) => ({
    id: idByUsername.get(m.username)!,
    username: m.username,
    displayName: m.displayName,
    languages: m.languages,
    institution: institutionById.get(m.institutionId)!,
    countryCode: m.countryCode,
    interests: m.interests,
    specialist: m.specialist,
    activity: m.activity,
  }));
  progress(`forums: members ${members.length}/${memberSeeds.length}`);

  const everyone = [...demo.values(), ...members];
  const usernames = new Set(everyone.map((p) => p.username.toLowerCase()));
  const resolver: CookResolver = {
    existingUsernames: (candidates) => new Set(candidates.filter((u) => usernames.has(u))),
    resolveLinks: (refs) =>
      refs.flatMap((ref): ResolvedLink[] => {
        const inst = ref.type === 'institution' ? institutionById.get(ref.id) : undefined;
        return inst ? [{ type: 'institution', id: inst.id, title: `${inst.acronym} — ${inst.name}`, url: `/knowledge/institutions/${inst.id}` }] : [];
      }),
  };
  const idOf = new Map(everyone.map((p) => [p.username.toLowerCase(), p.id]));
  const voice = (p: Person, lang: Lang): Voice => ({
    username: p.username,
    displayName: p.displayName,
    acronym: p.institution.acronym,
    city: p.institution.city ?? '',
    country: countryNames.get(p.countryCode)?.[lang] ?? p.countryCode,
  });

  // ---- Communities, forums, memberships. -----------------------------------------------------
  const communityBase = maxId(db, communities);
  let forumId = maxId(db, forums);
  const plans: CommunityPlan[] = COMMUNITIES.map((seed, index) => {
    const crng = new Random(`minga:forums:community:${seed.slug}`);
    const createdAt = Date.UTC(2025, 3, 1 + index * 2, 13, 0, 0);
    const forumPlans: ForumPlan[] = seed.forums.map((f, position) => ({
      id: ++forumId,
      seed: f,
      position,
      createdAt: createdAt + (position + 1) * 10 * MINUTE,
      threadCount: 0,
      postCount: 0,
      lastPostAt: null,
    }));

    const memberships: Membership[] = [{ person: admin, role: 'moderator', status: 'active', joinedAt: createdAt }];
    const taken = new Set<number>([admin.id]);
    const add = (person: Person, role: Membership['role'], status: Membership['status'], joinedAt: number) => {
      memberships.push({ person, role, status, joinedAt });
      taken.add(person.id);
    };
    if (seed.luciaModerates) add(lucia, 'moderator', 'active', createdAt + HOUR);
    for (const account of DEMO_ACCOUNTS) {
      const person = demo.get(account.username)!;
      if (taken.has(person.id)) continue;
      const status =
        seed.visibility === 'public' ? 'active' : seed.privateDemoMembers?.[account.username as keyof NonNullable<CommunitySeed['privateDemoMembers']>];
      if (!status) continue;
      add(person, 'member', status, status === 'pending' ? END - crng.int(3, 20) * DAY : createdAt + crng.int(1, 10) * DAY + crng.int(0, 23) * HOUR);
    }

    // Synthetic members, drawn by affinity with the theme (weighted sampling without replacement).
    const affinity = (m: Person) =>
      1 +
      (m.interests.includes(seed.theme) ? 4 : 0) +
      (seed.lead === 'pt' && m.languages.includes('pt') ? 5 : 0) +
      (m.specialist && m.interests[0] === seed.theme ? 1000 : 0);
    const ranked = members
      .map((m) => ({ m, key: Math.pow(crng.next(), 1 / affinity(m)) }))
      .sort((a, b) => b.key - a.key || a.m.id - b.m.id)
      .map((x) => x.m);
    const moderatorCandidates = ranked
      .slice(0, 30)
      .filter((m) => m.languages.includes(seed.lead))
      .sort(
        (a, b) =>
          Number(b.specialist && b.interests[0] === seed.theme) - Number(a.specialist && a.interests[0] === seed.theme) ||
          Number(b.languages[0] === seed.lead) - Number(a.languages[0] === seed.lead) ||
          b.activity - a.activity ||
          a.id - b.id,
      );
    const moderators = moderatorCandidates.slice(0, seed.moderators);
    for (const m of moderators) add(m, 'moderator', 'active', createdAt + 2 * HOUR);

    const activeSoFar = memberships.filter((m) => m.status === 'active').length;
    const regular = ranked.filter((m) => !taken.has(m.id)).slice(0, Math.max(0, seed.members - activeSoFar));
    const joinSpan = END - 30 * DAY - createdAt;
    regular.forEach((m, i) => {
      const banned = i >= regular.length - seed.banned;
      add(m, 'member', banned ? 'banned' : 'active', createdAt + 3 * HOUR + Math.floor(joinSpan * Math.pow(crng.next(), 2.2)));
    });
    ranked
      .filter((m) => !taken.has(m.id))
      .slice(0, seed.pending)
      .forEach((m) => add(m, 'member', 'pending', END - crng.int(2, 40) * DAY - crng.int(0, 23) * HOUR));

    const active = memberships.filter((m) => m.status === 'active').sort((a, b) => a.joinedAt - b.joinedAt || a.person.id - b.person.id);
    const speakers = Object.fromEntries(LANGS.map((l) => [l, active.filter((m) => m.person.languages.includes(l))])) as Record<Lang, Membership[]>;
    return {
      id: communityBase + index + 1,
      index,
      seed,
      createdAt,
      forums: forumPlans,
      memberships,
      active,
      speakers,
      moderators: [...(seed.luciaModerates ? [lucia] : []), ...moderators, admin],
      lastActivityAt: null,
    };
  });
  const membershipCount = plans.reduce((n, c) => n + c.memberships.length, 0);
  const forumCount = plans.reduce((n, c) => n + c.forums.length, 0);
  progress(`forums: communities ${plans.length}/${COMMUNITIES.length} (${forumCount} forums, ${membershipCount} memberships)`);

  // ---- Threads: when, where, who, in which language. -----------------------------------------
  const totalThreads = Math.max(plans.length, Math.round(THREADS_AT_SCALE_1 * scale));
  const perCommunity = apportion(
    totalThreads - plans.length,
    plans.map((c) => c.seed.activity),
  );
  const threadPlans: ThreadPlan[] = [];
  for (const community of plans) {
    // The pinned welcome thread, opened by its first moderator on the day the community opens.
    const welcomeAuthor = community.moderators[0];
    threadPlans.push({
      id: 0,
      community,
      forum: community.forums[0],
      createdAt: community.createdAt + 3 * HOUR,
      kind: 'discussion',
      lang: community.seed.lead,
      author: welcomeAuthor,
      welcome: true,
      replies: 0,
      pinned: true,
      locked: false,
      title: '',
      posts: [],
      accepted: null,
    });
    const forumWeights = community.forums.map((f) => f.seed.weight);
    const langWeights = LANGS.map((l) => community.seed.languages[l]);
    for (let k = 0; k < perCommunity[community.index]; k++) {
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
      threadPlans.push({
        id: 0,
        community,
        forum: rng.weighted(community.forums, forumWeights),
        createdAt,
        kind,
        lang,
        author,
        welcome: false,
        replies,
        pinned: false,
        locked: false,
        title: '',
        posts: [],
        accepted: null,
      });
    }
  }
  threadPlans.sort((a, b) => a.createdAt - b.createdAt || a.community.index - b.community.index || a.author.id - b.author.id);
  const threadBase = maxId(db, threads);
  threadPlans.forEach((t, i) => (t.id = threadBase + i + 1));

  // A couple of long, older discussions get closed by a moderator.
  const lockable = threadPlans.filter((t) => !t.welcome && t.kind === 'discussion' && t.replies >= 3 && t.createdAt < END - 180 * DAY);
  const lockCount = Math.min(lockable.length, Math.max(1, Math.round(2 * Math.min(1, scale * 4))));
  for (const t of rng.sample(lockable, lockCount)) t.locked = true;

  // ---- Posts: composed, timed, cooked. -------------------------------------------------------
  const titles = new Set<string>();
  const allPosts: PostPlan[] = [];
  const step = Math.max(1, Math.ceil(threadPlans.length / 10));

  const extrasFor = (t: ThreadPlan, author: Person, at: number, p: { mention: number; link: number; site: number }): Extras => {
    const extras: Extras = {};
    if (rng.chance(p.mention)) {
      const boost = (m: Person) => (m.specialist ? 4 : 1) * (t.community.moderators.includes(m) ? 2 : 1);
      extras.mention = pickMember(rng, t.community.active, at, new Set([author.id]), boost)?.username ?? null;
    }
    if (rng.chance(p.link)) {
      const other = rng.pick(institutionRows);
      if (other.id !== author.institution.id) extras.institutionId = other.id;
    }
    extras.siteLink = rng.chance(p.site);
    return extras;
  };

  const addPost = (t: ThreadPlan, role: PostPlan['role'], author: Person, at: number, composed: Composed, replyTo: PostPlan | null): PostPlan => {
    const cooked = cook(composed.body, resolver);
    const post: PostPlan = {
      id: 0,
      thread: t,
      seq: t.posts.length,
      role,
      author,
      at,
      body: composed.body,
      html: cooked.html,
      quote: composed.quote,
      replyTo,
      hidden: false,
      deletedAt: null,
      edit: null,
      mentions: cooked.mentions.map((u) => idOf.get(u)!).filter((id) => id !== undefined),
      links: cooked.links.map((l) => l.id),
    };
    t.posts.push(post);
    allPosts.push(post);
    return post;
  };

  /** Reply times after `from`: quick first answers, then slower; squeezed to end before "now". */
  const replyTimes = (from: number, count: number): number[] => {
    const gaps: number[] = [];
    for (let i = 0; i < count; i++) gaps.push((i === 0 ? 10 * MINUTE + rng.exponential(5 * HOUR) : 3 * MINUTE + rng.exponential(20 * HOUR)) + rng.int(0, 59_999));
    const total = gaps.reduce((a, b) => a + b, 0);
    const room = END - 2 * HOUR - from;
    const factor = total > room ? room / total : 1;
    const times: number[] = [];
    let at = from;
    for (const gap of gaps) {
      at = Math.max(at + 1000, at + Math.floor(gap * factor));
      times.push(at);
    }
    return times;
  };

  threadPlans.forEach((t, index) => {
    if (t.welcome) composeWelcomeThread(t);
    else composeThread(t);
    if ((index + 1) % step === 0 || index + 1 === threadPlans.length) progress(`forums: threads ${index + 1}/${threadPlans.length}`);
  });

  function uniqueTitle(make: () => string, fallback: string): string {
    let title = make();
    for (let attempt = 0; attempt < 12 && titles.has(title); attempt++) title = make();
    if (titles.has(title)) title = `${title} (${fallback})`;
    for (let n = 2; titles.has(title); n++) title = `${title.replace(/ #\d+$/, '')} #${n}`;
    titles.add(title);
    return title;
  }

  function composeWelcomeThread(t: ThreadPlan): void {
    const { title, body } = composeWelcome(t.lang, { name: t.community.seed.name, description: t.community.seed.description });
    t.title = uniqueTitle(() => title, t.community.seed.slug);
    addPost(t, 'welcome', t.author, t.createdAt, { body, quote: null }, null);
    // Introductions, each a little after the member joined.
    const speakers = t.community.speakers[t.lang].filter((m) => m.person !== t.author && m.person.id !== admin.id && m.joinedAt < END - 10 * DAY);
    const introducers = rng
      .sample(speakers, rng.int(4, 9))
      .map((m) => ({ m, at: Math.max(t.createdAt + HOUR, m.joinedAt + HOUR + rng.int(0, 96) * HOUR) }))
      .sort((a, b) => a.at - b.at || a.m.person.id - b.m.person.id);
    let last = t.createdAt;
    for (const { m, at } of introducers) {
      last = Math.max(last + 1000, at);
      const area = THEMES[m.person.interests[0]][t.lang].specialty;
      addPost(t, 'intro', m.person, last, { body: composeIntroduction(rng, t.lang, voice(m.person, t.lang), area), quote: null }, null);
    }
  }

  function composeThread(t: ThreadPlan): void {
    const subject: ThreadSubject = subjectFor(rng, t.lang, THEMES[t.community.seed.theme]);
    const op = t.author;
    t.title = uniqueTitle(() => composeTitle(rng, subject, t.kind, voice(op, t.lang)), voice(op, t.lang).acronym);
    const opening = addPost(
      t,
      'opening',
      op,
      t.createdAt,
      composeOpening(rng, subject, t.kind, voice(op, t.lang), extrasFor(t, op, t.createdAt, { mention: 0.12, link: 0.15, site: 0.1 })),
      null,
    );

    const times = replyTimes(t.createdAt, t.replies + (t.locked ? 1 : 0));
    const acceptedIndex = t.kind === 'question' && t.replies > 0 && rng.chance(ACCEPT_SHARE) ? rng.int(1, Math.min(t.replies, 4)) : 0;
    const pool = t.community.speakers[t.lang].length > 3 ? t.community.speakers[t.lang] : t.community.active;
    const visibleEarlier = (exceptAuthor?: Person) => t.posts.filter((p) => !p.hidden && p.deletedAt === null && p.author !== exceptAuthor);

    for (let i = 1; i <= t.replies; i++) {
      const at = times[i - 1];
      const prev = t.posts[t.posts.length - 1];
      const last = i === t.replies;
      let role: ReplyRole;
      let author: Person | null = null;
      let target: PostPlan | null = null;

      if (i === acceptedIndex) role = 'answer';
      else if (prev.role === 'followup' && prev.author !== op && prev.deletedAt === null && rng.chance(0.6)) {
        role = 'clarify';
        author = op;
        target = prev;
      } else if (acceptedIndex > 0 && i === acceptedIndex + 1 && t.accepted && rng.chance(0.6)) {
        role = 'thanks';
        author = op;
        target = t.accepted;
      } else if (!last && rng.chance(0.004)) role = 'spam';
      else {
        role = rng.weighted<ReplyRole>(
          ['experience', 'tips', 'answer', 'followup', 'agree', 'quote', 'thanks'],
          t.kind === 'question' ? [26, 14, 20, 14, 10, 9, 7] : [32, 14, 6, 16, 14, 11, 7],
        );
        if (role === 'thanks') {
          const candidates = visibleEarlier(op).filter((p) => p !== opening);
          if (candidates.length === 0) role = 'experience';
          else {
            author = op;
            target = rng.pick(candidates);
          }
        }
      }

      if (!author) {
        const exclude = new Set([op.id, prev.author.id]);
        const boost = role === 'answer' ? (m: Person) => (m.specialist ? 4 : 1) * (t.community.moderators.includes(m) ? 2 : 1) : undefined;
        author = pickMember(rng, pool, at, exclude, boost) ?? pickMember(rng, t.community.active, at, new Set([op.id]));
        if (!author) continue; // nobody else had joined yet: the thread stays shorter
      }
      if (role === 'agree' || role === 'quote') {
        const candidates = visibleEarlier(author).filter((p) => role === 'agree' || p.quote !== null);
        target = candidates.length ? rng.pick(candidates) : null;
        if (!target) role = 'experience';
      }
      let replyTo: PostPlan | null = null;
      if (role === 'thanks' || role === 'clarify' || role === 'quote') replyTo = target;
      else if (role === 'agree') replyTo = rng.chance(0.5) ? target : null;
      else if (role !== 'spam' && rng.chance(0.12)) {
        const candidates = visibleEarlier(author).filter((p) => p !== opening);
        replyTo = candidates.length ? rng.pick(candidates) : null;
      }

      const extras =
        role === 'answer'
          ? extrasFor(t, author, at, { mention: 0.05, link: 0.15, site: 0.2 })
          : role === 'experience' || role === 'tips' || role === 'quote' || role === 'followup'
            ? extrasFor(t, author, at, { mention: 0.05, link: 0.1, site: 0.06 })
            : undefined;
      const composed = composeReply(rng, subject, role, voice(author, t.lang), {
        target: target ? { username: target.author.username, quote: target.quote } : null,
        extras,
      });
      const post = addPost(t, role, author, at, composed, replyTo);
      if (role === 'answer' && i === acceptedIndex) t.accepted = post;
      if (role === 'spam') post.hidden = true;
      else if (!last && role !== 'answer' && post !== t.accepted && rng.chance(0.003)) {
        post.deletedAt = Math.min(END - 1000, at + rng.int(1, 48) * HOUR);
      }
    }

    if (t.locked) {
      const moderator = t.community.moderators.find((m) => m.languages.includes(t.lang)) ?? t.community.moderators[0];
      const at = times[times.length - 1];
      addPost(t, 'lock', moderator, at, composeReply(rng, subject, 'lock', voice(moderator, t.lang)), null);
    }

    // A few authors come back to fix or complete what they wrote.
    for (const post of t.posts) {
      if (post.hidden || post.deletedAt !== null || post.role === 'lock' || !rng.chance(0.012)) continue;
      const note = composeEditNote(rng, t.lang);
      const body = `${post.body}\n\n${note}`;
      post.edit = { at: Math.min(END - 1000, post.at + rng.int(5, 240) * MINUTE), body: post.body, html: post.html };
      const cooked = cook(body, resolver);
      post.body = body;
      post.html = cooked.html;
    }
  }

  // ---- Ids in order of writing, then every derived row and counter. -------------------------
  allPosts.sort((a, b) => a.at - b.at || a.thread.id - b.thread.id || a.seq - b.seq);
  const postBase = maxId(db, posts);
  allPosts.forEach((p, i) => (p.id = postBase + i + 1));

  const reactionRows: (typeof postReactions.$inferInsert)[] = [];
  const mentionRows: (typeof postMentions.$inferInsert)[] = [];
  const linkRows: (typeof postLinks.$inferInsert)[] = [];
  const revisionRows: (typeof postRevisions.$inferInsert)[] = [];
  const watchRows: (typeof threadWatches.$inferInsert)[] = [];
  const reactionWeights = [50, 20, 15, 15];
  const thanksWeights = [35, 40, 15, 10];

  for (const t of threadPlans) {
    const visible = t.posts.filter((p) => !p.hidden && p.deletedAt === null);
    const lastPostAt = Math.max(...visible.map((p) => p.at));
    t.forum.threadCount++;
    t.forum.postCount += visible.length;
    t.forum.lastPostAt = Math.max(t.forum.lastPostAt ?? 0, lastPostAt);
    t.community.lastActivityAt = Math.max(t.community.lastActivityAt ?? 0, lastPostAt);

    const watchers = new Set<number>();
    for (const p of t.posts) {
      if (!watchers.has(p.author.id)) {
        watchers.add(p.author.id);
        watchRows.push({ threadId: t.id, userId: p.author.id, level: 'watching', createdAt: new Date(p.at) });
      }
      for (const userId of new Set(p.mentions)) mentionRows.push({ postId: p.id, userId });
      for (const targetId of new Set(p.links)) linkRows.push({ postId: p.id, linkType: 'institution', targetId });
      if (p.edit) {
        revisionRows.push({ postId: p.id, editorId: p.author.id, body: p.edit.body, bodyHtml: p.edit.html, createdAt: new Date(p.at) });
      }
      if (p.hidden || p.deletedAt !== null || p.role === 'lock') continue;
      // Reactions from members who had joined, each person once per post.
      const accepted = p === t.accepted;
      let count = rng.chance(0.45) ? 0 : 1 + Math.floor(rng.exponential(1.6));
      if (accepted) count += rng.int(2, 5);
      if (p.role === 'welcome') count += rng.int(3, 8);
      const eligible = joinedBefore(t.community.active, p.at);
      const reactors = new Set<number>();
      for (let attempt = 0; eligible > 0 && reactors.size < Math.min(count, 14) && attempt < count * 4; attempt++) {
        const m = t.community.active[rng.int(0, eligible - 1)];
        if (m && m.person.id !== p.author.id) reactors.add(m.person.id);
      }
      for (const userId of reactors) {
        reactionRows.push({
          postId: p.id,
          userId,
          kind: rng.weighted(REACTION_KINDS, accepted || p.role === 'answer' ? thanksWeights : reactionWeights),
          createdAt: new Date(Math.min(END - 1000, p.at + MINUTE + Math.floor(rng.exponential(8 * HOUR)))),
        });
      }
    }
  }

  const threadRows: (typeof threads.$inferInsert)[] = threadPlans.map((t) => {
    const visible = t.posts.filter((p) => !p.hidden && p.deletedAt === null);
    return {
      id: t.id,
      forumId: t.forum.id,
      communityId: t.community.id,
      authorId: t.author.id,
      title: t.title,
      kind: t.kind,
      language: t.lang,
      pinned: t.pinned,
      locked: t.locked,
      hidden: false,
      firstPostId: t.posts[0].id,
      acceptedPostId: t.accepted?.id ?? null,
      postCount: visible.length,
      lastPostAt: new Date(Math.max(...visible.map((p) => p.at))),
      createdAt: new Date(t.createdAt),
    };
  });
  const postRows: (typeof posts.$inferInsert)[] = allPosts.map((p) => ({
    id: p.id,
    threadId: p.thread.id,
    authorId: p.author.id,
    replyToPostId: p.replyTo?.id ?? null,
    body: p.body,
    bodyHtml: p.html,
    hidden: p.hidden,
    createdAt: new Date(p.at),
    editedAt: p.edit ? new Date(p.edit.at) : null,
    deletedAt: p.deletedAt === null ? null : new Date(p.deletedAt),
    revisionCount: p.edit ? 1 : 0,
  }));

  // ---- Write. ---------------------------------------------------------------------------------
  db.transaction((tx) => {
    tx.insert(communities)
      .values(
        plans.map((c) => ({
          id: c.id,
          slug: c.seed.slug,
          name: c.seed.name,
          description: c.seed.description,
          visibility: c.seed.visibility,
          joinPolicy: c.seed.joinPolicy,
          ownerId: admin.id,
          memberCount: c.active.length,
          lastActivityAt: c.lastActivityAt === null ? null : new Date(c.lastActivityAt),
          createdAt: new Date(c.createdAt),
        })),
      )
      .run();
    tx.insert(forums)
      .values(
        plans.flatMap((c) =>
          c.forums.map((f) => ({
            id: f.id,
            communityId: c.id,
            slug: f.seed.slug,
            name: f.seed.name,
            description: f.seed.description,
            position: f.position,
            threadCount: f.threadCount,
            postCount: f.postCount,
            lastPostAt: f.lastPostAt === null ? null : new Date(f.lastPostAt),
            createdAt: new Date(f.createdAt),
          })),
        ),
      )
      .run();
    const membershipRows = plans.flatMap((c) =>
      c.memberships.map((m) => ({
        communityId: c.id,
        userId: m.person.id,
        role: m.role,
        status: m.status,
        createdAt: new Date(m.joinedAt),
        updatedAt: new Date(m.joinedAt),
      })),
    );
    insertBatches(tx as unknown as Db, communityMembers, membershipRows, 1000);
  });

  progress(`forums: writing ${threadRows.length} threads, ${postRows.length} posts, ${reactionRows.length} reactions`);
  db.transaction((tx) => {
    const w = tx as unknown as Db;
    insertBatches(w, threads, threadRows, 500);
    insertBatches(w, posts, postRows, 400);
    insertBatches(w, postRevisions, revisionRows, 500);
    insertBatches(w, postReactions, reactionRows, 1000);
    insertBatches(w, postMentions, mentionRows, 1000);
    insertBatches(w, postLinks, linkRows, 1000);
    insertBatches(w, threadWatches, watchRows, 1000);
  });
  progress(`forums: done (${threadRows.length} threads, ${postRows.length} posts)`);

  return {
    members: members.length,
    communities: plans.length,
    forums: forumCount,
    memberships: membershipCount,
    threads: threadRows.length,
    posts: postRows.length,
    reactions: reactionRows.length,
  };
}
