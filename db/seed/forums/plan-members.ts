/**
 * People and memberships: the synthetic members as people who write, and each community of
 * practice with its forums, its moderators and its members (active, pending, banned), joined
 * over time. Each community draws from its own PRNG stream.
 */
import { DEMO_ACCOUNTS } from '../data/people.ts';
import { HOUR, DAY, END, MINUTE } from './clock.ts';
import { COMMUNITIES, type CommunitySeed } from './communities.ts';
import type { InstitutionInfo, MemberSeed } from './people.ts';
import { LANGS, Random, type Lang } from './templates/index.ts';
import type { Cast, CommunityPlan, ForumPlan, Membership, Person } from './types.ts';

/** The synthetic members as people, with the ids their rows got. */
export function membersAsPeople(seeds: MemberSeed[], idByUsername: Map<string, number>, institutionById: Map<number, InstitutionInfo>): Person[] {
  return seeds.map((m) => ({
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
}

/** Every community of practice, numbered after `communityBase`, its forums after `forumBase`. */
export function planCommunities(cast: Cast, communityBase: number, forumBase: number): CommunityPlan[] {
  let forumId = forumBase;
  return COMMUNITIES.map((seed, index) => {
    const createdAt = Date.UTC(2025, 3, 1 + index * 2, 13, 0, 0);
    const forums = planForums(seed, createdAt, forumId);
    forumId += forums.length;
    return planCommunity(cast, seed, index, communityBase + index + 1, createdAt, forums);
  });
}

function planForums(seed: CommunitySeed, createdAt: number, lastId: number): ForumPlan[] {
  return seed.forums.map((f, position) => ({
    id: lastId + position + 1,
    seed: f,
    position,
    createdAt: createdAt + (position + 1) * 10 * MINUTE,
    threadCount: 0,
    postCount: 0,
    lastPostAt: null,
  }));
}

function planCommunity(cast: Cast, seed: CommunitySeed, index: number, id: number, createdAt: number, forums: ForumPlan[]): CommunityPlan {
  const crng = new Random(`minga:forums:community:${seed.slug}`);
  const roll = new Roll(cast.admin, createdAt);
  if (seed.luciaModerates) roll.add(cast.lucia, 'moderator', 'active', createdAt + HOUR);
  enrolDemoAccounts(roll, cast, seed, crng, createdAt);

  const ranked = rankByAffinity(cast.members, seed, crng);
  const moderators = chooseModerators(ranked, seed);
  for (const m of moderators) roll.add(m, 'moderator', 'active', createdAt + 2 * HOUR);
  enrolRegularMembers(roll, ranked, seed, crng, createdAt);
  enrolPendingMembers(roll, ranked, seed, crng);

  const active = activeByJoinDate(roll.memberships);
  return {
    id,
    index,
    seed,
    createdAt,
    forums,
    memberships: roll.memberships,
    active,
    speakers: speakersOf(active),
    moderators: [...(seed.luciaModerates ? [cast.lucia] : []), ...moderators, cast.admin],
    lastActivityAt: null,
  };
}

/** The memberships of one community, in the order they are planned; the admin moderates every community. */
class Roll {
  readonly memberships: Membership[];
  readonly taken: Set<number>;

  constructor(admin: Person, createdAt: number) {
    this.memberships = [{ person: admin, role: 'moderator', status: 'active', joinedAt: createdAt }];
    this.taken = new Set<number>([admin.id]);
  }

  add(person: Person, role: Membership['role'], status: Membership['status'], joinedAt: number): void {
    this.memberships.push({ person, role, status, joinedAt });
    this.taken.add(person.id);
  }

  countActive(): number {
    return this.memberships.filter((m) => m.status === 'active').length;
  }
}

/** Every demo account joins a public community; a private one has those its seed lists, active or pending. */
function enrolDemoAccounts(roll: Roll, cast: Cast, seed: CommunitySeed, crng: Random, createdAt: number): void {
  for (const account of DEMO_ACCOUNTS) {
    const person = cast.demo.get(account.username)!;
    if (roll.taken.has(person.id)) continue;
    const status =
      seed.visibility === 'public' ? 'active' : seed.privateDemoMembers?.[account.username as keyof NonNullable<CommunitySeed['privateDemoMembers']>];
    if (!status) continue;
    roll.add(person, 'member', status, status === 'pending' ? END - crng.int(3, 20) * DAY : createdAt + crng.int(1, 10) * DAY + crng.int(0, 23) * HOUR);
  }
}

/** Synthetic members, drawn by affinity with the theme (weighted sampling without replacement). */
function rankByAffinity(members: Person[], seed: CommunitySeed, crng: Random): Person[] {
  const affinity = (m: Person) =>
    1 +
    (m.interests.includes(seed.theme) ? 4 : 0) +
    (seed.lead === 'pt' && m.languages.includes('pt') ? 5 : 0) +
    (m.specialist && m.interests[0] === seed.theme ? 1000 : 0);
  return members
    .map((m) => ({ m, key: Math.pow(crng.next(), 1 / affinity(m)) }))
    .sort((a, b) => b.key - a.key || a.m.id - b.m.id)
    .map((x) => x.m);
}

/** Among the 30 closest members who speak the lead language: the theme's specialists first, then native speakers, then the most active. */
function chooseModerators(ranked: Person[], seed: CommunitySeed): Person[] {
  const isThemeSpecialist = (m: Person) => m.specialist && m.interests[0] === seed.theme;
  return ranked
    .slice(0, 30)
    .filter((m) => m.languages.includes(seed.lead))
    .sort(
      (a, b) =>
        Number(isThemeSpecialist(b)) - Number(isThemeSpecialist(a)) ||
        Number(b.languages[0] === seed.lead) - Number(a.languages[0] === seed.lead) ||
        b.activity - a.activity ||
        a.id - b.id,
    )
    .slice(0, seed.moderators);
}

/** Fills the community up to its size, joins spread over time (more early on); the last few are banned. */
function enrolRegularMembers(roll: Roll, ranked: Person[], seed: CommunitySeed, crng: Random, createdAt: number): void {
  const regular = ranked.filter((m) => !roll.taken.has(m.id)).slice(0, Math.max(0, seed.members - roll.countActive()));
  const joinSpan = END - 30 * DAY - createdAt;
  regular.forEach((m, i) => {
    const banned = i >= regular.length - seed.banned;
    roll.add(m, 'member', banned ? 'banned' : 'active', createdAt + 3 * HOUR + Math.floor(joinSpan * Math.pow(crng.next(), 2.2)));
  });
}

/** Recent requests still waiting for approval. */
function enrolPendingMembers(roll: Roll, ranked: Person[], seed: CommunitySeed, crng: Random): void {
  ranked
    .filter((m) => !roll.taken.has(m.id))
    .slice(0, seed.pending)
    .forEach((m) => roll.add(m, 'member', 'pending', END - crng.int(2, 40) * DAY - crng.int(0, 23) * HOUR));
}

function activeByJoinDate(memberships: Membership[]): Membership[] {
  return memberships.filter((m) => m.status === 'active').sort((a, b) => a.joinedAt - b.joinedAt || a.person.id - b.person.id);
}

function speakersOf(active: Membership[]): Record<Lang, Membership[]> {
  return Object.fromEntries(LANGS.map((l) => [l, active.filter((m) => m.person.languages.includes(l))])) as Record<Lang, Membership[]>;
}
