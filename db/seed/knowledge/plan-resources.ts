/**
 * The teaching-resources bank: manuals, guides, curricula, courses, videos, simulators,
 * toolkits, assessment instruments, studies, presentations, standards and reports, each
 * published by a member institution in its language, about a trade and one to three themes.
 */
import type { resources } from '../../schema/index.ts';
import type { Random } from '../forums/templates/index.ts';
import { addedAt, editedAt, type InstitutionRef, type KnowledgeContext } from './context.ts';
import { AUDIENCE_PHRASES, INSTITUTIONAL_AUTHORS, PUBLISHED, SUBJECTS, TITLE_FRAMES, TYPE_SENTENCES, URL_SECTIONS } from './resource-text.ts';
import { capitalize, fill, joinList, lowerFirst, personName, recentYear, slugify, weightedKey } from './text-kit.ts';
import { THEME_WORDS } from './themes.ts';
import type { Trade } from './trades.ts';
import { LANGS, type AudienceCode, type Lang, type LicenceCode, type ModalityCode, type ResourceTypeCode, type ThemeCode } from './vocabularies.ts';

/** `trade`: the trade's key, for the forum seed's citations (not a column). */
export type ResourceRow = typeof resources.$inferInsert & { id: number; trade: string };

interface TypeRule {
  weight: number;
  audiences: AudienceCode[];
  modality: Partial<Record<ModalityCode, number>> | null;
  formats: string[];
  minYear: number;
  section: 'library' | 'courses' | 'media';
  themes?: Partial<Record<ThemeCode, number>>;
}

const TRAINING: Partial<Record<ModalityCode, number>> = { in_person: 45, blended: 20, dual: 20, work_based: 15 };
const ONLINE: Partial<Record<ModalityCode, number>> = { virtual: 1 };

const TYPES: Record<ResourceTypeCode, TypeRule> = {
  manual: { weight: 14, audiences: ['learners', 'trainers'], modality: TRAINING, formats: ['pdf'], minYear: 1995, section: 'library' },
  guide: { weight: 14, audiences: ['trainers', 'learners'], modality: TRAINING, formats: ['pdf', 'pdf', 'epub'], minYear: 1995, section: 'library' },
  curriculum: { weight: 8, audiences: ['trainers', 'managers'], modality: TRAINING, formats: ['pdf', 'docx'], minYear: 1995, section: 'library', themes: { curriculum: 6, dual: 2, quality: 1 } },
  course: { weight: 12, audiences: ['learners', 'trainers'], modality: { virtual: 45, blended: 35, in_person: 20 }, formats: ['scorm', 'html'], minYear: 2003, section: 'courses' },
  video: { weight: 9, audiences: ['learners'], modality: ONLINE, formats: ['mp4'], minYear: 2006, section: 'media' },
  simulator: { weight: 3, audiences: ['learners', 'trainers'], modality: ONLINE, formats: ['html'], minYear: 2009, section: 'media', themes: { ict: 4, osh: 2, green_skills: 1 } },
  toolkit: { weight: 6, audiences: ['managers', 'trainers'], modality: TRAINING, formats: ['zip', 'pdf'], minYear: 2005, section: 'library' },
  assessment_instrument: { weight: 8, audiences: ['trainers'], modality: TRAINING, formats: ['pdf', 'docx', 'xlsx'], minYear: 1998, section: 'library', themes: { rpl: 5, curriculum: 4, quality: 1 } },
  study: { weight: 7, audiences: ['policy_makers', 'managers'], modality: null, formats: ['pdf'], minYear: 1995, section: 'library', themes: { lmi: 6, youth: 1, green_skills: 1, productivity: 1, inclusion: 1 } },
  presentation: { weight: 7, audiences: ['managers', 'policy_makers', 'trainers'], modality: null, formats: ['pptx', 'pdf'], minYear: 2000, section: 'library' },
  standard: { weight: 5, audiences: ['trainers', 'managers', 'policy_makers'], modality: null, formats: ['pdf'], minYear: 1997, section: 'library', themes: { curriculum: 5, rpl: 4, quality: 1 } },
  report: { weight: 7, audiences: ['managers', 'policy_makers'], modality: null, formats: ['pdf'], minYear: 1995, section: 'library', themes: { quality: 2, youth: 2, lmi: 2, inclusion: 1, dual: 1, productivity: 1 } },
};

const TYPE_WEIGHTS = Object.fromEntries(Object.entries(TYPES).map(([k, r]) => [k, r.weight])) as Record<ResourceTypeCode, number>;

/** How often each theme is a resource's main one, when the type has no preference. */
const THEME_WEIGHTS: Record<ThemeCode, number> = {
  curriculum: 3, quality: 2, trainers: 2, ict: 2.5, osh: 2, dual: 1.5, rpl: 1.5, green_skills: 1.5,
  inclusion: 1.2, youth: 1.2, lmi: 1, productivity: 1, social_dialogue: 0.6, entrepreneurship: 1,
};

const LICENCE_WEIGHTS: Record<LicenceCode, number> = { cc_by_nc_sa: 30, cc_by_nc: 14, cc_by: 14, cc_by_sa: 9, all_rights_reserved: 27, public_domain: 6 };

/** What a title is about: the parts the frames are filled with. */
export interface TitleSubject {
  lang: Lang;
  type: ResourceTypeCode;
  trade: Trade;
  theme: ThemeCode;
  inst: InstitutionRef;
  year: number;
  countryName: string;
}

