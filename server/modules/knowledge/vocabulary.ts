import type { Db } from '../../../db/client.ts';
import type { VocabTerm } from '../../../shared/schemas/knowledge.ts';
import { createVocabularyRepository } from './vocabulary-repository.ts';

/** The controlled vocabularies, read once and kept: they change only with a release. */
export function createVocabulary(db: Db) {
  const repo = createVocabularyRepository(db);
  let cache: Map<string, VocabTerm[]> | null = null;
  function load(): Map<string, VocabTerm[]> {
    if (cache) return cache;
    cache = new Map();
    for (const row of repo.terms()) {
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
    exists: (scheme: string) => repo.schemeExists(scheme),
  };
}

export type Vocabulary = ReturnType<typeof createVocabulary>;
