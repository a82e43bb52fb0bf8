/**
 * Posts: each thread's opening post and replies, composed from the templates and timed after
 * one another, with the moderation marks (spam hidden, a few posts deleted, a lock notice),
 * the accepted answers and a few later edits. The text is Markdown; cook.ts renders it.
 */
import { DAY, END, HOUR, MINUTE } from './clock.ts';
import { expertBoost, pickMember } from './sampling.ts';
import {
  composeEditNote,
  composeIntroduction,
  composeOpening,
  composeReply,
  composeTitle,
  composeWelcome,
  subjectFor,
  THEMES,
  type Composed,
  type Extras,
  type Lang,
  type Random,
  type ReplyRole,
  type ThreadSubject,
  type Voice,
} from './templates/index.ts';
import type { Cast, Membership, Person, PostPlan, ThreadPlan } from './types.ts';

/** Share of questions with at least one reply whose answer gets accepted (~60 % of all questions). */
const ACCEPT_SHARE = 0.6;
/** How often a post mentions someone, cites an institution, links to the network's site. */
const OPENING_EXTRAS = { mention: 0.12, link: 0.15, site: 0.1 };
const ANSWER_EXTRAS = { mention: 0.05, link: 0.15, site: 0.2 };
const SHARING_EXTRAS = { mention: 0.05, link: 0.1, site: 0.06 };

/** What composing needs across threads: the PRNG, the people, and the titles already used. */
export interface Composer {
  rng: Random;
  cast: Cast;
  titles: Set<string>;
}

export function createComposer(rng: Random, cast: Cast): Composer {
  return { rng, cast, titles: new Set<string>() };
}

export function composeThreadPosts(c: Composer, t: ThreadPlan): void {
  if (t.welcome) composeWelcomeThread(c, t);
  else composeDiscussion(c, t);
}

/** Numbers every post after `postBase`, in order of writing; returns them in that order. */
export function numberPosts(threadPlans: ThreadPlan[], postBase: number): PostPlan[] {
  const allPosts = threadPlans.flatMap((t) => t.posts);
  allPosts.sort((a, b) => a.at - b.at || a.thread.id - b.thread.id || a.seq - b.seq);
  allPosts.forEach((p, i) => (p.id = postBase + i + 1));
  return allPosts;
}

function voice(c: Composer, p: Person, lang: Lang): Voice {
  return {
    username: p.username,
    displayName: p.displayName,
    acronym: p.institution.acronym,
    city: p.institution.city ?? '',
    country: c.cast.countryNames.get(p.countryCode)?.[lang] ?? p.countryCode,
  };
}

function addPost(t: ThreadPlan, role: PostPlan['role'], author: Person, at: number, composed: Composed, replyTo: PostPlan | null): PostPlan {
  const post: PostPlan = {
    id: 0,
    thread: t,
    seq: t.posts.length,
    role,
    author,
    at,
    body: composed.body,
    html: '',
    quote: composed.quote,
    replyTo,
    hidden: false,
    deletedAt: null,
    edit: null,
    mentions: [],
    links: [],
  };
  t.posts.push(post);
  return post;
}

function uniqueTitle(c: Composer, make: () => string, fallback: string): string {
  let title = make();
  for (let attempt = 0; attempt < 12 && c.titles.has(title); attempt++) title = make();
  if (c.titles.has(title)) title = `${title} (${fallback})`;
  for (let n = 2; c.titles.has(title); n++) title = `${title.replace(/ #\d+$/, '')} #${n}`;
  c.titles.add(title);
  return title;
}

/** The community's welcome post, then introductions, each a little after the member joined. */
function composeWelcomeThread(c: Composer, t: ThreadPlan): void {
  const { title, body } = composeWelcome(t.lang, { name: t.community.seed.name, description: t.community.seed.description });
  t.title = uniqueTitle(c, () => title, t.community.seed.slug);
  addPost(t, 'welcome', t.author, t.createdAt, { body, quote: null }, null);
  const speakers = t.community.speakers[t.lang].filter((m) => m.person !== t.author && m.person.id !== c.cast.admin.id && m.joinedAt < END - 10 * DAY);
  const introducers = c.rng
    .sample(speakers, c.rng.int(4, 9))
    .map((m) => ({ m, at: Math.max(t.createdAt + HOUR, m.joinedAt + HOUR + c.rng.int(0, 96) * HOUR) }))
    .sort((a, b) => a.at - b.at || a.m.person.id - b.m.person.id);
  let last = t.createdAt;
  for (const { m, at } of introducers) {
    last = Math.max(last + 1000, at);
    const area = THEMES[m.person.interests[0]][t.lang].specialty;
    addPost(t, 'intro', m.person, last, { body: composeIntroduction(c.rng, t.lang, voice(c, m.person, t.lang), area), quote: null }, null);
  }
}

