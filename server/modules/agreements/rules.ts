import { AGREEMENT_TITLE_MAX, MAX_PARTIES } from '../../../shared/schemas/agreements.ts';
import { cook, MarkdownTooComplexError } from '../../lib/markdown.ts';
import { AppError } from '../../lib/errors.ts';
import type { AgreementsRepository, AreaValue, PartyValue } from './repository.ts';

/** Objectives carry no mentions or typed links: cooked with a resolver that finds none. */
const NO_LOOKUPS = { existingUsernames: () => new Set<string>(), resolveLinks: () => [] };

export function cleanTitle(value: string): string {
  const title = value.replace(/\s+/g, ' ').trim();
  if (title.length < 3 || title.length > AGREEMENT_TITLE_MAX) throw new AppError('AGREEMENT_TITLE_INVALID', { field: 'title', params: { max: AGREEMENT_TITLE_MAX } });
  return title;
}

export function cookObjectives(source: string): { objectivesSource: string; objectivesHtml: string } {
  const text = source.replace(/\r\n/g, '\n').trim();
  try {
    return { objectivesSource: text, objectivesHtml: text ? cook(text, NO_LOOKUPS).html : '' };
  } catch (error) {
    if (error instanceof MarkdownTooComplexError) throw new AppError('BODY_TOO_COMPLEX', { field: 'objectives' });
    throw error;
  }
}

const isDay = (value: string) => {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
};

/** A real calendar period: the end (if any) on or after the start. */
export function cleanPeriod(startDate: string, endDate: string | null): { startDate: string; endDate: string | null } {
  if (!isDay(startDate)) throw new AppError('AGREEMENT_DATES_INVALID', { field: 'startDate' });
  if (endDate !== null && (!isDay(endDate) || endDate < startDate)) throw new AppError('AGREEMENT_DATES_INVALID', { field: 'endDate' });
  return { startDate, endDate };
}

/** Two or more distinct member institutions, each with its signing day (if signed). */
export async function cleanParties(
  repo: AgreementsRepository,
  institutionIds: number[],
  signatures: { institutionId: number; signedOn: string | null }[] = [],
  previous: PartyValue[] = [],
): Promise<PartyValue[]> {
  const ids = [...new Set(institutionIds)];
  if (ids.length < 2 || ids.length > MAX_PARTIES) throw new AppError('AGREEMENT_PARTIES_INVALID', { field: 'institutionIds', params: { max: MAX_PARTIES } });
  const existing = await repo.existingInstitutions(ids);
  if (ids.some((id) => !existing.has(id))) throw new AppError('AGREEMENT_PARTIES_INVALID', { field: 'institutionIds', params: { max: MAX_PARTIES } });
  const signed = new Map(previous.map((p) => [p.institutionId, p.signedOn]));
  for (const s of signatures) {
    if (!ids.includes(s.institutionId)) throw new AppError('AGREEMENT_NOT_A_PARTY', { field: 'signatures' });
    if (s.signedOn !== null && !isDay(s.signedOn)) throw new AppError('AGREEMENT_DATES_INVALID', { field: 'signatures' });
    signed.set(s.institutionId, s.signedOn);
  }
  return ids.map((institutionId) => ({ institutionId, signedOn: signed.get(institutionId) ?? null }));
}

/** Sector and theme terms of the shared vocabularies; an unknown code is named back. */
export async function cleanAreas(repo: AgreementsRepository, sectors: string[] = [], themes: string[] = []): Promise<AreaValue[]> {
  const areas: AreaValue[] = [];
  for (const [scheme, codes] of [['sector', sectors], ['theme', themes]] as const) {
    const unique = [...new Set(codes)];
    const known = await repo.existingTerms(scheme, unique);
    const unknown = unique.find((code) => !known.has(code));
    if (unknown !== undefined) throw new AppError('AGREEMENT_AREA_UNKNOWN', { field: scheme === 'sector' ? 'sectors' : 'themes', params: { code: unknown } });
    areas.push(...unique.map((code) => ({ scheme, code })));
  }
  return areas;
}
