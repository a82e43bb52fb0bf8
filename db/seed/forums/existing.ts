/** What the forum seed reads from the database before planning: reference data, demo accounts, the last ids. */
import { inArray, sql } from 'drizzle-orm';
import type { Db } from '../../client.ts';
import { communities, countries, forums, institutions, posts, threads, users } from '../../schema/index.ts';
import { DEMO_ACCOUNTS } from '../data/people.ts';
import type { InstitutionInfo } from './people.ts';
import { LANGS, type Lang, type ThemeKey } from './templates/index.ts';
import type { CountryNames, Person } from './types.ts';

/** How much each demo account writes, relative to the synthetic members. */
const DEMO_ACTIVITY: Record<string, number> = { admin: 0.4, lucia_moderadora: 3, carlos_especialista: 4, ana_docente: 2, jose_formador: 1.5 };

export async function loadInstitutions(db: Db): Promise<InstitutionInfo[]> {
  const rows = await db
    .select({ id: institutions.id, acronym: institutions.acronym, name: institutions.name, countryCode: institutions.countryCode, city: institutions.city })
    .from(institutions)
    .orderBy(institutions.id);
  if (rows.length === 0) throw new Error('seedForums needs the reference data (institutions) first');
  return rows;
}

export async function loadCountryNames(db: Db): Promise<CountryNames> {
  return new Map(
    (await db.select().from(countries)).map((c) => [c.code, { es: c.nameEs, pt: c.namePt, en: c.nameEn } as Record<Lang, string>]),
  );
}

/** The demo accounts as people who write, by username. */
export async function loadDemoPeople(db: Db, institutionRows: InstitutionInfo[], institutionById: Map<number, InstitutionInfo>): Promise<Map<string, Person>> {
  const demoRows = await db
    .select({ id: users.id, username: users.username, displayName: users.displayName, institutionId: users.institutionId, countryCode: users.countryCode })
    .from(users)
    .where(
      inArray(
        users.username,
        DEMO_ACCOUNTS.map((a) => a.username),
      ),
    );
  const demo = new Map<string, Person>();
  for (const account of DEMO_ACCOUNTS) {
    const row = demoRows.find((r) => r.username === account.username);
    if (!row) throw new Error(`seedForums needs the demo account ${account.username} first`);
    const institution = (row.institutionId !== null && institutionById.get(row.institutionId)) || institutionRows[0];
    demo.set(account.username, {
      id: row.id,
      username: row.username,
      displayName: row.displayName,
      languages: account.languages.filter((l): l is Lang => (LANGS as readonly string[]).includes(l)),
      institution,
      countryCode: row.countryCode ?? institution.countryCode,
      interests: demoInterests(account.username),
      specialist: account.specialist ?? false,
      activity: DEMO_ACTIVITY[account.username] ?? 1,
    });
  }
  return demo;
}

function demoInterests(username: string): ThemeKey[] {
  if (username === 'lucia_moderadora') return ['dual', 'youth', 'quality'];
  if (username === 'carlos_especialista') return ['competencies', 'rpl'];
  return ['trainers'];
}

/** The ids of those of `usernames` that have an account already. */
export async function loadMemberIds(db: Db, usernames: string[]): Promise<Map<string, number>> {
  const rows = await db.select({ id: users.id, username: users.username }).from(users).where(inArray(users.username, usernames));
  return new Map(rows.map((r) => [r.username, r.id]));
}

/** The highest id in `table` (0 when empty): the planned rows are numbered after it. */
export async function maxId(db: Db, table: typeof communities | typeof forums | typeof threads | typeof posts): Promise<number> {
  return Number((await db.select({ max: sql<number>`coalesce(max(${table.id}), 0)` }).from(table))[0]!.max);
}