/** What the replies of a discussion share: its subject, its opening post, and which reply gets accepted. */
interface Scene {
  t: ThreadPlan;
  subject: ThreadSubject;
  op: Person;
  opening: PostPlan;
  /** 1-based index of the accepted answer among the replies; 0 for none. */
  acceptedIndex: number;
  /** Who may reply: the members who speak the thread's language, when there are enough of them. */
  pool: Membership[];
}

/** A question or discussion: title, opening post, replies, the lock notice, later edits. */
function composeDiscussion(c: Composer, t: ThreadPlan): void {
  const subject = subjectFor(c.rng, t.lang, THEMES[t.community.seed.theme]);
  t.sector = subject.common.sectors.indexOf(subject.sector);
  const op = t.author;
  t.title = uniqueTitle(c, () => composeTitle(c.rng, subject, t.kind, voice(c, op, t.lang)), voice(c, op, t.lang).acronym);
  const extras = extrasFor(c, t, op, t.createdAt, OPENING_EXTRAS);
  const opening = addPost(t, 'opening', op, t.createdAt, composeOpening(c.rng, subject, t.kind, voice(c, op, t.lang), extras), null);

  const times = replyTimes(c.rng, t.createdAt, t.replies + (t.locked ? 1 : 0));
  const acceptedIndex = t.kind === 'question' && t.replies > 0 && c.rng.chance(ACCEPT_SHARE) ? c.rng.int(1, Math.min(t.replies, 4)) : 0;
  const pool = t.community.speakers[t.lang].length > 3 ? t.community.speakers[t.lang] : t.community.active;
  const scene: Scene = { t, subject, op, opening, acceptedIndex, pool };
  for (let i = 1; i <= t.replies; i++) addReply(c, scene, i, times[i - 1]);

  if (t.locked) addLockNotice(c, t, subject, times[times.length - 1]);
  addEdits(c, t);
}

/** Reply times after `from`: quick first answers, then slower; squeezed to end before "now". */
function replyTimes(rng: Random, from: number, count: number): number[] {
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
}

function extrasFor(c: Composer, t: ThreadPlan, author: Person, at: number, p: { mention: number; link: number; site: number }): Extras {
  const extras: Extras = {};
  if (c.rng.chance(p.mention)) {
    extras.mention = pickMember(c.rng, t.community.active, at, new Set([author.id]), expertBoost(t.community))?.username ?? null;
  }
  if (c.rng.chance(p.link)) {
    const other = c.rng.pick(c.cast.institutions);
    if (other.id !== author.institution.id) extras.institutionId = other.id;
  }
  extras.siteLink = c.rng.chance(p.site);
  return extras;
}

function visibleEarlier(t: ThreadPlan, exceptAuthor?: Person): PostPlan[] {
  return t.posts.filter((p) => !p.hidden && p.deletedAt === null && p.author !== exceptAuthor);
}

/** The i-th reply; skipped when nobody else had joined yet (the thread stays shorter). */
function addReply(c: Composer, s: Scene, i: number, at: number): void {
  const prev = s.t.posts[s.t.posts.length - 1];
  const last = i === s.t.replies;
  const chosen = chooseRole(c, s, i, prev, last);
  const author = chosen.author ?? pickReplyAuthor(c, s, chosen.role, prev, at);
  if (!author) return;
  const { role, target } = chosen.role === 'agree' || chosen.role === 'quote' ? pickQuoted(c, s, chosen.role, author) : chosen;
  const replyTo = pickReplyTo(c, s, role, target, author);
  const extras = extrasForRole(c, s.t, role, author, at);
  const composed = composeReply(c.rng, s.subject, role, voice(c, author, s.t.lang), {
    target: target ? { username: target.author.username, quote: target.quote } : null,
    extras,
  });
  const post = addPost(s.t, role, author, at, composed, replyTo);
  markReply(c, s, post, i, last);
}

interface RoleChoice {
  role: ReplyRole;
  /** Set when the role decides who writes (the thread's author). */
  author: Person | null;
  target: PostPlan | null;
}

