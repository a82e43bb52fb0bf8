/**
 * The specialists directory: people of the network with their expertise, languages, summary
 * and CV. About forty are members of the platform (the demo specialist and synthetic members
 * of the forum seed, its own specialists first): their directory entry is linked to their
 * account, which is what gives their posts the specialist badge.
 */
import { inArray, sql } from 'drizzle-orm';
import { exec } from '../../access.ts';
import type { Db } from '../../client.ts';
import { specialists, users, type SpecialistCv } from '../../schema/index.ts';
import { buildMembers } from '../forums/people.ts';
import type { Random } from '../forums/templates/index.ts';
import { addedAt, editedAt, type InstitutionRef, type KnowledgeContext } from './context.ts';
import { composeTitle } from './plan-resources.ts';
import { DEGREES, POSITIONS, SUMMARIES, UNIVERSITIES } from './specialist-text.ts';
import { fill, joinList, lowerFirst, personName, recentYear } from './text-kit.ts';
import { FORUM_THEME_CODES } from './themes.ts';
import { EXPERTISE, LANGS, THEMES, vocabLabel, type AvailabilityCode, type ExpertiseCode, type Lang, type ResourceTypeCode, type ThemeCode } from './vocabularies.ts';

export type SpecialistRow = typeof specialists.$inferInsert & { id: number };

/** Who a specialist is before the CV is written. */
export interface SpecialistPerson {
  name: string;
  userId: number | null;
  /** When the account was created: the directory entry comes after. */
  joinedAt: number | null;
  institution: InstitutionRef;
  languages: Lang[];
  expertise: ExpertiseCode[];
}

const ACCOUNT_TARGET = 40;
const DEMO_SPECIALIST = 'carlos_especialista';

const isLang = (l: string): l is Lang => (LANGS as readonly string[]).includes(l);

/**
 * The accounts to link: the demo specialist, the forum seed's specialists, then other synthetic
 * members drawn at random, up to forty. Only accounts that exist count.
 */
export async function accountSpecialists(db: Db, rng: Random, ctx: KnowledgeContext): Promise<SpecialistPerson[]> {
  const seeds = new Map(buildMembers(ctx.institutions).map((m) => [m.username, m]));
  const rows = await db
    .select({ id: users.id, username: users.username, displayName: users.displayName, institutionId: users.institutionId, languages: users.languages, createdAt: users.createdAt })
    .from(users)
    .where(inArray(users.username, [DEMO_SPECIALIST, ...seeds.keys()]))
    .orderBy(users.id);
  const demo = rows.filter((r) => r.username === DEMO_SPECIALIST);
  const members = rows.filter((r) => r.username !== DEMO_SPECIALIST);
  const flagged = members.filter((r) => seeds.get(r.username)!.specialist);
  const others = members.filter((r) => !seeds.get(r.username)!.specialist);
  const chosen = [...demo, ...flagged, ...rng.sample(others, Math.max(0, ACCOUNT_TARGET - demo.length - flagged.length))];
  const byId = new Map(ctx.institutions.map((i) => [i.id, i]));
  return chosen.map((r) => {
    const themes = r.username === DEMO_SPECIALIST ? (['curriculum', 'rpl', 'assessment'] as const) : seeds.get(r.username)!.interests.map((k) => FORUM_THEME_CODES[k]);
    return {
      name: r.displayName,
      userId: r.id,
      joinedAt: r.createdAt.getTime(),
      institution: (r.institutionId !== null && byId.get(r.institutionId)) || ctx.publisher.pick(rng),
      languages: r.languages.filter(isLang),
      expertise: withExtraExpertise(rng, [...themes]),
    };
  });
}

/** Two to four areas: the given ones first, then related crafts. */
function withExtraExpertise(rng: Random, given: ExpertiseCode[]): ExpertiseCode[] {
  const all = EXPERTISE.map((e) => e.code);
  const wanted = Math.max(given.length, rng.int(2, 4));
  const extra = rng.sample(
    all.filter((c) => !given.includes(c)),
    wanted - given.length,
  );
  return [...new Set([...given, ...extra])].slice(0, 4);
}

/** Specialists without an account, with names nobody else has. */
export function otherSpecialists(rng: Random, ctx: KnowledgeContext, count: number, taken: Set<string>): SpecialistPerson[] {
  return Array.from({ length: count }, () => {
    const institution = ctx.publisher.pick(rng);
    const lang = institution.lang;
    let name = personName(rng, lang);
    for (let n = 0; taken.has(name) && n < 20; n++) name = personName(rng, lang);
    taken.add(name);
    const languages = rng.chance(0.5) ? [lang, rng.pick(LANGS.filter((l) => l !== lang))] : [lang];
    return { name, userId: null, joinedAt: null, institution, languages, expertise: withExtraExpertise(rng, []) };
  });
}

const area = (code: ExpertiseCode, lang: Lang) => lowerFirst(vocabLabel('expertise', code, lang) ?? code);
const PRESENT: Record<Lang, string> = { es: 'actualidad', pt: 'atual', en: 'present' };

