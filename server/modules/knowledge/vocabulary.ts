import type { Db } from '../../../db/client.ts';
import type { VocabTerm } from '../../../shared/schemas/knowledge.ts';
import { createVocabularyRepository } from './vocabulary-repository.ts';

/** The controlled vocabularies, read once and kept: they change only with a release. */
export function createVocabulary(db: Db) {
  const repo = createVocabularyRepository(db);
  let cache: Promise<Map<string, VocabTerm[]>> | null = null;
  function load(): Promise<Map<string, VocabTerm[]>> {
    if (cache) return cache;
    const loading = read();
    cache = loading;
    // A failed read is not kept: the next call reads again.
    void loading.catch(() => {
      if (cache === loading) cache = null;
    });
    return loading;
  }
  async function read(): Promise<Map<string, VocabTerm[]>> {
    const terms = new Map<string, VocabTerm[]>();
    for (const row of await repo.terms()) {
      const term: VocabTerm = {
        scheme: row.scheme,
        code: row.code,
        labels: { es: row.labelEs, pt: row.labelPt, en: row.labelEn },
        parentCode: row.parentCode,
      };
      if (!terms.has(row.scheme)) terms.set(row.scheme, []);
      terms.get(row.scheme)!.push(term);
    }
    return terms;
  }
  return {
    scheme: async (scheme: string): Promise<VocabTerm[]> => (await load()).get(scheme) ?? [],
    all: async (): Promise<VocabTerm[]> => [...(await load()).values()].flat(),
    has: async (scheme: string, code: string): Promise<boolean> => ((await load()).get(scheme) ?? []).some((t) => t.code === code),
    /** After an import or a seed in the same process. */
    reload(): void {
      cache = null;
    },
    exists: (scheme: string) => repo.schemeExists(scheme),
  };
}

export type Vocabulary = ReturnType<typeof createVocabulary>;