function titleVars(rng: Random, s: TitleSubject): Record<string, string> {
  const text = s.trade[s.lang];
  return {
    spec: rng.pick(text.specs),
    field: text.field,
    role: rng.pick(s.trade.roles)[s.lang],
    topic: rng.pick(THEME_WORDS[s.theme][s.lang].topics),
    subsector: lowerFirst(text.subsector),
    country: s.countryName,
    year: String(s.year),
    inst: s.inst.acronym,
  };
}

/** A resource title (also used for specialists' publications). */
export function composeTitle(rng: Random, s: TitleSubject, vars: Record<string, string> = titleVars(rng, s)): string {
  return fill(rng, rng.pick(TITLE_FRAMES[s.lang][s.type]), vars);
}

/** Who published it and for whom, what it contains, what it is about (the same words as the title). */
function composeSummary(rng: Random, s: TitleSubject, audiences: AudienceCode[], vars: Record<string, string>): string {
  const audience = joinList(
    audiences.map((a) => AUDIENCE_PHRASES[s.lang][a]),
    s.lang,
  );
  return [
    fill(rng, rng.pick(PUBLISHED[s.lang]), { inst: s.inst.acronym, year: vars.year, audience }),
    rng.pick(TYPE_SENTENCES[s.lang][s.type]),
    fill(rng, rng.pick(SUBJECTS[s.lang]), vars),
  ].join(' ');
}

function authorsFor(rng: Random, s: TitleSubject): string[] {
  if (rng.chance(0.2)) return [fill(rng, rng.pick(INSTITUTIONAL_AUTHORS[s.lang]), { inst: s.inst.acronym, subsector: s.trade[s.lang].subsector })];
  return Array.from({ length: rng.weighted([1, 2, 3], [45, 35, 20]) }, () => personName(rng, s.lang));
}

function languagesFor(rng: Random, lang: Lang): Lang[] {
  if (!rng.chance(0.12)) return [lang];
  return [lang, rng.pick(LANGS.filter((l) => l !== lang))];
}

function themesFor(rng: Random, rule: TypeRule): ThemeCode[] {
  const main = weightedKey<ThemeCode>(rng, rule.themes ?? THEME_WEIGHTS);
  const extra = rng.weighted([0, 1, 2], [45, 40, 15]);
  const others = rng.sample(
    (Object.keys(THEME_WEIGHTS) as ThemeCode[]).filter((t) => t !== main),
    extra,
  );
  return [main, ...others];
}

function audiencesFor(rng: Random, rule: TypeRule): AudienceCode[] {
  const count = Math.min(rule.audiences.length, rng.weighted([1, 2, 3], [55, 35, 10]));
  return rule.audiences.slice(0, count);
}

/** A course's title says how it is delivered ("Curso virtual…", "Blended course…"): the modality follows. */
function modalityFor(rng: Random, rule: TypeRule, type: ResourceTypeCode, title: string): ModalityCode | null {
  if (type === 'course') {
    if (/virtual|a distância|online/i.test(title)) return 'virtual';
    if (/semipresencial|híbrido|blended/i.test(title)) return 'blended';
  }
  return rule.modality ? weightedKey<ModalityCode>(rng, rule.modality) : null;
}

function urlFor(inst: InstitutionRef, lang: Lang, rule: TypeRule, title: string, year: number): string | null {
  if (!inst.website) return null;
  return `${inst.website.replace(/\/+$/, '')}/${URL_SECTIONS[lang][rule.section]}/${slugify(title)}-${year}`;
}

/** Composes one resource; `titles` keeps an institution from publishing two with the same title. */
function composeResource(rng: Random, ctx: KnowledgeContext, id: number, titles: Set<string>): ResourceRow {
  const inst = ctx.publisher.pick(rng);
  const type = weightedKey<ResourceTypeCode>(rng, TYPE_WEIGHTS);
  const rule = TYPES[type];
  const lang = inst.lang;
  const year = recentYear(rng, Math.max(rule.minYear, inst.founded ?? 0), 2026);
  const themes = themesFor(rng, rule);
  const subject: TitleSubject = { lang, type, trade: rng.pick(inst.trades), theme: themes[0], inst, year, countryName: ctx.countryNames.get(inst.countryCode)?.[lang] ?? inst.countryCode };
  let vars = titleVars(rng, subject);
  let title = composeTitle(rng, subject, vars);
  for (let attempt = 0; attempt < 4 && titles.has(`${inst.id}|${title}`); attempt++) {
    vars = titleVars(rng, subject);
    title = composeTitle(rng, subject, vars);
  }
  titles.add(`${inst.id}|${title}`);
  const audiences = audiencesFor(rng, rule);
  const createdAt = addedAt(rng, year);
  return {
    id,
    title: capitalize(title),
    summary: composeSummary(rng, subject, audiences, vars),
    type,
    languages: languagesFor(rng, lang),
    countryCode: inst.countryCode,
    institutionId: inst.id,
    authors: authorsFor(rng, subject),
    year,
    sector: subject.trade.sector,
    trade: subject.trade.key,
    topics: themes,
    audiences,
    modality: modalityFor(rng, rule, type, title),
    format: rng.pick(rule.formats),
    licence: weightedKey<LicenceCode>(rng, LICENCE_WEIGHTS),
    url: urlFor(inst, lang, rule, title, year),
    fileId: null,
    createdBy: ctx.editors.length ? rng.pick(ctx.editors) : null,
    createdAt: new Date(createdAt),
    updatedAt: new Date(editedAt(rng, createdAt)),
  };
}

/** `count` resources numbered after `idBase`. */
export function planResources(rng: Random, ctx: KnowledgeContext, count: number, idBase: number): ResourceRow[] {
  const titles = new Set<string>();
  return Array.from({ length: count }, (_, i) => composeResource(rng, ctx, idBase + i + 1, titles));
}
