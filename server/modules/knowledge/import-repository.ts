import { eq } from 'drizzle-orm';
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
    countryCodes: (): string[] => db.select({ code: countries.code }).from(countries).all().map((c) => c.code),
    institutions: () => db.select({ id: institutions.id, acronym: institutions.acronym, countryCode: institutions.countryCode }).from(institutions).all(),
    userIdOf: (username: string): number | undefined => db.select({ id: users.id }).from(users).where(eq(users.username, username)).get()?.id,

    /** One batch of checked records, in one transaction; the full-text index follows through its triggers. */
    insertBatch(kind: ExportKind, rows: Record<string, unknown>[]): void {
      const table = TABLES[kind] as typeof resources;
      db.transaction((tx) => {
        tx.insert(table)
          .values(rows as (typeof resources.$inferInsert)[])
          .run();
      });
    },
  };
}

export type ImportRepository = ReturnType<typeof createImportRepository>;