/** The accepted answer where planned; the author clarifying or thanking; rare spam; otherwise by weight. */
function chooseRole(c: Composer, s: Scene, i: number, prev: PostPlan, last: boolean): RoleChoice {
  const { t, op, acceptedIndex } = s;
  if (i === acceptedIndex) return { role: 'answer', author: null, target: null };
  if (prev.role === 'followup' && prev.author !== op && prev.deletedAt === null && c.rng.chance(0.6)) return { role: 'clarify', author: op, target: prev };
  if (acceptedIndex > 0 && i === acceptedIndex + 1 && t.accepted && c.rng.chance(0.6)) return { role: 'thanks', author: op, target: t.accepted };
  if (!last && c.rng.chance(0.004)) return { role: 'spam', author: null, target: null };
  const role = c.rng.weighted<ReplyRole>(
    ['experience', 'tips', 'answer', 'followup', 'agree', 'quote', 'thanks'],
    t.kind === 'question' ? [26, 14, 20, 14, 10, 9, 7] : [32, 14, 6, 16, 14, 11, 7],
  );
  if (role !== 'thanks') return { role, author: null, target: null };
  const candidates = visibleEarlier(t, op).filter((p) => p !== s.opening);
  return candidates.length === 0 ? { role: 'experience', author: null, target: null } : { role, author: op, target: c.rng.pick(candidates) };
}

/** Someone other than the thread's author and the previous writer; answers come more from specialists and moderators. */
function pickReplyAuthor(c: Composer, s: Scene, role: ReplyRole, prev: PostPlan, at: number): Person | null {
  const exclude = new Set([s.op.id, prev.author.id]);
  const boost = role === 'answer' ? expertBoost(s.t.community) : undefined;
  return pickMember(c.rng, s.pool, at, exclude, boost) ?? pickMember(c.rng, s.t.community.active, at, new Set([s.op.id]));
}

/** The post an 'agree' or 'quote' reply refers to; without one it becomes an 'experience'. */
function pickQuoted(c: Composer, s: Scene, role: 'agree' | 'quote', author: Person): { role: ReplyRole; target: PostPlan | null } {
  const candidates = visibleEarlier(s.t, author).filter((p) => role === 'agree' || p.quote !== null);
  const target = candidates.length ? c.rng.pick(candidates) : null;
  return { role: target ? role : 'experience', target };
}

function pickReplyTo(c: Composer, s: Scene, role: ReplyRole, target: PostPlan | null, author: Person): PostPlan | null {
  if (role === 'thanks' || role === 'clarify' || role === 'quote') return target;
  if (role === 'agree') return c.rng.chance(0.5) ? target : null;
  if (role !== 'spam' && c.rng.chance(0.12)) {
    const candidates = visibleEarlier(s.t, author).filter((p) => p !== s.opening);
    return candidates.length ? c.rng.pick(candidates) : null;
  }
  return null;
}

function extrasForRole(c: Composer, t: ThreadPlan, role: ReplyRole, author: Person, at: number): Extras | undefined {
  if (role === 'answer') return extrasFor(c, t, author, at, ANSWER_EXTRAS);
  if (role === 'experience' || role === 'tips' || role === 'quote' || role === 'followup') return extrasFor(c, t, author, at, SHARING_EXTRAS);
  return undefined;
}

/** Acceptance and moderation marks: the planned answer is accepted, spam is hidden, a few posts get deleted. */
function markReply(c: Composer, s: Scene, post: PostPlan, i: number, last: boolean): void {
  if (post.role === 'answer' && i === s.acceptedIndex) s.t.accepted = post;
  if (post.role === 'spam') post.hidden = true;
  else if (!last && post.role !== 'answer' && post !== s.t.accepted && c.rng.chance(0.003)) {
    post.deletedAt = Math.min(END - 1000, post.at + c.rng.int(1, 48) * HOUR);
  }
}

/** A moderator who speaks the thread's language closes it. */
function addLockNotice(c: Composer, t: ThreadPlan, subject: ThreadSubject, at: number): void {
  const moderator = t.community.moderators.find((m) => m.languages.includes(t.lang)) ?? t.community.moderators[0];
  addPost(t, 'lock', moderator, at, composeReply(c.rng, subject, 'lock', voice(c, moderator, t.lang)), null);
}

/** A few authors come back to fix or complete what they wrote; the text before is kept for the revision. */
function addEdits(c: Composer, t: ThreadPlan): void {
  for (const post of t.posts) {
    if (post.hidden || post.deletedAt !== null || post.role === 'lock' || !c.rng.chance(0.012)) continue;
    const note = composeEditNote(c.rng, t.lang);
    post.edit = { at: Math.min(END - 1000, post.at + c.rng.int(5, 240) * MINUTE), body: post.body, html: '' };
    post.body = `${post.body}\n\n${note}`;
  }
}
