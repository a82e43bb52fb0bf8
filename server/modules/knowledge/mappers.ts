import type { ExperienceRow, ProfileRow, ResourceRow, SpecialistRow } from '../../../db/schema/index.ts';
import type { Experience, KnowledgeSummary, Profile, Resource, Specialist } from '../../../shared/schemas/knowledge.ts';
import { maySeeCvVisibility, visibleCv, type FieldReader } from './specialist-visibility.ts';

type InstitutionRef = { id: number; acronym: string; name: string } | null;
const iso = (date: Date) => date.toISOString();

export function resourceSummary(row: ResourceRow, institution: InstitutionRef): KnowledgeSummary {
  return {
    id: row.id,
    kind: 'resources',
    title: row.title,
    subtitle: row.authors.join(', '),
    countryCode: row.countryCode,
    institution,
    languages: row.languages,
    year: row.year,
    tags: [
      { scheme: 'resource_type', code: row.type },
      ...(row.sector ? [{ scheme: 'sector', code: row.sector }] : []),
      ...row.topics.map((code) => ({ scheme: 'theme', code })),
    ],
    url: `/knowledge/resources/${row.id}`,
  };
}

export function experienceSummary(row: ExperienceRow, institution: InstitutionRef): KnowledgeSummary {
  return {
    id: row.id,
    kind: 'experiences',
    title: row.title,
    subtitle: row.partners.join(', '),
    countryCode: row.countryCode,
    institution,
    languages: row.languages,
    year: row.startYear,
    tags: [{ scheme: 'theme', code: row.theme }, ...(row.sector ? [{ scheme: 'sector', code: row.sector }] : [])],
    url: `/knowledge/experiences/${row.id}`,
  };
}

export function profileSummary(row: ProfileRow, institution: InstitutionRef): KnowledgeSummary {
  return {
    id: row.id,
    kind: 'profiles',
    title: row.title,
    subtitle: row.nationalCode,
    countryCode: row.countryCode,
    institution,
    languages: [row.language],
    year: row.validatedYear,
    tags: [...(row.sector ? [{ scheme: 'sector', code: row.sector }] : []), ...(row.level ? [{ scheme: 'level', code: row.level }] : [])],
    url: `/knowledge/profiles/${row.id}`,
  };
}

export function specialistSummary(row: SpecialistRow, institution: InstitutionRef): KnowledgeSummary {
  return {
    id: row.id,
    kind: 'specialists',
    title: row.name,
    subtitle: row.summary.slice(0, 160),
    countryCode: row.countryCode,
    institution,
    languages: row.languages,
    year: null,
    tags: row.expertise.map((code) => ({ scheme: 'expertise', code })),
    url: `/knowledge/specialists/${row.id}`,
  };
}

export function toResource(row: ResourceRow, institution: InstitutionRef): Resource {
  return {
    id: row.id,
    title: row.title,
    summary: row.summary,
    type: row.type,
    languages: row.languages,
    countryCode: row.countryCode,
    institution,
    authors: row.authors,
    year: row.year,
    sector: row.sector,
    topics: row.topics,
    audiences: row.audiences,
    modality: row.modality,
    format: row.format,
    licence: row.licence,
    url: row.url,
    file: null,
    updatedAt: iso(row.updatedAt),
  };
}

export function toExperience(row: ExperienceRow, institution: InstitutionRef, related: { id: number; title: string }[]): Experience {
  return {
    id: row.id,
    title: row.title,
    summary: row.summary,
    theme: row.theme,
    institution,
    countryCode: row.countryCode,
    startYear: row.startYear,
    endYear: row.endYear,
    partners: row.partners,
    results: row.results,
    languages: row.languages,
    sector: row.sector,
    resources: related,
    updatedAt: iso(row.updatedAt),
  };
}

export function toProfile(row: ProfileRow, institution: InstitutionRef): Profile {
  return {
    id: row.id,
    nationalCode: row.nationalCode,
    title: row.title,
    sector: row.sector,
    subsector: row.subsector,
    countryCode: row.countryCode,
    institution,
    level: row.level,
    iscoCode: row.iscoCode,
    purpose: row.purpose,
    units: row.units,
    curriculum: row.curriculum,
    evaluation: row.evaluation,
    validatedBy: row.validatedBy,
    validatedYear: row.validatedYear,
    language: row.language,
    updatedAt: iso(row.updatedAt),
  };
}

/** A specialist's page: only the CV sections, and settings, the reader may see (specialist-visibility.ts). */
export function toSpecialist(
  row: SpecialistRow,
  institution: InstitutionRef,
  extra: { reader: FieldReader; user: Specialist['user']; answers: Specialist['answers']; answered: Specialist['answered'] },
): Specialist {
  return {
    id: row.id,
    name: row.name,
    institution,
    countryCode: row.countryCode,
    expertise: row.expertise,
    languages: row.languages,
    summary: row.summary,
    cv: visibleCv(row.cv, extra.reader, row.cvVisibility),
    availability: row.availability,
    ...(maySeeCvVisibility(extra.reader) ? { cvVisibility: row.cvVisibility } : {}),
    user: extra.user,
    answers: extra.answers,
    answered: extra.answered,
    updatedAt: iso(row.updatedAt),
  };
}
