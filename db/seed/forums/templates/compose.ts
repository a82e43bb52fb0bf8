/**
 * Puts the building blocks together into titles, opening posts and replies that read like an
 * exchange between practitioners. Every choice goes through the seeded Random, so the same
 * sequence of calls gives the same text.
 */
import { COMMON } from './common.ts';
import type { Random } from './random.ts';
import type { CommonText, Lang, ThemeContent, ThemeText } from './types.ts';

/** Who is writing, as the text needs it. */
export interface Voice {
  username: string;
  displayName: string;
  acronym: string;
  city: string;
  /** The author's country, named in the language of the post. */
  country: string;
}

/** What a thread is about: fixed once, shared by its opening post and its replies. */
export interface ThreadSubject {
  lang: Lang;
  text: ThemeText;
  common: CommonText;
  topic: string;
  sector: string;
  audience: string;
}

export interface Composed {
  /** Markdown. */
  body: string;
  /** A plain sentence of the post that a later reply may quote; null when there is none. */
  quote: string | null;
}

export interface Extras {
  /** A username to mention. */
  mention?: string | null;
  /** An institution to cite as a typed link. */
  institutionId?: number | null;
  /** Adds a link to the OIT/Cinterfor site. */
  siteLink?: boolean;
}

export type ReplyRole = 'answer' | 'experience' | 'tips' | 'followup' | 'clarify' | 'thanks' | 'agree' | 'quote' | 'lock' | 'spam';

export interface ReplyContext {
  /** The post replied to or thanked, with its author. */
  target?: { username: string; quote: string | null } | null;
  extras?: Extras;
}

const capitalize = (text: string) => (text ? text[0].toUpperCase() + text.slice(1) : text);
/** Lower-cases the first letter, past an opening ¿ or ¡. */
const lowerFirst = (text: string) => text.replace(/^([¿¡]?)(\p{L})/u, (_m, mark: string, letter: string) => mark + letter.toLowerCase());

/** Fills {key} placeholders; {Key} gives the capitalized value; {a} {b} {n} {m} {hours} {years} are numbers. */
export function fill(rng: Random, template: string, vars: Record<string, string> = {}): string {
  const a = rng.int(22, 58);
  const numbers: Record<string, string> = {
    a: String(a),
    b: String(a + rng.int(8, 30)),
    n: String(rng.int(4, 95) * 10 + rng.int(0, 9)),
    hours: String(rng.pick([480, 640, 800, 960, 1200, 1440])),
    years: String(rng.int(6, 28)),
  };
  numbers.m = String(Number(numbers.n) + rng.int(5, 60));
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => {
    if (key in vars) return vars[key];
    const lower = key[0].toLowerCase() + key.slice(1);
    if (lower !== key && lower in vars) return capitalize(vars[lower]);
    if (key in numbers) return numbers[key];
    throw new Error(`template placeholder without a value: ${whole} in "${template}"`);
  });
}

export function subjectFor(rng: Random, lang: Lang, theme: ThemeContent): ThreadSubject {
  const common = COMMON[lang];
  const text = theme[lang];
  return { lang, text, common, topic: rng.pick(text.topics), sector: rng.pick(common.sectors), audience: rng.pick(common.audiences) };
}

function voiceVars(s: ThreadSubject, voice: Voice): Record<string, string> {
  return {
    inst: voice.acronym,
    city: voice.city,
    country: voice.country,
    topic: s.topic,
    sector: s.sector,
    audience: s.audience,
    name: voice.displayName,
  };
}

export function composeTitle(rng: Random, s: ThreadSubject, kind: 'question' | 'discussion', voice: Voice): string {
  const own = s.text.titles.filter((t) => t.trimEnd().endsWith('?') === (kind === 'question'));
  const frames = kind === 'question' ? s.common.questionTitles : s.common.discussionTitles;
  const template = own.length > 0 && rng.chance(0.4) ? rng.pick(own) : rng.pick(frames);
  return fill(rng, template, voiceVars(s, voice));
}

function practiceList(rng: Random, s: ThreadSubject, count: number, ordered: boolean, boldFirst: boolean): string {
  return rng
    .sample(s.text.practices, count)
    .map((p, i) => {
      const item = `${capitalize(p)}.`;
      return `${ordered ? `${i + 1}.` : '-'} ${boldFirst && i === 0 ? `**${item}**` : item}`;
    })
    .join('\n');
}

function tipList(rng: Random, s: ThreadSubject, count: number, ordered: boolean, boldFirst: boolean): string {
  return rng
    .sample(s.text.tips, count)
    .map((t, i) => `${ordered ? `${i + 1}.` : '-'} ${boldFirst && i === 0 ? `**${t}**` : t}`)
    .join('\n');
}

