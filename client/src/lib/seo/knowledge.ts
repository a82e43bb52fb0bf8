import type {
  Experience,
  InstitutionDetail,
  KnowledgeKind,
  Profile,
  Resource,
  Specialist,
} from '../../../../shared/schemas/knowledge.ts';
import { absoluteUrl, personJsonLd, SCHEMA_CONTEXT, type JsonLd } from './json-ld.ts';

/** A vocabulary code in words (`sector`, `P` → "Education"); the code itself when unknown. */
export type LabelOf = (scheme: string, code: string) => string;

const codeItself: LabelOf = (_scheme, code) => code;

type InstitutionRef = { id: number; acronym: string; name: string };

function organization(base: string, institution: InstitutionRef) {
  return {
    '@type': 'EducationalOrganization',
    name: institution.name,
    alternateName: institution.acronym,
    url: absoluteUrl(base, `/knowledge/institutions/${institution.id}`),
  };
}

function nonEmpty<T>(items: T[]): T[] | undefined {
  return items.length > 0 ? items : undefined;
}

/** A teaching resource: a `LearningResource`, published by its institution. */
export function resourceJsonLd(base: string, item: Resource, labelOf: LabelOf = codeItself): JsonLd {
  return {
    '@context': SCHEMA_CONTEXT,
    '@type': 'LearningResource',
    name: item.title,
    description: item.summary || undefined,
    url: absoluteUrl(base, `/knowledge/resources/${item.id}`),
    learningResourceType: labelOf('resource_type', item.type),
    inLanguage: nonEmpty(item.languages),
    author: nonEmpty(item.authors.map((name) => ({ '@type': 'Person', name }))),
    publisher: item.institution ? organization(base, item.institution) : undefined,
    dateCreated: item.year !== null ? String(item.year) : undefined,
    dateModified: item.updatedAt,
    keywords: nonEmpty(item.topics.map((code) => labelOf('theme', code))),
    audience: nonEmpty(item.audiences.map((code) => ({ '@type': 'EducationalAudience', educationalRole: labelOf('audience', code) }))),
    encodingFormat: item.file?.mime ?? item.format ?? undefined,
    sameAs: item.url ?? undefined,
    countryOfOrigin: item.countryCode ? { '@type': 'Country', identifier: item.countryCode } : undefined,
    isAccessibleForFree: true,
  };
}

/** An experience of a member institution: a documented practice (`CreativeWork`). */
export function experienceJsonLd(base: string, item: Experience, labelOf: LabelOf = codeItself): JsonLd {
  return {
    '@context': SCHEMA_CONTEXT,
    '@type': 'CreativeWork',
    name: item.title,
    description: item.summary || undefined,
    url: absoluteUrl(base, `/knowledge/experiences/${item.id}`),
    about: labelOf('theme', item.theme),
    inLanguage: nonEmpty(item.languages),
    creator: item.institution ? organization(base, item.institution) : undefined,
    contributor: nonEmpty(item.partners.map((name) => ({ '@type': 'Organization', name }))),
    temporalCoverage: item.startYear ? `${item.startYear}/${item.endYear ?? '..'}` : undefined,
    dateModified: item.updatedAt,
  };
}

/** An occupational profile: the `Occupation` it describes, with its ISCO code. */
export function profileJsonLd(base: string, item: Profile, labelOf: LabelOf = codeItself): JsonLd {
  return {
    '@context': SCHEMA_CONTEXT,
    '@type': 'Occupation',
    name: item.title,
    description: item.purpose || undefined,
    url: absoluteUrl(base, `/knowledge/profiles/${item.id}`),
    identifier: item.nationalCode || undefined,
    occupationalCategory: item.iscoCode
      ? { '@type': 'CategoryCode', codeValue: item.iscoCode, inCodeSet: 'ISCO-08' }
      : undefined,
    skills: nonEmpty(item.units.map((unit) => unit.title)),
    occupationLocation: item.countryCode ? { '@type': 'Country', identifier: item.countryCode } : undefined,
    industry: item.sector ? labelOf('sector', item.sector) : undefined,
    educationRequirements: item.level ? labelOf('level', item.level) : undefined,
  };
}

/**
 * A specialist of the directory: a `Person` with the institution they work for and what they
 * know about. `jobTitle` is the role they hold in the network, in the reader's language.
 */
export function specialistJsonLd(
  base: string,
  item: Specialist,
  jobTitle: string,
  labelOf: LabelOf = codeItself,
): JsonLd {
  return {
    '@context': SCHEMA_CONTEXT,
    '@type': 'Person',
    name: item.name,
    url: absoluteUrl(base, `/knowledge/specialists/${item.id}`),
    jobTitle,
    description: item.summary || undefined,
    affiliation: item.institution ? organization(base, item.institution) : undefined,
    worksFor: item.institution ? organization(base, item.institution) : undefined,
    knowsAbout: nonEmpty(item.expertise.map((code) => labelOf('expertise', code))),
    knowsLanguage: nonEmpty(item.languages),
    nationality: item.countryCode ? { '@type': 'Country', identifier: item.countryCode } : undefined,
    sameAs: item.user ? personJsonLd(base, item.user).url : undefined,
  };
}

/** A member institution: an `EducationalOrganization` with its country (and city). */
export function institutionJsonLd(base: string, item: InstitutionDetail, countryName?: string): JsonLd {
  return {
    '@context': SCHEMA_CONTEXT,
    '@type': 'EducationalOrganization',
    name: item.name,
    alternateName: item.acronym,
    description: item.description || undefined,
    url: absoluteUrl(base, `/knowledge/institutions/${item.id}`),
    sameAs: item.website ?? undefined,
    foundingDate: item.founded !== null ? String(item.founded) : undefined,
    address: {
      '@type': 'PostalAddress',
      addressCountry: item.countryCode,
      ...(item.city ? { addressLocality: item.city } : {}),
    },
    ...(countryName ? { areaServed: { '@type': 'Country', name: countryName, identifier: item.countryCode } } : {}),
  };
}

export type KnowledgeRecord = Resource | Experience | Profile | Specialist | InstitutionDetail;

export interface KnowledgeWords {
  labelOf?: LabelOf;
  /** A specialist's role in the network ("Especialista"), in the reader's language. */
  specialistTitle: string;
  countryName?: (code: string) => string;
}

/** The structured data of any record, by its kind. */
export function knowledgeJsonLd(base: string, kind: KnowledgeKind, item: KnowledgeRecord, words: KnowledgeWords): JsonLd {
  switch (kind) {
    case 'resources':
      return resourceJsonLd(base, item as Resource, words.labelOf);
    case 'experiences':
      return experienceJsonLd(base, item as Experience, words.labelOf);
    case 'profiles':
      return profileJsonLd(base, item as Profile, words.labelOf);
    case 'specialists':
      return specialistJsonLd(base, item as Specialist, words.specialistTitle, words.labelOf);
    case 'institutions': {
      const institution = item as InstitutionDetail;
      return institutionJsonLd(base, institution, words.countryName?.(institution.countryCode));
    }
  }
}

/** What a record says about itself in a sentence or two: its summary, purpose or description. */
export function knowledgeDescription(item: KnowledgeRecord): string {
  if ('purpose' in item) return item.purpose;
  if ('summary' in item) return item.summary;
  if ('description' in item) return item.description;
  return '';
}

/** The language a record's text is written in, when it says (a profile's; a record in one language). */
export function knowledgeLanguage(item: KnowledgeRecord): string | null {
  if ('language' in item) return item.language || null;
  if ('expertise' in item) return null;
  if ('languages' in item && item.languages.length === 1) return item.languages[0]!;
  return null;
}
