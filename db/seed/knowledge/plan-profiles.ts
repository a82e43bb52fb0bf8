/**
 * Occupational profiles: what an occupation does (purpose, ISCO-08 code, ISCED level), the
 * units of competency with their performance criteria, the curriculum that trains for it and
 * how it is assessed, under a national code of the institution that owns it ("SENA-CO-280101").
 */
import type { CompetencyUnit, CurriculumModule, profiles } from '../../schema/index.ts';
import type { Random } from '../forums/templates/index.ts';
import { addedAt, editedAt, type InstitutionRef, type KnowledgeContext } from './context.ts';
import { EVALUATIONS, GENERIC_MODULES, GENERIC_UNITS, PURPOSES, TASK_CRITERIA, VALIDATORS, WITH_SPEC } from './profile-text.ts';
import { fill, lowerFirst, recentYear } from './text-kit.ts';
import { TRADES, type Trade, type TradeRole } from './trades.ts';
import type { Lang } from './vocabularies.ts';

/** `trade`: the trade's key, for the forum seed's citations (not a column). */
export type ProfileRow = typeof profiles.$inferInsert & { id: number; trade: string };

/** Total curriculum hours by ISCED level. */
const HOURS: Record<string, [number, number]> = {
  '2': [300, 600],
  '3': [600, 1200],
  '4': [900, 1600],
  '5': [1200, 2400],
  '6': [1600, 3000],
};

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Hands out national codes: trade, occupation and specialisation, then a sequence per institution. */
class CodeBook {
  private readonly seq = new Map<string, number>();

  next(inst: InstitutionRef, trade: Trade, role: TradeRole, specIndex: number): string {
    const stem = `${pad(10 + TRADES.indexOf(trade))}${pad(trade.roles.indexOf(role) * 10 + specIndex + 1)}`;
    const key = `${inst.id}:${stem}`;
    const n = (this.seq.get(key) ?? 0) + 1;
    this.seq.set(key, n);
    return `${inst.codePrefix}-${inst.countryCode}-${stem}${pad(n, n > 99 ? 3 : 2)}`;
  }
}

function composeUnits(rng: Random, trade: Trade, lang: Lang, code: string): CompetencyUnit[] {
  const count = rng.int(3, 6);
  const own = rng.sample(trade[lang].units, Math.min(trade[lang].units.length, Math.max(2, count - rng.int(0, 2))));
  const generic = rng.sample(GENERIC_UNITS[lang], count - own.length);
  const ownCriteria = rng.shuffle(trade[lang].criteria);
  const units: CompetencyUnit[] = own.map((title, i) => {
    const first = ownCriteria.length > i ? [ownCriteria[i]] : [];
    return { code: '', title, criteria: [...first, ...rng.sample(TASK_CRITERIA[lang], rng.int(2, 4) - first.length)] };
  });
  for (const unit of generic) units.push({ code: '', title: unit.title, criteria: rng.sample(unit.criteria, rng.int(2, 3)) });
  units.forEach((u, i) => (u.code = `${code}-U${i + 1}`));
  return units;
}

function composeCurriculum(rng: Random, trade: Trade, lang: Lang, level: string): CurriculumModule[] {
  const [min, max] = HOURS[level] ?? HOURS['3'];
  const total = rng.int(min / 20, max / 20) * 20;
  const generic = GENERIC_MODULES[lang];
  const own = rng.sample(trade[lang].modules, rng.int(3, trade[lang].modules.length));
  const titles = [...own, ...rng.sample(generic.slice(0, -1), rng.int(0, 2))];
  const placement = rng.chance(0.7);
  // The trade's modules carry most of the hours; the cross-cutting ones are shorter.
  const weights = titles.map((_, i) => (i < own.length ? 1 : 0.4) * (0.6 + rng.next() * 0.8));
  const sum = weights.reduce((a, b) => a + b, 0);
  const teaching = placement ? total * (0.7 + rng.next() * 0.1) : total;
  const modules = titles.map((title, i) => ({ title, hours: Math.max(20, Math.round((teaching * weights[i]) / sum / 10) * 10) }));
  if (placement) modules.push({ title: generic[generic.length - 1], hours: Math.max(40, Math.round((total - teaching) / 20) * 20) });
  return modules;
}

function composeProfile(rng: Random, ctx: KnowledgeContext, codes: CodeBook, id: number): ProfileRow {
  const inst = ctx.publisher.pick(rng);
  const trade = rng.pick(inst.trades);
  const role = rng.pick(trade.roles);
  const lang = inst.lang;
  const text = trade[lang];
  const withSpec = rng.chance(0.45);
  const specIndex = withSpec ? rng.int(0, text.specs.length - 1) : -1;
  const nationalCode = codes.next(inst, trade, role, specIndex);
  const validatedYear = recentYear(rng, Math.max(2004, inst.founded ?? 0), 2026, 1.4);
  const vars = { inst: inst.acronym, subsector: text.subsector, field: text.field, purpose: text.purpose };
  const createdAt = addedAt(rng, validatedYear);
  return {
    id,
    nationalCode,
    title: withSpec ? fill(rng, WITH_SPEC[lang], { role: role[lang], spec: text.specs[specIndex] }) : role[lang],
    sector: trade.sector,
    trade: trade.key,
    subsector: text.subsector,
    countryCode: inst.countryCode,
    institutionId: inst.id,
    level: role.level,
    iscoCode: role.isco,
    purpose: fill(rng, rng.pick(PURPOSES[lang]), { ...vars, subsector: lowerFirst(text.subsector) }),
    units: composeUnits(rng, trade, lang, nationalCode),
    curriculum: composeCurriculum(rng, trade, lang, role.level),
    evaluation: fill(rng, rng.pick(EVALUATIONS[lang]), vars),
    validatedBy: fill(rng, rng.pick(VALIDATORS[lang]), vars),
    validatedYear,
    language: lang,
    createdBy: ctx.editors.length ? rng.pick(ctx.editors) : null,
    createdAt: new Date(createdAt),
    updatedAt: new Date(editedAt(rng, createdAt)),
  };
}

/** `count` profiles numbered after `idBase`. */
export function planProfiles(rng: Random, ctx: KnowledgeContext, count: number, idBase: number): ProfileRow[] {
  const codes = new CodeBook();
  return Array.from({ length: count }, (_, i) => composeProfile(rng, ctx, codes, idBase + i + 1));
}
