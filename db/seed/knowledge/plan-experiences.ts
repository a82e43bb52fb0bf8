/**
 * Experiences: what an institution did on a theme, when, with whom and with what results,
 * told by its team; each may point at up to three resources it produced or used.
 */
import type { experienceResources, experiences } from '../../schema/index.ts';
import type { Random } from '../forums/templates/index.ts';
import { addedAt, editedAt, type InstitutionRef, type KnowledgeContext } from './context.ts';
import { EXPERIENCE_SUMMARIES, EXPERIENCE_TITLES, FOLLOW_UPS, ONGOING_SUMMARIES, PARTNERS, PERIODS } from './experience-text.ts';
import type { ResourceRow } from './plan-resources.ts';
import { capitalize, fill, joinList, lowerFirst, recentYear } from './text-kit.ts';
import { THEME_WORDS } from './themes.ts';
import { LANGS, THEMES, type Lang, type ThemeCode } from './vocabularies.ts';

/** `trade`: the trade's key, for the forum seed's citations (not a column). */
export type ExperienceRow = typeof experiences.$inferInsert & { id: number; trade: string };
export type ExperienceResourceRow = typeof experienceResources.$inferInsert;

interface Partner {
  name: string;
  /** The name as a sentence needs it ("la Cámara de Comercio de Cali"). */
  phrase: string;
}

function partnerList(inst: InstitutionRef): string[] {
  if (inst.countryCode === 'BR') return PARTNERS.br;
  if (inst.countryCode === 'PT' || inst.countryCode === 'CV') return PARTNERS.pt;
  return PARTNERS[inst.lang === 'pt' ? 'pt' : inst.lang];
}

function composePartners(rng: Random, ctx: KnowledgeContext, inst: InstitutionRef, place: string): Partner[] {
  const count = rng.weighted([1, 2, 3, 4], [30, 35, 25, 10]);
  const peers = ctx.institutions.filter((i) => i.id !== inst.id && (i.countryCode === inst.countryCode || rng.chance(0.08)));
  const partners: Partner[] = [];
  for (const entry of rng.sample(partnerList(inst), count)) {
    const [article, name] = entry.includes('|') ? entry.split('|') : ['', entry];
    // Portuguese puts an article before some city names: "Prefeitura do Rio de Janeiro".
    const filled = name.replaceAll('{city}', place).replace(' de Rio de Janeiro', ' do Rio de Janeiro');
    partners.push({ name: capitalize(filled), phrase: article ? `${article} ${filled}` : filled });
  }
  if (peers.length && rng.chance(0.6)) {
    const peer = rng.pick(peers);
    partners.splice(rng.int(0, partners.length), 0, { name: peer.acronym, phrase: peer.acronym });
  }
  return partners.slice(0, 4);
}

function composePeriod(rng: Random, inst: InstitutionRef): { start: number; end: number | null } {
  const start = recentYear(rng, Math.max(1998, inst.founded ?? 0), 2025, 1.5);
  const end = start + rng.int(1, 4);
  // Still running: what started lately and has not ended yet, and a few recent long programmes.
  return { start, end: end > 2026 || (start >= 2019 && rng.chance(0.3)) ? null : end };
}

function composeResults(rng: Random, theme: ThemeCode, lang: Lang): string {
  const results = rng.sample(THEME_WORDS[theme][lang].results, rng.int(1, 2)).map((r) => fill(rng, r));
  const sentence = `${capitalize(results.join('; '))}.`;
  return rng.chance(0.4) ? `${sentence} ${rng.pick(FOLLOW_UPS[lang])}` : sentence;
}

function composeExperience(rng: Random, ctx: KnowledgeContext, id: number): ExperienceRow {
  const inst = ctx.publisher.pick(rng);
  const lang = inst.lang;
  const theme = rng.pick(THEMES).code;
  const trade = rng.pick(inst.trades);
  const words = THEME_WORDS[theme][lang];
  const place = inst.city ?? ctx.countryNames.get(inst.countryCode)?.[lang] ?? inst.countryCode;
  const period = composePeriod(rng, inst);
  const partners = composePartners(rng, ctx, inst, place);
  const vars = {
    topic: rng.pick(words.topics),
    field: trade[lang].field,
    subsector: lowerFirst(trade[lang].subsector),
    city: place,
    inst: inst.acronym,
    start: String(period.start),
    end: String(period.end ?? ''),
  };
  const summary = fill(rng, rng.pick((period.end ? EXPERIENCE_SUMMARIES : ONGOING_SUMMARIES)[lang]), {
    ...vars,
    period: fill(rng, period.end ? PERIODS[lang].closed : PERIODS[lang].open, vars),
    partners: joinList(
      partners.map((p) => p.phrase),
      lang,
    ),
    practices: rng.sample(words.practices, 2).join('; '),
  });
  const createdAt = addedAt(rng, period.end ?? period.start);
  return {
    id,
    title: capitalize(fill(rng, rng.pick(EXPERIENCE_TITLES[lang]), vars)),
    summary,
    theme,
    institutionId: inst.id,
    countryCode: inst.countryCode,
    startYear: period.start,
    endYear: period.end,
    partners: partners.map((p) => p.name),
    results: composeResults(rng, theme, lang),
    languages: rng.chance(0.1) ? [lang, rng.pick(LANGS.filter((l) => l !== lang))] : [lang],
    sector: trade.sector,
    trade: trade.key,
    createdBy: ctx.editors.length ? rng.pick(ctx.editors) : null,
    createdAt: new Date(createdAt),
    updatedAt: new Date(editedAt(rng, createdAt)),
  };
}

/** Resources an experience may point at: its institution's on its theme, else any in its language on its theme. */
class ResourceIndex {
  private readonly byInstitutionTheme = new Map<string, number[]>();
  private readonly byLangTheme = new Map<string, number[]>();

  constructor(resourceRows: readonly ResourceRow[]) {
    for (const r of resourceRows) {
      for (const theme of r.topics) {
        push(this.byInstitutionTheme, `${r.institutionId}:${theme}`, r.id);
        push(this.byLangTheme, `${r.languages[0]}:${theme}`, r.id);
      }
    }
  }

  candidates(e: ExperienceRow): number[] {
    const own = this.byInstitutionTheme.get(`${e.institutionId}:${e.theme}`) ?? [];
    return own.length >= 3 ? own : [...own, ...(this.byLangTheme.get(`${e.languages[0]}:${e.theme}`) ?? [])];
  }
}

function push(map: Map<string, number[]>, key: string, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** 0–3 related resources per experience. */
export function planExperienceResources(rng: Random, experienceRows: readonly ExperienceRow[], resourceRows: readonly ResourceRow[]): ExperienceResourceRow[] {
  const index = new ResourceIndex(resourceRows);
  return experienceRows.flatMap((e) => {
    const count = rng.weighted([0, 1, 2, 3], [25, 35, 25, 15]);
    const candidates = index.candidates(e);
    const picked = new Set<number>();
    for (let i = 0; i < count * 3 && picked.size < Math.min(count, candidates.length); i++) picked.add(rng.pick(candidates));
    return [...picked].map((resourceId) => ({ experienceId: e.id, resourceId }));
  });
}

/** `count` experiences numbered after `idBase`. */
export function planExperiences(rng: Random, ctx: KnowledgeContext, count: number, idBase: number): ExperienceRow[] {
  return Array.from({ length: count }, (_, i) => composeExperience(rng, ctx, idBase + i + 1));
}
