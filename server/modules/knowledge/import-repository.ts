import { eq } from 'drizzle-orm';
import { transaction } from '../../../db/access.ts';
import type { Db } from '../../../db/client.ts';
import { countries, experiences, institutions, profiles, resources, specialists, users } from '../../../db/schema/index.ts';
import type { ExportKind } from './export.ts';
import { createVocabularyRepository } from './vocabulary-repository.ts';

const TABLES = { resources, experiences, profiles, specialists } as const;

/** What an import reads to check its rows, and the batch insert of the rows that passed. */
export function createImportRepository(db: Db) {
  const vocabulary = createVocabularyRepository(db);
  return {
    vocabularyCodes: () => vocabulary.codes(),
    countryCodes: async (): Promise<string[]> => (await db.select({ code: countries.code }).from(countries)).map((c) => c.code),
    institutions: async () =>
      db.select({ id: institutions.id, acronym: institutions.acronym, countryCode: institutions.countryCode }).from(institutions),
    userIdOf: async (username: string): Promise<number | undefined> =>
      (await db.select({ id: users.id }).from(users).where(eq(users.username, username)).limit(1))[0]?.id,

    /** One batch of checked records, in one transaction; the full-text index follows through its triggers. */
    async insertBatch(kind: ExportKind, rows: Record<string, unknown>[]): Promise<void> {
      const table = TABLES[kind] as typeof resources;
      await transaction(db, async () => {
        await db.insert(table).values(rows as (typeof resources.$inferInsert)[]);
      });
    },
  };
}

export type ImportRepository = ReturnType<typeof createImportRepository>;
