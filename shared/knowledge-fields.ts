/**
 * The editable fields of each kind of knowledge record: the server validates against this
 * list and the client builds its forms from it, so the two cannot drift apart.
 */
import type { KnowledgeKind } from './schemas/knowledge.ts';

export type FieldType =
  | 'text' // one line
  | 'textarea' // paragraphs
  | 'vocab' // one code of a vocabulary scheme
  | 'vocabs' // several codes of a vocabulary scheme
  | 'languages' // content languages (es, pt, en, fr)
  | 'language' // one content language
  | 'strings' // a list of free texts (authors, partners…)
  | 'year'
  | 'url'
  | 'country'
  | 'institution'
  | 'units' // competency units of a profile
  | 'modules' // curriculum modules of a profile
  | 'cv' // education, experience, publications
  | 'visibility' // who sees each CV field
  | 'account'; // the username of the account that is this specialist

export interface FieldSpec {
  name: string;
  type: FieldType;
  required?: boolean;
  scheme?: string;
  max?: number;
}

export const KNOWLEDGE_FIELDS: Record<Exclude<KnowledgeKind, 'institutions'>, FieldSpec[]> = {
  resources: [
    { name: 'title', type: 'text', required: true, max: 300 },
    { name: 'summary', type: 'textarea', max: 5000 },
    { name: 'type', type: 'vocab', scheme: 'resource_type', required: true },
    { name: 'languages', type: 'languages', required: true },
    { name: 'countryCode', type: 'country' },
    { name: 'institutionId', type: 'institution' },
    { name: 'authors', type: 'strings', max: 200 },
    { name: 'year', type: 'year' },
    { name: 'sector', type: 'vocab', scheme: 'sector' },
    { name: 'topics', type: 'vocabs', scheme: 'theme' },
    { name: 'audiences', type: 'vocabs', scheme: 'audience' },
    { name: 'modality', type: 'vocab', scheme: 'modality' },
    { name: 'format', type: 'text', max: 100 },
    { name: 'licence', type: 'vocab', scheme: 'licence' },
    { name: 'url', type: 'url' },
  ],
  experiences: [
    { name: 'title', type: 'text', required: true, max: 300 },
    { name: 'summary', type: 'textarea', max: 5000 },
    { name: 'theme', type: 'vocab', scheme: 'theme', required: true },
    { name: 'institutionId', type: 'institution' },
    { name: 'countryCode', type: 'country' },
    { name: 'startYear', type: 'year' },
    { name: 'endYear', type: 'year' },
    { name: 'partners', type: 'strings', max: 200 },
    { name: 'results', type: 'textarea', max: 5000 },
    { name: 'languages', type: 'languages', required: true },
    { name: 'sector', type: 'vocab', scheme: 'sector' },
  ],
  profiles: [
    { name: 'nationalCode', type: 'text', required: true, max: 60 },
    { name: 'title', type: 'text', required: true, max: 300 },
    { name: 'sector', type: 'vocab', scheme: 'sector' },
    { name: 'subsector', type: 'text', max: 200 },
    { name: 'countryCode', type: 'country' },
    { name: 'institutionId', type: 'institution' },
    { name: 'level', type: 'vocab', scheme: 'level' },
    { name: 'iscoCode', type: 'text', max: 10 },
    { name: 'purpose', type: 'textarea', max: 5000 },
    { name: 'units', type: 'units' },
    { name: 'curriculum', type: 'modules' },
    { name: 'evaluation', type: 'textarea', max: 5000 },
    { name: 'validatedBy', type: 'text', max: 200 },
    { name: 'validatedYear', type: 'year' },
    { name: 'language', type: 'language', required: true },
  ],
  specialists: [
    { name: 'name', type: 'text', required: true, max: 200 },
    { name: 'institutionId', type: 'institution' },
    { name: 'countryCode', type: 'country' },
    { name: 'expertise', type: 'vocabs', scheme: 'expertise', required: true },
    { name: 'languages', type: 'languages', required: true },
    { name: 'summary', type: 'textarea', max: 5000 },
    { name: 'cv', type: 'cv' },
    { name: 'availability', type: 'vocabs', scheme: 'availability' },
    { name: 'cvVisibility', type: 'visibility' },
    { name: 'userId', type: 'account' },
  ],
};

export const CONTENT_LANGUAGE_CODES = ['es', 'pt', 'en', 'fr'] as const;

/** The sections of a specialist's CV; each is shown to everyone or to members only (`cvVisibility`). */
export const CV_SECTIONS = ['education', 'experience', 'publications'] as const;
export type CvSection = (typeof CV_SECTIONS)[number];
