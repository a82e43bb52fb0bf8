import type { DigestFrequency } from '../../../db/schema/index.ts';

const DAY_MS = 24 * 60 * 60_000;

export type DigestSchedule = Exclude<DigestFrequency, 'never'>;

/** How much a digest covers at most (a member away for a month gets the last period, not all of it). */
export const PERIOD_MS: Record<DigestSchedule, number> = { daily: DAY_MS, weekly: 7 * DAY_MS };

/** A member seen within this long before a run is not sent one ("active that day"). */
export const ACTIVE_WINDOW_MS = DAY_MS;

/**
 * The period a run at `now` belongs to, in UTC: the day (`D2026-12-06`) or the ISO week
 * (`W2026-49`). One digest per member and period: the key is what is recorded as done.
 */
export function periodKey(frequency: DigestSchedule, now: Date): string {
  const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  if (frequency === 'daily') return `D${day.toISOString().slice(0, 10)}`;
  // ISO 8601 week: the week with the year's first Thursday is week 1; weeks start on Monday.
  const weekday = day.getUTCDay() || 7;
  const thursday = new Date(day.getTime() + (4 - weekday) * DAY_MS);
  const yearStart = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  const week = Math.floor((thursday.getTime() - yearStart) / DAY_MS / 7) + 1;
  return `W${thursday.getUTCFullYear()}-${String(week).padStart(2, '0')}`;
}

/** What a digest covers: since the last one sent, at most one period back. */
export function coveredSince(frequency: DigestSchedule, now: Date, lastSentAt: Date | null): Date {
  const floor = now.getTime() - PERIOD_MS[frequency];
  return new Date(Math.max(floor, lastSentAt?.getTime() ?? floor));
}
