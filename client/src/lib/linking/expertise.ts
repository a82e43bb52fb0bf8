import type { VocabTerm, VocabularyResponse } from '../../../../shared/schemas/knowledge.ts';
import { api } from '../api.ts';

/** Most areas a question may ask for (ThreadCreate's `expertise.maxItems`; the server refuses more). */
export const EXPERTISE_MAX = 5;

let pending: Promise<VocabTerm[]> | undefined;

/** The areas of expertise specialists declare, loaded once a visit. */
export function loadExpertise(): Promise<VocabTerm[]> {
  if (!pending) {
    pending = api.get<VocabularyResponse>('/api/vocabularies/expertise').then((list) => list.items);
    pending.catch(() => (pending = undefined));
  }
  return pending;
}