function composeCv(rng: Random, ctx: KnowledgeContext, p: SpecialistPerson, lang: Lang, careerStart: number): SpecialistCv {
  const universities = UNIVERSITIES[p.institution.countryCode] ?? UNIVERSITIES.caribbean;
  const education = [`${rng.pick(DEGREES[lang].first)}, ${rng.pick(universities)} (${careerStart - rng.int(0, 2)})`];
  for (let i = rng.int(0, 2), year = careerStart + rng.int(3, 8); i > 0; i--, year += rng.int(3, 9)) {
    education.push(`${rng.pick(DEGREES[lang].higher)}, ${rng.pick(universities)} (${Math.min(year, 2025)})`);
  }
  const experience: string[] = [];
  const positions = rng.sample(POSITIONS[lang], rng.int(2, 4));
  let from = careerStart;
  positions.forEach((frame, i) => {
    const last = i === positions.length - 1;
    const to = last ? null : Math.min(2024, from + rng.int(2, 8));
    const position = fill(rng, frame, { inst: p.institution.acronym, area: area(rng.pick(p.expertise), lang) });
    experience.unshift(`${position} (${from}–${to ?? PRESENT[lang]})`);
    if (to !== null) from = to;
  });
  const publications = Array.from({ length: rng.weighted([0, 1, 2, 3, 4], [15, 25, 25, 20, 15]) }, () => {
    const year = recentYear(rng, careerStart + 3, 2026);
    const type = rng.pick<ResourceTypeCode>(['guide', 'manual', 'study', 'report', 'presentation']);
    const themes = p.expertise.filter((e): e is ThemeCode => THEME_CODES.has(e));
    const theme = themes.length ? rng.pick(themes) : 'curriculum';
    const subject = { lang, type, trade: rng.pick(p.institution.trades), theme, inst: p.institution, year, countryName: ctx.countryNames.get(p.institution.countryCode)?.[lang] ?? '' };
    const title = composeTitle(rng, subject);
    return title.endsWith(')') ? `${title}, ${year}` : `${title} (${year})`;
  });
  return { education, experience, publications };
}

/** Expertise codes that are themes: what publications can be about. */
const THEME_CODES = new Set<string>(THEMES.map((t) => t.code));

function composeAvailability(rng: Random): AvailabilityCode[] {
  const out: AvailabilityCode[] = [];
  if (rng.chance(0.8)) out.push('answering');
  if (rng.chance(0.4)) out.push('assistance');
  if (rng.chance(0.35)) out.push('mentoring');
  if (rng.chance(0.3)) out.push('speaking');
  return out.length ? out : ['answering'];
}

function composeVisibility(rng: Random): SpecialistRow['cvVisibility'] {
  const members = () => (rng.chance(0.4) ? 'members' : 'public');
  return rng.chance(0.75) ? { education: 'public', experience: 'public', publications: 'public' } : { education: members(), experience: members(), publications: members() };
}

function composeSpecialist(rng: Random, ctx: KnowledgeContext, p: SpecialistPerson, id: number): SpecialistRow {
  const lang = p.languages[0] ?? p.institution.lang;
  const years = rng.int(8, 30);
  const careerStart = 2025 - years;
  const countries = rng.sample([...ctx.countryNames.entries()].filter(([code]) => code !== p.institution.countryCode), rng.int(2, 3)).map(([, n]) => n[lang]);
  const summary = fill(rng, rng.pick(SUMMARIES[lang]), {
    areas: joinList(p.expertise.slice(0, 2).map((c) => area(c, lang)), lang),
    years: String(years),
    inst: p.institution.acronym,
    countries: joinList(countries, lang),
  });
  const createdAt = Math.max(addedAt(rng, null), (p.joinedAt ?? 0) + 24 * 3600_000);
  return {
    id,
    name: p.name,
    institutionId: p.institution.id,
    countryCode: p.institution.countryCode,
    expertise: p.expertise,
    languages: p.languages.length ? p.languages : [lang],
    summary,
    cv: composeCv(rng, ctx, p, lang, careerStart),
    availability: composeAvailability(rng),
    cvVisibility: composeVisibility(rng),
    userId: p.userId,
    createdBy: p.userId ?? (ctx.editors.length ? rng.pick(ctx.editors) : null),
    createdAt: new Date(createdAt),
    updatedAt: new Date(editedAt(rng, createdAt)),
  };
}

/** The directory in a shuffled order, numbered after `idBase`. */
export function planSpecialists(rng: Random, ctx: KnowledgeContext, people: SpecialistPerson[], idBase: number): SpecialistRow[] {
  return rng.shuffle(people).map((p, i) => composeSpecialist(rng, ctx, p, idBase + i + 1));
}

/** users.specialist is set for exactly the linked accounts. */
export async function flagSpecialistAccounts(db: Db, linked: number[]): Promise<void> {
  // Plain SQL: a drizzle update would also stamp updated_at with the wall clock.
  const linkedIds = linked.length ? sql`id IN (${sql.join(linked.map((id) => sql`${id}`), sql`, `)})` : sql`1 = 0`;
  await exec(db, sql`UPDATE users SET specialist = CASE WHEN ${linkedIds} THEN 1 ELSE 0 END`);
}
