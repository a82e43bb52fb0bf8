import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { vocabTerms } from '../../../db/schema/index.ts';
import type { VocabTerm } from '../../../shared/schemas/knowledge.ts';

/** The controlled vocabularies, read once and kept: they change only with a release. */
export function createVocabulary(db: Db) {
  let cache: Map<string, VocabTerm[]> | null = null;
  function load(): Map<string, VocabTerm[]> {
    if (cache) return cache;
    cache = new Map();
    for (const row of db.select().from(vocabTerms).orderBy(asc(vocabTerms.scheme), asc(vocabTerms.position), asc(vocabTerms.code)).all()) {
      const term: VocabTerm = {
        scheme: row.scheme,
        code: row.code,
        labels: { es: row.labelEs, pt: row.labelPt, en: row.labelEn },
        parentCode: row.parentCode,
      };
      if (!cache.has(row.scheme)) cache.set(row.scheme, []);
      cache.get(row.scheme)!.push(term);
    }
    return cache;
  }
  return {
    scheme: (scheme: string): VocabTerm[] => load().get(scheme) ?? [],
    all: (): VocabTerm[] => [...load().values()].flat(),
    has: (scheme: string, code: string): boolean => (load().get(scheme) ?? []).some((t) => t.code === code),
    /** After an import or a seed in the same process. */
    reload(): void {
      cache = null;
    },
    exists: (scheme: string) => !!db.select({ code: vocabTerms.code }).from(vocabTerms).where(eq(vocabTerms.scheme, scheme)).get(),
  };
}

export type Vocabulary = ReturnType<typeof createVocabulary>;
