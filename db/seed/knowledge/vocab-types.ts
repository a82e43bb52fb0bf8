/** The shape of a controlled-vocabulary term, as the seed data spells it. */

export const LANGS = ['es', 'pt', 'en'] as const;
export type Lang = (typeof LANGS)[number];

export interface VocabEntry {
  readonly code: string;
  readonly es: string;
  readonly pt: string;
  readonly en: string;
  /** The broader term of the same scheme (ISCO sub-major group → major group). */
  readonly parent?: string | null;
}

export const VOCAB_SCHEMES = [
  'sector',
  'occupation',
  'level',
  'theme',
  'expertise',
  'resource_type',
  'audience',
  'modality',
  'licence',
  'availability',
] as const;
export type VocabScheme = (typeof VOCAB_SCHEMES)[number];
