/** The shapes of the text building blocks the forum demo data is composed from. */

export const LANGS = ['es', 'pt', 'en'] as const;
export type Lang = (typeof LANGS)[number];

export const THEME_KEYS = [
  'competencies',
  'rpl',
  'dual',
  'ict',
  'green',
  'quality',
  'gender',
  'youth',
  'trainers',
  'dialogue',
  'lmi',
  'osh',
] as const;
export type ThemeKey = (typeof THEME_KEYS)[number];

/**
 * What a practitioner says about one theme, in one language. Placeholders in braces are filled
 * at composition time: {sector}, {audience}, {country} (titles), {a} {b} {n} (numbers in results).
 * Clauses start in lower case and carry no final stop; they are put into sentences by the frames.
 */
export interface ThemeText {
  /** What a specialist of the theme does, for bios: "diseño curricular por competencias". */
  specialty: string;
  /** Bare noun phrases, no article: "evaluación de competencias en el puesto de trabajo". */
  topics: string[];
  /** Complete titles; those ending in "?" are used for questions, the others for discussions. */
  titles: string[];
  /** What an institution did, first person plural, past: "armamos un banco de instrumentos". */
  practices: string[];
  /** A difficulty, as a clause: "los instructores siguen evaluando con pruebas escritas". */
  challenges: string[];
  /** Complete questions. */
  questions: string[];
  /** Advice for list items: complete sentences, capitalized, with a final stop. */
  tips: string[];
  /** An outcome with numbers: "la tasa de aprobación pasó del {a} % al {b} %". */
  results: string[];
}

export type ThemeContent = { key: ThemeKey } & Record<Lang, ThemeText>;

/** Building blocks shared by all themes, in one language. */
export interface CommonText {
  sectors: string[];
  audiences: string[];
  /** Title frames with {topic}/{Topic}, {sector}, {audience}, {country}, {inst}. */
  questionTitles: string[];
  discussionTitles: string[];
  greetings: string[];
  /** First paragraph: {inst} (the author's institution), {country}, {city}, {topic}, {sector}, {audience}, {n}. */
  contexts: string[];
  /** {challenge}. */
  challengeFrames: string[];
  practiceIntros: string[];
  /** {practice}: a practice put in a sentence, with {inst}. */
  practiceFrames: string[];
  /** {result}. */
  resultFrames: string[];
  discussionPrompts: string[];
  /** {question}. */
  questionFrames: string[];
  /** Lines with a link to the OIT/Cinterfor site. */
  linkLines: string[];
  /** {user}: a mention. */
  mentionLines: string[];
  /** {ref}: a typed link to another institution. */
  institutionLines: string[];
  closings: string[];
  /** Last line of a reply. */
  replyClosings: string[];
  replyOpeners: string[];
  /** {inst}, {practice}: an experience told in a reply. */
  experienceFrames: string[];
  tipsIntros: string[];
  answerIntros: string[];
  followUps: string[];
  /** Said before a follow-up question. */
  followUpLeads: string[];
  /** Why one asks, after a follow-up question: {inst}, {country}, {topic}. */
  followUpReasons: string[];
  /** {user}: the OP answering a follow-up; {detail}. */
  clarifyFrames: string[];
  clarifications: string[];
  /** {user}, {tip}: thanks from the OP. */
  thanksFrames: string[];
  /** {user}, {country}. */
  agreements: string[];
  /** Said after a quote. */
  quoteResponses: string[];
  /** Table: header labels and row labels (numbers are filled in). */
  tableIntro: string[];
  tableHeader: [string, string, string];
  tableRows: string[];
  /** Added to an edited post: {n}, {m}. */
  editNotes: string[];
  /** The off-topic post a moderator hid. */
  spam: string[];
  /** {user}: moderator closing a thread. */
  lockNotes: string[];
  /** Welcome thread of a community: {name}; body lines. */
  welcomeTitle: string;
  welcomeBody: string[];
  /** Introductions in the welcome thread: {name}, {inst}, {country}, {area}. */
  introductions: string[];
  bios: string[];
  specialistBio: string;
}