function table(rng: Random, s: ThreadSubject): string {
  const [h1, h2, h3] = s.common.tableHeader;
  const rows = rng.sample(s.common.tableRows, 3).map((label) => {
    let before: number;
    let after: number;
    if (label.includes('%')) {
      before = rng.int(25, 65);
      after = Math.min(98, before + rng.int(5, 25));
    } else {
      before = rng.int(2, 40) * 10;
      after = before + rng.int(2, 30) * 10;
    }
    return `| ${label} | ${before} | ${after} |`;
  });
  return [`| ${h1} | ${h2} | ${h3} |`, '|---|---:|---:|', ...rows].join('\n');
}

function extrasParagraphs(rng: Random, s: ThreadSubject, vars: Record<string, string>, extras: Extras | undefined): string[] {
  const out: string[] = [];
  if (!extras) return out;
  if (extras.institutionId) out.push(fill(rng, rng.pick(s.common.institutionLines), { ...vars, ref: `[[institution:${extras.institutionId}]]` }));
  if (extras.siteLink) out.push(rng.pick(s.common.linkLines));
  if (extras.mention) out.push(fill(rng, rng.pick(s.common.mentionLines), { ...vars, user: extras.mention }));
  return out;
}

/** The first post of a thread. */
export function composeOpening(rng: Random, s: ThreadSubject, kind: 'question' | 'discussion', voice: Voice, extras?: Extras): Composed {
  const vars = voiceVars(s, voice);
  const c = s.common;
  const paragraphs: string[] = [];
  const greeting = rng.chance(0.65) ? fill(rng, rng.pick(c.greetings), vars) : '';
  if (greeting) paragraphs.push(greeting);

  const context = fill(rng, rng.pick(c.contexts), vars);
  const challenge = rng.pick(s.text.challenges);
  const challengeFrame = rng.pick(c.challengeFrames);
  const plainChallenge = fill(rng, challengeFrame, { challenge });
  const withChallenge = rng.chance(0.75);
  const shownChallenge = rng.chance(0.3) ? fill(rng, challengeFrame, { challenge: `**${challenge}**` }) : plainChallenge;
  paragraphs.push(withChallenge ? `${context} ${shownChallenge}` : context);

  let quote: string | null = withChallenge ? plainChallenge : context;
  if (rng.chance(0.4)) {
    paragraphs.push(`${rng.pick(c.practiceIntros)}\n\n${practiceList(rng, s, rng.int(2, 4), rng.chance(0.3), rng.chance(0.2))}`);
  } else if (rng.chance(0.4)) {
    paragraphs.push(fill(rng, rng.pick(c.practiceFrames), { ...vars, practice: rng.pick(s.text.practices) }));
  }
  if (rng.chance(0.3)) {
    const result = fill(rng, rng.pick(c.resultFrames), { result: fill(rng, rng.pick(s.text.results)) });
    paragraphs.push(result);
    if (!withChallenge) quote = result;
  }
  if (rng.chance(0.04)) paragraphs.push(`${rng.pick(c.tableIntro)}\n\n${table(rng, s)}`);
  paragraphs.push(...extrasParagraphs(rng, s, vars, extras));

  if (kind === 'question') {
    paragraphs.push(fill(rng, rng.pick(c.questionFrames), { question: rng.pick(s.text.questions) }));
    if (rng.chance(0.25)) paragraphs.push(rng.pick(c.followUps));
  } else {
    const prompt = rng.pick(c.discussionPrompts);
    paragraphs.push(rng.chance(0.3) ? `${prompt} ${rng.pick(s.text.questions)}` : prompt);
  }
  if (rng.chance(0.7)) paragraphs.push(fill(rng, rng.pick(c.closings), vars));
  return { body: paragraphs.join('\n\n'), quote };
}

