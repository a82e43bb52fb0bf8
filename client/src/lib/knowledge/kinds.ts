import type { MessageKey } from '../../../../shared/i18n/index.ts';
import { KNOWLEDGE_KINDS, type KnowledgeKind } from '../../../../shared/schemas/knowledge.ts';

export type { KnowledgeKind };
export { KNOWLEDGE_KINDS };

/** The kinds editors curate (institutions come from the network's reference data). */
export const EDITABLE_KINDS = ['resources', 'experiences', 'profiles', 'specialists'] as const;
export type EditableKind = (typeof EDITABLE_KINDS)[number];

export function isKnowledgeKind(value: string | undefined): value is KnowledgeKind {
  return (KNOWLEDGE_KINDS as readonly (string | undefined)[]).includes(value);
}

export function isEditableKind(value: string | undefined): value is EditableKind {
  return (EDITABLE_KINDS as readonly (string | undefined)[]).includes(value);
}

/** How a facet's values read: a country name, a vocabulary label, an institution acronym… */
export type FacetValueType = 'country' | 'vocab' | 'language' | 'institution' | 'year' | 'institutionKind';

export interface FacetSpec {
  /** The query parameter, in the page's address and in the API's. */
  param: 'country' | 'sector' | 'language' | 'kind' | 'theme' | 'institution' | 'year' | 'level';
  label: MessageKey;
  values: FacetValueType;
  scheme?: string;
}

const country: FacetSpec = { param: 'country', label: 'knowledge.facet.country', values: 'country' };
const sector: FacetSpec = { param: 'sector', label: 'knowledge.facet.sector', values: 'vocab', scheme: 'sector' };
const language: FacetSpec = { param: 'language', label: 'knowledge.facet.language', values: 'language' };
const institution: FacetSpec = { param: 'institution', label: 'knowledge.facet.institution', values: 'institution' };
const year: FacetSpec = { param: 'year', label: 'knowledge.facet.year', values: 'year' };

/** The facets of each kind, in the order the panel shows them (the API's facet names). */
export const FACETS: Record<KnowledgeKind, FacetSpec[]> = {
  resources: [
    { param: 'kind', label: 'knowledge.facet.resourceType', values: 'vocab', scheme: 'resource_type' },
    { param: 'theme', label: 'knowledge.facet.topic', values: 'vocab', scheme: 'theme' },
    sector,
    country,
    institution,
    language,
    year,
  ],
  experiences: [{ param: 'theme', label: 'knowledge.facet.theme', values: 'vocab', scheme: 'theme' }, sector, country, institution, language, year],
  profiles: [sector, { param: 'level', label: 'knowledge.facet.level', values: 'vocab', scheme: 'level' }, country, institution, language, year],
  specialists: [{ param: 'theme', label: 'knowledge.facet.expertise', values: 'vocab', scheme: 'expertise' }, country, institution, language],
  institutions: [country, { param: 'kind', label: 'knowledge.facet.institutionKind', values: 'institutionKind' }],
};

export const SORTS = ['relevance', 'recent', 'title', 'year'] as const;
export type Sort = (typeof SORTS)[number];

/** The orders a kind's list offers; "best match" only means something with words to match. */
export function sortsFor(kind: KnowledgeKind, hasWords: boolean): Sort[] {
  if (kind === 'institutions') return [];
  return SORTS.filter((sort) => (sort !== 'relevance' || hasWords) && (sort !== 'year' || kind !== 'specialists'));
}

/** The query parameters a kind's page keeps in its address (and passes to the API). */
export function listParams(kind: KnowledgeKind): string[] {
  return ['q', ...FACETS[kind].map((facet) => facet.param), ...(kind === 'institutions' ? [] : ['sort']), ...(kind === 'specialists' ? ['verified'] : [])];
}

/** The page's own parameters out of an address's query, ignoring anything else. */
export function listQuery(kind: KnowledgeKind, search: URLSearchParams): Record<string, string> {
  const query: Record<string, string> = {};
  for (const name of listParams(kind)) {
    const value = search.get(name)?.trim();
    if (value) query[name] = value;
  }
  return query;
}

/** The list's address with some parameters set (a string) or removed (null). */
export function listHref(kind: KnowledgeKind, query: Record<string, string>, changes: Record<string, string | null> = {}): string {
  const params = new URLSearchParams();
  for (const name of listParams(kind)) {
    const value = name in changes ? changes[name] : query[name];
    if (value) params.set(name, value);
  }
  const search = params.toString();
  return search ? `/knowledge/${kind}?${search}` : `/knowledge/${kind}`;
}

/** Where the API lists a kind. */
export const listApi = (kind: KnowledgeKind) => `/api/${kind}`;

export const detailHref = (kind: KnowledgeKind, id: number) => `/knowledge/${kind}/${id}`;

/** Editors and admins curate the knowledge bases (the server asks the same question). */
export function canEditKnowledge(user: { role: string } | null | undefined): boolean {
  return user?.role === 'editor' || user?.role === 'admin';
}
