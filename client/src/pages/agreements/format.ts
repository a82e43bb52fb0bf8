import type { AgreementSummary } from '../../../../shared/schemas/agreements.ts';
import { formatDate, t } from '../../lib/i18n.svelte.ts';

/** A calendar day (`YYYY-MM-DD`) in the reader's language; noon UTC keeps it the same day everywhere. */
export const formatDay = (day: string) => formatDate(`${day}T12:00:00Z`, 'medium');

export function periodText(item: Pick<AgreementSummary, 'startDate' | 'endDate'>): string {
  const start = formatDay(item.startDate);
  return item.endDate ? t('agreements.period.range', { start, end: formatDay(item.endDate) }) : t('agreements.period.from', { start });
}

export const partiesText = (item: Pick<AgreementSummary, 'parties'>) => item.parties.map((p) => p.institution.acronym).join(' · ');
