/**
 * The knowledge bases of the demo network: controlled vocabularies and institution profiles
 * (reference data, loaded whenever the reference data is), then at scale 1 some 12,000
 * teaching resources, 6,000 occupational profiles, 1,000 experiences and 150 specialists.
 *
 * Planned in memory with seeded PRNGs (one stream per kind of record, so the scale changes
 * how many, not what each one says) and a fixed calendar, then written in one transaction
 * with batched multi-row inserts. Two runs on a new database give identical rows.
 */
import { sql } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../client.ts';
import { experienceResources, experiences, profiles, resources, specialists, users } from '../../schema/index.ts';
import { Random } from '../forums/templates/index.ts';
import { loadContext } from './context.ts';
import { describeInstitutions } from './institutions.ts';
import { planExperienceResources, planExperiences } from './plan-experiences.ts';
import { planProfiles } from './plan-profiles.ts';
import { planResources } from './plan-resources.ts';
import { accountSpecialists, flagSpecialistAccounts, otherSpecialists, planSpecialists } from './plan-specialists.ts';
import { insertRows } from './write.ts';
import { syncIdentities } from '../write.ts';
import { transaction } from '../../access.ts';
import { insertVocabularies } from './vocabularies.ts';

export * from './vocabularies.ts';
export { INSTITUTION_TYPES, type InstitutionType } from './institutions.ts';
export { FORUM_THEME_CODES } from './themes.ts';

/** Records at scale 1. The specialists with an account are always all there; the others scale. */
export const KNOWLEDGE_AT_SCALE_1 = { resources: 12_000, profiles: 6_000, experiences: 1_000, otherSpecialists: 110 } as const;

export interface KnowledgeSeedOptions {
  progress: (line: string) => void;
  /** 1 gives the full demo; tests use a small fraction. */
  scale?: number;
}

export interface KnowledgeSeedResult {
  resources: number;
  profiles: number;
  experiences: number;
  experienceResources: number;
  specialists: number;
  /** Specialists linked to an account (users.specialist is set for exactly these). */
  linkedSpecialists: number;
  /** The trade each resource, profile and experience is about (`resource:12` → `cooking`): the forum seed cites by it. */
  trades: Map<string, string>;
}

/** Vocabularies and institution types and descriptions: what the API needs even without demo data. */
export async function seedKnowledgeReference(db: Db, progress: (line: string) => void): Promise<{ terms: number; institutions: number }> {
  const terms = await insertVocabularies(db);
  progress(`knowledge: vocabularies ${terms} terms`);
  const described = await describeInstitutions(db);
  progress(`knowledge: institutions described ${described}`);
  return { terms, institutions: described };
}

export async function seedKnowledge(db: Db, options: KnowledgeSeedOptions): Promise<KnowledgeSeedResult> {
  const { progress } = options;
  const scale = Math.max(0, options.scale ?? 1);
  const n = (count: number) => Math.round(count * scale);
  const ctx = await loadContext(db);

  const resourceRows = planResources(new Random('minga:knowledge:resources'), ctx, n(KNOWLEDGE_AT_SCALE_1.resources), await maxId(db, resources));
  const profileRows = planProfiles(new Random('minga:knowledge:profiles'), ctx, n(KNOWLEDGE_AT_SCALE_1.profiles), await maxId(db, profiles));
  const experienceRows = planExperiences(new Random('minga:knowledge:experiences'), ctx, n(KNOWLEDGE_AT_SCALE_1.experiences), await maxId(db, experiences));
  const links = planExperienceResources(new Random('minga:knowledge:related'), experienceRows, resourceRows);
  const people = new Random('minga:knowledge:specialists');
  const accounts = await accountSpecialists(db, people, ctx);
  const taken = new Set((await db.select({ name: users.displayName }).from(users)).map((u) => u.name));
  const others = otherSpecialists(people, ctx, n(KNOWLEDGE_AT_SCALE_1.otherSpecialists), taken);
  const specialistRows = planSpecialists(people, ctx, [...accounts, ...others], await maxId(db, specialists));
  progress(`knowledge: planned ${resourceRows.length} resources, ${profileRows.length} profiles, ${experienceRows.length} experiences, ${specialistRows.length} specialists`);

  await transaction(db, async () => {
    await writeInSteps(db, resources, resourceRows, 'resources', progress);
    await writeInSteps(db, profiles, profileRows, 'profiles', progress);
    await insertRows(db, experiences, experienceRows);
    await insertRows(db, experienceResources, links);
    progress(`knowledge: experiences ${experienceRows.length}/${experienceRows.length} (${links.length} related resources)`);
    await insertRows(db, specialists, specialistRows);
    await flagSpecialistAccounts(
      db,
      accounts.map((a) => a.userId!),
    );
    progress(`knowledge: specialists ${specialistRows.length}/${specialistRows.length} (${accounts.length} with an account)`);
  });
  // The rows carry their planned ids: the identities move past them (PostgreSQL) before anyone
  // inserts without one (the forums, or a test creating a record through the API).
  await syncIdentities(db);

  return {
    resources: resourceRows.length,
    profiles: profileRows.length,
    experiences: experienceRows.length,
    experienceResources: links.length,
    specialists: specialistRows.length,
    linkedSpecialists: accounts.length,
    trades: new Map([
      ...resourceRows.map((r) => [`resource:${r.id}`, r.trade] as const),
      ...profileRows.map((r) => [`profile:${r.id}`, r.trade] as const),
      ...experienceRows.map((r) => [`experience:${r.id}`, r.trade] as const),
    ]),
  };
}

/** Writes a big table in quarters, reporting each. */
async function writeInSteps<T extends SQLiteTable>(db: Db, table: T, rows: T['$inferInsert'][], label: string, progress: (line: string) => void): Promise<void> {
  const step = Math.max(1, Math.ceil(rows.length / 4));
  for (let i = 0; i < rows.length; i += step) {
    await insertRows(db, table, rows.slice(i, i + step));
    progress(`knowledge: ${label} ${Math.min(rows.length, i + step)}/${rows.length}`);
  }
}

/** The highest id in `table` (0 when empty): planned rows are numbered after it. */
async function maxId(db: Db, table: typeof resources | typeof profiles | typeof experiences | typeof specialists): Promise<number> {
  return Number((await db.select({ max: sql<number>`coalesce(max(${table.id}), 0)` }).from(table))[0]!.max);
}