/** A reply in a thread; `role` says what kind of contribution it is. */
export function composeReply(rng: Random, s: ThreadSubject, role: ReplyRole, voice: Voice, context: ReplyContext = {}): Composed {
  const vars = voiceVars(s, voice);
  const c = s.common;
  const target = context.target ?? null;
  const paragraphs: string[] = [];
  let quote: string | null = null;
  const opener = () => {
    const line = rng.pick(c.replyOpeners);
    if (line) paragraphs.push(line);
  };
  const experience = () => {
    const line = fill(rng, rng.pick(c.experienceFrames), { ...vars, practice: rng.pick(s.text.practices) });
    quote ??= line;
    return line;
  };
  const result = () => fill(rng, rng.pick(c.resultFrames), { result: fill(rng, rng.pick(s.text.results)) });

  switch (role) {
    case 'answer': {
      paragraphs.push(fill(rng, rng.pick(c.answerIntros), vars));
      if (rng.chance(0.5)) paragraphs.push(experience());
      paragraphs.push(`${rng.pick(c.tipsIntros)}\n\n${tipList(rng, s, rng.int(3, 4), rng.chance(0.6), rng.chance(0.35))}`);
      if (rng.chance(0.6)) {
        const r = result();
        quote ??= r;
        paragraphs.push(r);
      }
      if (rng.chance(0.05)) paragraphs.push(`${rng.pick(c.tableIntro)}\n\n${table(rng, s)}`);
      paragraphs.push(...extrasParagraphs(rng, s, vars, context.extras));
      if (rng.chance(0.4)) paragraphs.push(rng.pick(c.replyClosings));
      break;
    }
    case 'experience': {
      opener();
      const line = experience();
      paragraphs.push(rng.chance(0.6) ? `${line} ${result()}` : line);
      if (rng.chance(0.3)) paragraphs.push(fill(rng, rng.pick(c.challengeFrames), { challenge: rng.pick(s.text.challenges) }));
      if (rng.chance(0.05)) paragraphs.push(`${rng.pick(c.tableIntro)}\n\n${table(rng, s)}`);
      paragraphs.push(...extrasParagraphs(rng, s, vars, context.extras));
      if (rng.chance(0.25)) paragraphs.push(rng.pick(c.replyClosings));
      break;
    }
    case 'tips': {
      opener();
      paragraphs.push(`${rng.pick(c.tipsIntros)}\n\n${tipList(rng, s, rng.int(2, 4), false, rng.chance(0.3))}`);
      quote = rng.pick(s.text.tips);
      paragraphs.push(...extrasParagraphs(rng, s, vars, context.extras));
      break;
    }
    case 'followup': {
      const lead = rng.pick(c.followUpLeads);
      const asked = rng.chance(0.2) ? [rng.pick(s.text.questions)] : rng.sample(c.followUps, rng.chance(0.3) ? 2 : 1);
      let questions = asked.join(' ');
      if (target && rng.chance(0.4)) questions = `@${target.username}, ${lowerFirst(questions)}`;
      else if (lead) questions = `${lead} ${lead.endsWith(':') ? lowerFirst(questions) : questions}`;
      paragraphs.push(rng.chance(0.6) ? `${questions} ${fill(rng, rng.pick(c.followUpReasons), vars)}` : questions);
      paragraphs.push(...extrasParagraphs(rng, s, vars, context.extras));
      break;
    }
    case 'clarify': {
      const detail = fill(rng, rng.pick(c.clarifications));
      const line = fill(rng, rng.pick(c.clarifyFrames), { user: target?.username ?? voice.username, detail });
      paragraphs.push(rng.chance(0.35) ? `${line} ${result()}` : line);
      quote = `${capitalize(detail)}.`;
      break;
    }
    case 'thanks': {
      paragraphs.push(fill(rng, rng.pick(c.thanksFrames), { user: target?.username ?? voice.username, tip: rng.pick(s.text.tips) }));
      break;
    }
    case 'agree': {
      const line = fill(rng, rng.pick(c.agreements), { user: target?.username ?? voice.username, country: voice.country });
      paragraphs.push(rng.chance(0.5) ? `${line} ${experience()}` : `${line} ${rng.pick(s.text.tips)}`);
      break;
    }
    case 'quote': {
      const quoted = target?.quote ?? rng.pick(s.text.challenges);
      paragraphs.push(`> ${quoted}`);
      paragraphs.push(`${rng.pick(c.quoteResponses)} ${rng.chance(0.5) ? rng.pick(s.text.tips) : experience()}`);
      paragraphs.push(...extrasParagraphs(rng, s, vars, context.extras));
      break;
    }
    case 'lock': {
      paragraphs.push(rng.pick(c.lockNotes));
      break;
    }
    case 'spam': {
      paragraphs.push(rng.pick(c.spam));
      break;
    }
  }
  return { body: paragraphs.join('\n\n'), quote };
}

/** The pinned welcome thread of a community. */
export function composeWelcome(lang: Lang, community: { name: string; description: string }): { title: string; body: string } {
  const c = COMMON[lang];
  const replace = (text: string) => text.replaceAll('{name}', community.name).replaceAll('{description}', community.description);
  return { title: replace(c.welcomeTitle), body: replace(c.welcomeBody.join('\n')) };
}

/** A member introducing themselves in a welcome thread. */
export function composeIntroduction(rng: Random, lang: Lang, voice: Voice, area: string): string {
  return fill(rng, rng.pick(COMMON[lang].introductions), {
    name: voice.displayName,
    inst: voice.acronym,
    country: voice.country,
    area,
  });
}

/** The note an author adds when editing a post. */
export function composeEditNote(rng: Random, lang: Lang): string {
  return fill(rng, rng.pick(COMMON[lang].editNotes));
}
