import { randomBytes } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { transaction } from '../access.ts';
import type { Db } from '../client.ts';
import { countries, institutions, users } from '../schema/index.ts';
import { COUNTRIES } from './data/countries.ts';
import { coordinatesOf, INSTITUTIONS } from './data/institutions.ts';
import { DEMO_ACCOUNTS } from './data/people.ts';
import { enrolSyntheticMembers, seedForums, type ForumSeedResult } from './forums/index.ts';
import { seedKnowledge, seedKnowledgeReference, type KnowledgeSeedResult } from './knowledge/index.ts';
import { seedWorkshops } from './workshops.ts';
import { seedModeration } from './moderation.ts';
import { seedMyData } from './my-data.ts';
import { seedForget } from './forget.ts';
import { seedInvitations } from './invitations.ts';
import { seedCooperation } from './cooperation.ts';
import { seedFaq } from './faq.ts';
import { seedNews } from './news.ts';
import { seedAgreements } from './agreements.ts';
import { seedWithdrawals } from './withdrawals.ts';
import { seedKnowledgeUse } from './activity.ts';
import { seedAffiliation } from './affiliation.ts';
import { insertBatches, syncIdentities } from './write.ts';

export { syncIdentities } from './write.ts';

export interface SeedOptions {
  /** Countries and member institutions: the network's reference data. */
  reference: boolean;
  /** Demo accounts (needs `reference`). */
  demoAccounts: boolean;
  /** Password for the demo accounts; generated when absent. */
  demoPassword?: string;
  /**
   * Teaching resources, occupational profiles, experiences and specialists (needs
   * `demoAccounts`); default true. The vocabularies and the institutions' types and
   * descriptions come with `reference` whatever this says.
   */
  knowledge?: boolean;
  /** Communities, forums and discussions with synthetic members (needs `demoAccounts`); default true. */
  forums?: boolean;
  /** The moment workshops are placed around (upcoming, live now, past); default the time of seeding. */
  now?: Date;
  /** Volume of the knowledge and forum demo data: 1 (default) is the full demo; tests use a fraction. */
  scale?: number;
  hashPassword: (password: string) => Promise<string>;
  progress?: (line: string) => void;
}

export interface SeedResult {
  countries: number;
  institutions: number;
  accounts: number;
  /** Set when the demo password was generated here: the caller prints it once. */
  generatedPassword: string | null;
  /** Controlled-vocabulary terms loaded with the reference data. */
  vocabularyTerms: number;
  /** What the knowledge demo data added, when it was loaded. */
  knowledge?: KnowledgeSeedResult;
  /** What the forum demo data added, when it was loaded. */
  forums?: ForumSeedResult;
  /** Demo workshops added (with the forums). */
  workshops?: number;
}

/** Loads the demo data into a new database. Deterministic: the same input gives the same rows. */
export async function seedDatabase(db: Db, options: SeedOptions): Promise<SeedResult> {
  const progress = options.progress ?? (() => {});
  const started = performance.now();
  const result: SeedResult = { countries: 0, institutions: 0, accounts: 0, generatedPassword: null, vocabularyTerms: 0 };
  if (!options.reference) return result;

  await transaction(db, async () => {
    await insertBatches(
      db,
      countries,
      COUNTRIES.map((c) => ({ code: c.code, nameEs: c.names.es, namePt: c.names.pt, nameEn: c.names.en, region: c.region })),
    );
    progress(`countries ${COUNTRIES.length}/${COUNTRIES.length}`);
    await insertBatches(
      db,
      institutions,
      INSTITUTIONS.map((i) => ({
        acronym: i.acronym,
        name: i.name,
        countryCode: i.countryCode,
        kind: i.kind,
        website: i.website,
        city: i.city,
        founded: i.founded ?? null,
        lat: coordinatesOf(i)?.lat ?? null,
        lon: coordinatesOf(i)?.lon ?? null,
      })),
    );
    progress(`institutions ${INSTITUTIONS.length}/${INSTITUTIONS.length}`);
  });
  result.countries = COUNTRIES.length;
  result.institutions = INSTITUTIONS.length;
  result.vocabularyTerms = (await seedKnowledgeReference(db, progress)).terms;

  if (!options.demoAccounts) return result;

  const password = options.demoPassword ?? randomBytes(12).toString('base64url');
  if (!options.demoPassword) result.generatedPassword = password;
  const passwordHash = await options.hashPassword(password);

  await transaction(db, async () => {
    for (const [index, account] of DEMO_ACCOUNTS.entries()) {
      const [institution] = await db
        .select({ id: institutions.id })
        .from(institutions)
        .where(and(eq(institutions.acronym, account.institution.acronym), eq(institutions.countryCode, account.institution.countryCode)))
        .limit(1);
      await db.insert(users).values({
        username: account.username,
        email: account.email,
        passwordHash,
        displayName: account.displayName,
        role: account.role,
        institutionId: institution?.id ?? null,
        countryCode: account.institution.countryCode,
        languages: account.languages,
        bio: account.bio,
        specialist: account.specialist ?? false,
        // Fixed join dates keep the demo deterministic.
        createdAt: new Date(Date.UTC(2025, 0, 6 + index * 7)),
      });
      progress(`accounts ${index + 1}/${DEMO_ACCOUNTS.length}`);
    }
  });
  result.accounts = DEMO_ACCOUNTS.length;

  const knowledge = options.knowledge !== false;
  const forums = options.forums !== false;
  // Order: the synthetic members (the specialists directory links some of them), the
  // knowledge bases, then the discussions, which cite them. The members share the demo
  // accounts' password hash: hashed once, above.
  if (forums) await enrolSyntheticMembers(db, passwordHash, progress);
  if (knowledge) result.knowledge = await seedKnowledge(db, { progress, scale: options.scale });
  if (forums) result.forums = await seedForums(db, { passwordHash, progress, scale: options.scale, citeKnowledge: knowledge, knowledgeTrades: result.knowledge?.trades });
  // The knowledge and forum rows carry their planned ids: the identities move past them before
  // the steps below insert rows without one.
  await syncIdentities(db);
  if (forums) result.workshops = await seedWorkshops(db, { now: options.now ?? new Date(), progress });
  if (forums) await seedModeration(db, progress);
  if (forums) await seedMyData(db, { now: options.now ?? new Date(), progress });
  if (forums) await seedInvitations(db, { now: options.now ?? new Date(), progress });
  if (forums) await seedCooperation(db, { now: options.now ?? new Date(), progress });
  if (forums) await seedFaq(db, progress);
  if (forums) await seedNews(db, progress);
  if (forums) await seedAgreements(db, progress);
  if (knowledge) await seedWithdrawals(db, progress);
  if (forums && knowledge) await seedKnowledgeUse(db, progress);
  if (forums) await seedAffiliation(db, progress);
  // Demo accounts and synthetic members hold addresses nobody can read: they count as verified.
  await db.update(users).set({ emailVerifiedAt: sql`created_at` }).where(isNull(users.emailVerifiedAt));
  // Last: an erased account leaves nothing behind that a later step would add again.
  if (forums) await seedForget(db, { now: options.now ?? new Date(), progress });
  await syncIdentities(db);
  progress(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return result;
}
