import type { KnowledgeKind } from '../../../shared/schemas/knowledge.ts';

/** A facet or filter: a query parameter read from a column, one value or a JSON array of them. */
export interface Dimension {
  /** Query parameter and facet name. */
  param: 'country' | 'sector' | 'language' | 'kind' | 'theme' | 'institution' | 'year' | 'level';
  column: string;
  multi: boolean;
  /** The vocabulary its codes come from, if any (for labels). */
  scheme?: string;
}

export interface KindSpec {
  kind: Exclude<KnowledgeKind, 'institutions'>;
  table: string;
  /** The kind in the full-text index and in typed links. */
  linkType: 'resource' | 'experience' | 'profile' | 'specialist';
  titleColumn: string;
  yearColumn: string | null;
  dimensions: Dimension[];
}

/** What can be browsed and faceted for each kind. Column names are trusted constants. */
export const KIND_SPECS: Record<KindSpec['kind'], KindSpec> = {
  resources: {
    kind: 'resources',
    table: 'resources',
    linkType: 'resource',
    titleColumn: 'title',
    yearColumn: 'year',
    dimensions: [
      { param: 'country', column: 'country_code', multi: false },
      { param: 'sector', column: 'sector', multi: false, scheme: 'sector' },
      { param: 'kind', column: 'type', multi: false, scheme: 'resource_type' },
      { param: 'language', column: 'languages', multi: true },
      { param: 'theme', column: 'topics', multi: true, scheme: 'theme' },
      { param: 'institution', column: 'institution_id', multi: false },
      { param: 'year', column: 'year', multi: false },
    ],
  },
  experiences: {
    kind: 'experiences',
    table: 'experiences',
    linkType: 'experience',
    titleColumn: 'title',
    yearColumn: 'start_year',
    dimensions: [
      { param: 'country', column: 'country_code', multi: false },
      { param: 'theme', column: 'theme', multi: false, scheme: 'theme' },
      { param: 'sector', column: 'sector', multi: false, scheme: 'sector' },
      { param: 'language', column: 'languages', multi: true },
      { param: 'institution', column: 'institution_id', multi: false },
      { param: 'year', column: 'start_year', multi: false },
    ],
  },
  profiles: {
    kind: 'profiles',
    table: 'profiles',
    linkType: 'profile',
    titleColumn: 'title',
    yearColumn: 'validated_year',
    dimensions: [
      { param: 'country', column: 'country_code', multi: false },
      { param: 'sector', column: 'sector', multi: false, scheme: 'sector' },
      { param: 'level', column: 'level', multi: false, scheme: 'level' },
      { param: 'language', column: 'language', multi: false },
      { param: 'institution', column: 'institution_id', multi: false },
      { param: 'year', column: 'validated_year', multi: false },
    ],
  },
  specialists: {
    kind: 'specialists',
    table: 'specialists',
    linkType: 'specialist',
    titleColumn: 'name',
    yearColumn: null,
    dimensions: [
      { param: 'country', column: 'country_code', multi: false },
      { param: 'theme', column: 'expertise', multi: true, scheme: 'expertise' },
      { param: 'language', column: 'languages', multi: true },
      { param: 'institution', column: 'institution_id', multi: false },
    ],
  },
};
