/** What the knowledge generators read from the database first: institutions, countries, editors. */
import { inArray } from 'drizzle-orm';
import type { Db } from '../../client.ts';
import { countries, institutions, users } from '../../schema/index.ts';
import { FORUM_SEED_NOW } from '../forums/clock.ts';
import { institutionProfile, profileKey, type InstitutionType } from './institutions.ts';
import { languageOfCountry, WeightedPicker } from './text-kit.ts';
import { INSTITUTION_FOCUS, TRADES, type Trade } from './trades.ts';
import type { Lang } from './vocabularies.ts';

/** Knowledge records were added between the platform's opening (after the first editors joined) and the demo's "now". */
export const KNOWLEDGE_START = Date.UTC(2025, 0, 14);
export const KNOWLEDGE_END = FORUM_SEED_NOW.getTime() - 24 * 3600_000;

export interface InstitutionRef {
  id: number;
  acronym: string;
  name: string;
  countryCode: string;
  website: string | null;
  city: string | null;
  founded: number | null;
  /** The language its records are written in. */
  lang: Lang;
  type: InstitutionType;
  output: number;
  /** "SENA", "HEART": the first part of its national codes. */
  codePrefix: string;
  /** The trades it works in. */
  trades: readonly Trade[];
}

export interface KnowledgeContext {
  institutions: InstitutionRef[];
  /** By how much each publishes. */
  publisher: WeightedPicker<InstitutionRef>;
  countryNames: Map<string, Record<Lang, string>>;
  /** Who added the records: the admin and the editors (by id); empty without demo accounts. */
  editors: number[];
}

export async function loadContext(db: Db): Promise<KnowledgeContext> {
  const rows = await db.select().from(institutions).orderBy(institutions.id);
  if (rows.length === 0) throw new Error('seedKnowledge needs the reference data (institutions) first');
  const refs = rows.map((row): InstitutionRef => {
    const key = profileKey(row.countryCode, row.acronym);
    const profile = institutionProfile(row.countryCode, row.acronym);
    const focus = INSTITUTION_FOCUS[key];
    return {
      id: row.id,
      acronym: row.acronym,
      name: row.name,
      countryCode: row.countryCode,
      website: row.website,
      city: row.city,
      founded: row.founded,
      lang: languageOfCountry(row.countryCode),
      type: profile.type,
      output: profile.output,
      codePrefix: row.acronym.split(/[\s/-]/)[0].toUpperCase().replace(/[^A-Z0-9]/g, ''),
      trades: focus ? TRADES.filter((t) => focus.includes(t.key)) : TRADES,
    };
  });
  const countryNames = new Map((await db.select().from(countries)).map((c) => [c.code, { es: c.nameEs, pt: c.namePt, en: c.nameEn }]));
  const editors = (await db.select({ id: users.id }).from(users).where(inArray(users.role, ['admin', 'editor'])).orderBy(users.id)).map((u) => u.id);
  return { institutions: refs, publisher: new WeightedPicker(refs, (i) => i.output), countryNames, editors };
}

/** A moment when a record published in `year` was added to the platform. */
export function addedAt(rng: { next(): number }, year: number | null): number {
  const from = Math.max(KNOWLEDGE_START, year ? Date.UTC(year, 0, 1) : KNOWLEDGE_START);
  const to = Math.max(from + 3600_000, KNOWLEDGE_END);
  return from + Math.floor(rng.next() * (to - from));
}

/** Some records were edited after they were added. */
export function editedAt(rng: { next(): number; chance(p: number): boolean }, created: number): number {
  if (!rng.chance(0.2)) return created;
  return Math.min(KNOWLEDGE_END, created + Math.floor(rng.next() * 120 * 24 * 3600_000));
}
