import type { CountedKey } from '../i18n.svelte.ts';
import { t } from '../i18n.svelte.ts';
import { languageName } from '../languages.ts';
import type { FacetSpec, KnowledgeKind } from './kinds.ts';
import { reference } from './reference.svelte.ts';

/** "12 resources", "1 specialist": the counted noun of each kind. */
export const countKey = (kind: KnowledgeKind) => `knowledge.count.${kind}` as CountedKey;

/** A facet value as a reader knows it: a country's name, a term's label, an acronym… */
export function facetValueLabel(spec: FacetSpec, value: string): string {
  switch (spec.values) {
    case 'country':
      return reference.countryLabel(value);
    case 'vocab':
      return reference.label(spec.scheme!, value);
    case 'language':
      return languageName(value);
    case 'institution':
      return reference.institution(value)?.acronym ?? value;
    case 'institutionKind':
      return value === 'constituent' || value === 'associated' ? t(`home.institutions.${value}`) : value;
    default:
      return value;
  }
}

/** The full name behind a short facet label (an institution's acronym), when there is one. */
export function facetValueTitle(spec: FacetSpec, value: string): string | undefined {
  return spec.values === 'institution' ? reference.institution(value)?.name : undefined;
}
