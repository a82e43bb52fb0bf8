import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { vocabTerms } from '../../../db/schema/index.ts';

/** The controlled vocabularies' terms (written only by migrations and the seed). */
export function createVocabularyRepository(db: Db) {
  return {
    /** Every term, scheme by scheme, in each scheme's order. */
    terms: async () => db.select().from(vocabTerms).orderBy(asc(vocabTerms.scheme), asc(vocabTerms.position), asc(vocabTerms.code)),

    /** Every scheme and code, for checking many values at once. */
    codes: async () => db.select({ scheme: vocabTerms.scheme, code: vocabTerms.code }).from(vocabTerms),

    schemeExists: async (scheme: string): Promise<boolean> =>
      (await db.select({ code: vocabTerms.code }).from(vocabTerms).where(eq(vocabTerms.scheme, scheme)).limit(1)).length > 0,
  };
}

export type VocabularyRepository = ReturnType<typeof createVocabularyRepository>;
